"""A seccomp filter for the worker: what Landlock and rlimits do not cover.

Installed after fork, with the worker's own pid known (`install(pid)`); needs no_new_privs
already set. The filter refuses, with EPERM:

- new processes and programs: fork, vfork, execve, execveat, ptrace, and clone without
  CLONE_THREAD (threads stay allowed; RLIMIT_NPROC does not bind root); clone3 answers
  ENOSYS so that libc falls back to clone, whose flags a filter can read;
- new sockets: socket and io_uring (which can open sockets without the socket call); the
  worker only talks over the socket it inherited;
- acting on any process but itself (the rule: a call that names a process may name only
  the worker): kill only to its own pid, 0 or its own group (-pid), tgkill only inside its
  own thread group; prlimit64, sched_setaffinity/setscheduler/setparam/setattr and
  setpriority only with pid 0 or its own; tkill, sigqueue, pidfd calls, process_vm_*,
  process_madvise, process_mrelease, kcmp, ioprio_set, migrate_pages, move_pages and
  get_robust_list not at all; nor the fcntl and ioctl commands that make the kernel signal a
  process named by the caller (F_SETOWN, F_SETOWN_EX, F_SETSIG, F_SETLEASE, F_NOTIFY,
  FIOSETOWN, SIOCSPGRP, FIOASYNC, TIOCSPGRP);
- memory the address-space limit does not count: memfd_create, memfd_secret, System V
  shared memory, message queues and semaphores, POSIX message queues;
- watching files it cannot open (inotify, fanotify), which would reveal other students'
  file names and times;
- administration a root worker could otherwise do: reboot, kernel modules, mounts,
  namespaces, clocks, host name, keyrings, bpf, perf, userfaultfd, open_by_handle_at;
- changing file metadata, which Landlock does not mediate: chmod, chown, utime(s),
  setxattr and removexattr (a root worker owns the repository's files);
- any other syscall ABI (32-bit int 0x80 on x86_64, x32), which would otherwise bypass
  every rule here.

Standard library only (imported by the worker under `python -I`).
"""
from __future__ import annotations

import ctypes
import errno
import platform

PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
CLONE_THREAD = 0x00010000
X32_SYSCALL_BIT = 0x40000000
LD_W_ABS, JA, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x05, 0x15, 0x35, 0x45, 0x06
OFF_NR, OFF_ARCH, OFF_ARG0, OFF_ARG1 = 0, 4, 16, 24   # seccomp_data; args' low words (little endian)

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}

