"""Landlock (Linux >= 5.13) through raw syscalls, and PR_SET_NO_NEW_PRIVS.

`restrict(read_only, read_write, list_only)` confines the calling process (and its future
children) to reading under `read_only`, reading and writing under `read_write`, listing
(not reading) the directories `list_only` and those beneath them, and, with ABI >= 4,
no TCP bind/connect; with ABI >= 6 it also may not signal processes outside its domain.
Standard library only: the worker imports this under `python -I`.
"""
from __future__ import annotations

import ctypes
import os
import platform

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2

FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
READ = EXECUTE | READ_FILE | READ_DIR


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _syscall(*args) -> int:
    return _libc.syscall(*[ctypes.c_long(a) if isinstance(a, int) else a for a in args])


def abi_version() -> int:
    """Landlock ABI of the running kernel, 0 when unavailable."""
    if platform.machine() not in ("x86_64", "aarch64"):
        return 0
    r = _syscall(SYS_CREATE_RULESET, None, 0, CREATE_RULESET_VERSION)
    return max(int(r), 0)


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def no_new_privs() -> bool:
    return _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0


def restrict(read_only, read_write, list_only=(), abi_max: int | None = None) -> dict:
    """Confine this process. Returns a report: {"landlock_abi", "fs", "net", "signals"}.

    `abi_max` uses no more than that ABI, as an older kernel would (the trusted side sets
    it for tests of what holds there).

    Paths that do not exist are skipped. Raises OSError if the kernel refuses a step
    after the ruleset was created (the caller should then not run student code)."""
    abi = abi_version()
    if abi_max is not None:
        abi = min(abi, abi_max)
    report = {"landlock_abi": abi, "fs": False, "net": False, "signals": False}
    if abi < 1:
        return report
    handled = _fs_rights(abi)
    attr = RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                       SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    fd = _syscall(SYS_CREATE_RULESET, ctypes.byref(attr), size, 0)
    if fd < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for paths, rights in ((read_only, READ), (read_write, handled), (list_only, READ_DIR)):
            for p in paths:
                try:
                    pfd = os.open(p, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights & handled
                    if not os.path.isdir(p):
                        allowed &= FILE_ONLY
                    rule = PathBeneathAttr(allowed, pfd)
                    if _syscall(SYS_ADD_RULE, fd, RULE_PATH_BENEATH, ctypes.byref(rule), 0) != 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {p}")
                finally:
                    os.close(pfd)
        if not no_new_privs():
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if _syscall(SYS_RESTRICT_SELF, fd, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(fd)
    report.update(fs=True, net=abi >= 4, signals=abi >= 6)
    return report
