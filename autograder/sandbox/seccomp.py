"""A small seccomp filter: no new processes and no exec for student code.

RLIMIT_NPROC does not bind root, so the worker also refuses fork, vfork, clone without
CLONE_THREAD (threads stay allowed), execve and ptrace; clone3 answers ENOSYS so libc falls
back to clone. Standard library only (imported by the worker under `python -I`).
"""
from __future__ import annotations

import ctypes
import errno
import platform

PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
CLONE_THREAD = 0x00010000
LD_W_ABS, JEQ_K, JSET_K, RET_K = 0x20, 0x15, 0x45, 0x06

# arch: (AUDIT_ARCH, clone, [blocked], clone3)
_ARCH = {
    "x86_64": (0xC000003E, 56, [57, 58, 59, 322, 101], 435),   # fork vfork execve execveat ptrace
    "aarch64": (0xC00000B7, 220, [221, 281, 117], 435),         # execve execveat ptrace
}


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8),
                ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(SockFilter))]


def _program(arch, clone, blocked, clone3):
    deny = RET_ERRNO | errno.EPERM
    prog = [(LD_W_ABS, 0, 0, 4)]                       # seccomp_data.arch
    body = [(LD_W_ABS, 0, 0, 0), (JEQ_K, 0, 1, clone3), (RET_K, 0, 0, RET_ERRNO | errno.ENOSYS)]
    for nr in blocked:
        body += [(JEQ_K, 0, 1, nr), (RET_K, 0, 0, deny)]
    body += [(JEQ_K, 0, 3, clone),
             (LD_W_ABS, 0, 0, 16),                     # low word of args[0] (flags)
             (JSET_K, 1, 0, CLONE_THREAD),
             (RET_K, 0, 0, deny),
             (RET_K, 0, 0, RET_ALLOW)]
    prog.append((JEQ_K, 0, len(body) - 1, arch))        # another ABI: jump to the final allow
    return prog + body


def forbid_new_processes() -> bool:
    """Install the filter (needs no_new_privs already set). True when active."""
    spec = _ARCH.get(platform.machine())
    if spec is None:
        return False
    prog = _program(*spec)
    arr = (SockFilter * len(prog))(*[SockFilter(*ins) for ins in prog])
    fprog = SockFprog(len(prog), arr)
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