# name: (x86_64, aarch64); None where the architecture has no such call. Numbers from
# asm/unistd_64.h (x86_64) and asm-generic/unistd.h (aarch64); >= 424 are common to both.
SYSCALLS = {
    "clone": (56, 220), "clone3": (435, 435), "kill": (62, 129), "tgkill": (234, 131),
    # calls that name a process: allowed on the worker itself only
    "prlimit64": (302, 261), "sched_setaffinity": (203, 122), "sched_setscheduler": (144, 119),
    "sched_setparam": (142, 118), "sched_setattr": (314, 274), "setpriority": (141, 140),
    # calls whose command can make the kernel signal a process
    "fcntl": (72, 25), "ioctl": (16, 29),
    # processes and programs
    "fork": (57, None), "vfork": (58, None), "execve": (59, 221), "execveat": (322, 281),
    "ptrace": (101, 117),
    # sockets
    "socket": (41, 198), "io_uring_setup": (425, 425), "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    # signals and other processes
    "tkill": (200, 130), "rt_sigqueueinfo": (129, 138), "rt_tgsigqueueinfo": (297, 240),
    "pidfd_send_signal": (424, 424), "pidfd_open": (434, 434), "pidfd_getfd": (438, 438),
    "process_vm_readv": (310, 270), "process_vm_writev": (311, 271), "process_madvise": (440, 440),
    "kcmp": (312, 272), "process_mrelease": (448, 448), "ioprio_set": (251, 30),
    "migrate_pages": (256, 238), "move_pages": (279, 239), "get_robust_list": (274, 100),
    # memory the address-space limit does not count, and watching files
    "memfd_create": (319, 279), "memfd_secret": (447, 447), "shmget": (29, 194), "msgget": (68, 186),
    "semget": (64, 190), "mq_open": (240, 180),
    "inotify_init": (253, None), "inotify_init1": (294, 26), "inotify_add_watch": (254, 27),
    "fanotify_init": (300, 262), "fanotify_mark": (301, 263),
    # administration
    "reboot": (169, 142), "init_module": (175, 105), "finit_module": (313, 273),
    "delete_module": (176, 106), "kexec_load": (246, 104), "kexec_file_load": (320, 294),
    "mount": (165, 40), "umount2": (166, 39), "pivot_root": (155, 41), "chroot": (161, 51),
    "open_tree": (428, 428), "move_mount": (429, 429), "fsopen": (430, 430), "fsconfig": (431, 431),
    "fsmount": (432, 432), "fspick": (433, 433), "mount_setattr": (442, 442),
    "unshare": (272, 97), "setns": (308, 268), "swapon": (167, 224), "swapoff": (168, 225),
    "sethostname": (170, 161), "setdomainname": (171, 162), "settimeofday": (164, 170),
    "clock_settime": (227, 112), "clock_adjtime": (305, 266), "adjtimex": (159, 171),
    "add_key": (248, 217), "request_key": (249, 218), "keyctl": (250, 219), "bpf": (321, 280),
    "perf_event_open": (298, 241), "userfaultfd": (323, 282), "acct": (163, 89),
    "quotactl": (179, 60), "syslog": (103, 116), "iopl": (172, None), "ioperm": (173, None),
    "name_to_handle_at": (303, 264), "open_by_handle_at": (304, 265),
    "mknod": (133, None), "mknodat": (259, 33),
    # file metadata
    "chmod": (90, None), "fchmod": (91, 52), "fchmodat": (268, 53), "fchmodat2": (452, 452),
    "chown": (92, None), "fchown": (93, 55), "lchown": (94, None), "fchownat": (260, 54),
    "utime": (132, None), "utimes": (235, None), "futimesat": (261, None), "utimensat": (280, 88),
    "setxattr": (188, 5), "lsetxattr": (189, 6), "fsetxattr": (190, 7), "setxattrat": (463, 463),
    "removexattr": (197, 14), "lremovexattr": (198, 15), "fremovexattr": (199, 16),
    "removexattrat": (466, 466),
}
SELF_ONLY = ("prlimit64", "sched_setaffinity", "sched_setscheduler", "sched_setparam", "sched_setattr")
SPECIAL = ("clone", "clone3", "kill", "tgkill", "setpriority", "fcntl", "ioctl") + SELF_ONLY
# fcntl commands that make the kernel send a signal to a process of the caller's choosing
# (SIGIO or any signal, on I/O or on a lease break or directory change): F_SETOWN,
# F_SETSIG, F_SETOWN_EX, F_SETLEASE, F_NOTIFY
FCNTL_DENIED = (8, 10, 15, 1024, 1026)
# ioctl commands with the same effect: FIOSETOWN, SIOCSPGRP, FIOASYNC, TIOCSPGRP
IOCTL_DENIED = (0x8901, 0x8902, 0x5452, 0x5410)
DENIED = tuple(n for n in SYSCALLS if n not in SPECIAL)


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8),
                ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(SockFilter))]


def assemble(items) -> list[tuple[int, int, int, int]]:
    """Resolve labels: items are ("label", name) or (code, jt, jf, k), where jt/jf may
    name a later label. Classic BPF only jumps forward, by at most 255."""
    where, n = {}, 0
    for it in items:
        if it[0] == "label":
            where[it[1]] = n
        else:
            n += 1
    out = []
    for it in items:
        if it[0] == "label":
            continue
        code, jt, jf, k = it
        i = len(out)
        offs = []
        for j in (jt, jf):
            off = where[j] - i - 1 if isinstance(j, str) else j
            if not 0 <= off <= 255:
                raise ValueError(f"BPF jump out of range at {i}: {off}")
            offs.append(off)
        out.append((code, offs[0], offs[1], k))
    return out


def program(machine: str, pid: int) -> list[tuple[int, int, int, int]]:
    """The filter for `machine` ("x86_64" or "aarch64") confining the process `pid`."""
    col = {"x86_64": 0, "aarch64": 1}[machine]
    nr = {name: nums[col] for name, nums in SYSCALLS.items() if nums[col] is not None}
    pid &= 0xFFFFFFFF
    items = [(LD_W_ABS, 0, 0, OFF_ARCH),
             (JEQ_K, 0, "deny", AUDIT_ARCH[machine]),       # another ABI: refuse everything
             (LD_W_ABS, 0, 0, OFF_NR)]
    if machine == "x86_64":
        items.append((JGE_K, "deny", 0, X32_SYSCALL_BIT))   # x32 numbering
    items.append((JEQ_K, "enosys", 0, nr["clone3"]))
    items += [(JEQ_K, "deny", 0, nr[name]) for name in DENIED if name in nr]
    items += [(JEQ_K, "self_only", 0, nr[name]) for name in SELF_ONLY]
    items += [(JEQ_K, "kill", 0, nr["kill"]),
              (JEQ_K, "tgkill", 0, nr["tgkill"]),
              (JEQ_K, "clone", 0, nr["clone"]),
              (JEQ_K, "setpriority", 0, nr["setpriority"]),
              (JEQ_K, "fcntl", 0, nr["fcntl"]),
              (JEQ_K, "ioctl", 0, nr["ioctl"]),
              (RET_K, 0, 0, RET_ALLOW),
              ("label", "self_only"),                      # call(pid, ...): 0 or its own pid
              (LD_W_ABS, 0, 0, OFF_ARG0),
              (JEQ_K, "allow", 0, 0),
              (JEQ_K, "allow", "deny", pid),
              ("label", "setpriority"),                    # setpriority(PRIO_PROCESS, 0 or self)
              (LD_W_ABS, 0, 0, OFF_ARG0),
              (JEQ_K, "self_only_arg1", "deny", 0),
              ("label", "self_only_arg1"),
              (LD_W_ABS, 0, 0, OFF_ARG1),
              (JEQ_K, "allow", 0, 0),
              (JEQ_K, "allow", "deny", pid),
              ("label", "fcntl"),
              (LD_W_ABS, 0, 0, OFF_ARG1)]
    items += [(JEQ_K, "deny", 0, cmd) for cmd in FCNTL_DENIED]
    items += [(RET_K, 0, 0, RET_ALLOW),
              ("label", "ioctl"),
              (LD_W_ABS, 0, 0, OFF_ARG1)]
    items += [(JEQ_K, "deny", 0, cmd) for cmd in IOCTL_DENIED]
    items += [(RET_K, 0, 0, RET_ALLOW),
              ("label", "kill"),                           # kill(pid, sig): self, 0 or -self
              (LD_W_ABS, 0, 0, OFF_ARG0),
              (JEQ_K, "allow", 0, pid),
              (JEQ_K, "allow", 0, 0),
              (JEQ_K, "allow", "deny", (-pid) & 0xFFFFFFFF),
              ("label", "tgkill"),                         # tgkill(tgid, tid, sig): own group
              (LD_W_ABS, 0, 0, OFF_ARG0),
              (JEQ_K, "allow", "deny", pid),
              ("label", "clone"),                          # clone(flags, ...): threads only
              (LD_W_ABS, 0, 0, OFF_ARG0),
              (JSET_K, "allow", "deny", CLONE_THREAD),
              ("label", "allow"),
              (RET_K, 0, 0, RET_ALLOW),
              ("label", "deny"),
              (RET_K, 0, 0, RET_ERRNO | errno.EPERM),
              ("label", "enosys"),
              (RET_K, 0, 0, RET_ERRNO | errno.ENOSYS)]
    return assemble(items)


def install(pid: int) -> bool:
    """Install the filter for this process (`pid` is its own pid). True when active."""
    machine = platform.machine()
    if machine not in AUDIT_ARCH:
        return False
    prog = program(machine, pid)
    arr = (SockFilter * len(prog))(*[SockFilter(*ins) for ins in prog])
    fprog = SockFprog(len(prog), arr)
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
