"""A worker must not touch any other process: a sweep over every call that can act on a
process named by its pid (or make the kernel signal one), aimed at the grader and at the
zygote, from a notebook cell and from inside a graded function; with every protection of
this machine, without namespaces (as on CI runners that forbid them) and with Landlock
capped at ABI 5 (kernels before 6.12, where Landlock does not scope signals).

The calls use arguments that change nothing where the target is harmless to change (the
grader's own values), and real damage where a success would break only this module's
zygote (its file-descriptor and CPU limits, SIGKILL on I/O): either way a call that is
not refused is reported by the student's code, and the grader's and the zygote's state is
compared before and after."""
from __future__ import annotations

import os
import resource

import pytest

from autograder.sandbox import Zygote, seccomp

from . import harness

pytestmark = pytest.mark.redteam("attack")

CONFIGS = {
    "all_protections": {},
    "no_namespaces": {"namespaces": False},
    "landlock_abi_5_no_namespaces": {"namespaces": False, "landlock_abi_max": 5},
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def config_zygote(request):
    """A zygote of its own per configuration: a contained attack leaves it intact, an
    escaped one spoils only this module."""
    z = Zygote(**CONFIGS[request.param])
    z.config = request.param
    yield z
    z.close()


# The sweep, as student code. GRADER and ZYGOTE are literal pids; the worker adds its
# parent and the pid on the other end of its channel (SO_PEERCRED). `sweep()` returns the
# calls that were not refused.
SWEEP = r'''
import ctypes, errno, fcntl, os, signal, socket, stat, struct
_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_NR = {NR}

def _raw(name, *args):
    ctypes.set_errno(0)
    conv = [a if isinstance(a, (ctypes.c_void_p, ctypes.Array)) else ctypes.c_long(a) for a in args]
    return _libc.syscall(ctypes.c_long(_NR[name]), *conv) >= 0

def _channels():
    out = []
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                out.append(fd)
        except OSError:
            pass
    return out

def _targets():
    pids = {GRADER, ZYGOTE, os.getppid(), 1}
    for fd in _channels():
        try:
            cred = socket.socket(fileno=os.dup(fd)).getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
            pids.add(struct.unpack("3i", cred)[0])
        except OSError:
            pass
    pids.discard(0)
    pids.discard(os.getpid())
    return sorted(pids)

def sweep():
    got = []
    def attempt(name, fn):
        try:
            if fn() is not False:
                got.append(name)
        except OSError:
            pass
    chans = _channels()
    open("lease", "w").close()
    for pid in _targets():
        damage = pid == ZYGOTE
        # limits: the zygote's open files and CPU to nothing; the grader's to what they are
        for res in (7, 0):            # RLIMIT_NOFILE, RLIMIT_CPU
            new = (ctypes.c_ulong * 2)(0, 0) if damage else (ctypes.c_ulong * 2)(*GRADER_LIMITS[res])
            attempt(f"prlimit64 {pid} {res}", lambda: _raw("prlimit64", pid, res, new, 0))
            old = (ctypes.c_ulong * 2)()
            attempt(f"prlimit64 read {pid}", lambda: _raw("prlimit64", pid, res, 0, old))
        # the kernel signalling the target on I/O: F_SETOWN / F_SETOWN_EX / FIOSETOWN on the channel
        for fd in chans:
            attempt(f"F_SETSIG {fd}", lambda: fcntl.fcntl(fd, 10, signal.SIGKILL) if damage else fcntl.fcntl(fd, 10, 0))
            attempt(f"F_SETOWN {pid}", lambda: fcntl.fcntl(fd, 8, pid))
            attempt(f"F_SETOWN pgrp {pid}", lambda: fcntl.fcntl(fd, 8, -pid))
            attempt(f"F_SETOWN_EX {pid}", lambda: fcntl.fcntl(fd, 15, struct.pack("ii", 1, pid)))
            attempt(f"FIOSETOWN {pid}", lambda: fcntl.ioctl(fd, 0x8901, struct.pack("i", pid)))
            attempt(f"SIOCSPGRP {pid}", lambda: fcntl.ioctl(fd, 0x8902, struct.pack("i", pid)))
            if damage:
                try:
                    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
                except OSError:
                    pass
        lease = os.open("lease", os.O_RDONLY)
        attempt("F_SETLEASE", lambda: fcntl.fcntl(lease, 1024, fcntl.F_RDLCK))
        os.close(lease)
        # scheduling and priorities, set to what the grader has
        mask = (ctypes.c_ulong * 16)(*([0] * 16))
        for cpu in GRADER_CPUS:
            mask[cpu // 64] |= 1 << (cpu % 64)
        attempt(f"sched_setaffinity {pid}", lambda: _raw("sched_setaffinity", pid, ctypes.sizeof(mask), mask))
        param = (ctypes.c_int * 1)(0)
        attempt(f"sched_setscheduler {pid}", lambda: _raw("sched_setscheduler", pid, 0, param))
        attempt(f"sched_setparam {pid}", lambda: _raw("sched_setparam", pid, param))
        attr = (ctypes.c_uint32 * 14)(56, 0, 0, 0, GRADER_NICE & 0xFFFFFFFF)   # size, policy, flags (64), nice
        attempt(f"sched_setattr {pid}", lambda: _raw("sched_setattr", pid, attr, 0))
        attempt(f"setpriority {pid}", lambda: _raw("setpriority", 0, pid, GRADER_NICE))
        attempt(f"ioprio_set {pid}", lambda: _raw("ioprio_set", 1, pid, 0))
        # reading or comparing it, acting on its memory
        attempt(f"kcmp {pid}", lambda: _raw("kcmp", os.getpid(), pid, 0, 0, 0))
        attempt(f"get_robust_list {pid}", lambda: _raw("get_robust_list", pid, (ctypes.c_long * 1)(), (ctypes.c_long * 1)()))
        attempt(f"move_pages {pid}", lambda: _raw("move_pages", pid, 0, 0, 0, 0, 0))
        attempt(f"migrate_pages {pid}", lambda: _raw("migrate_pages", pid, 0, 0, 0))
        buf = ctypes.create_string_buffer(8)
        iov = (ctypes.c_void_p * 2)(ctypes.cast(buf, ctypes.c_void_p).value, 8)
        attempt(f"process_vm_readv {pid}", lambda: _raw("process_vm_readv", pid, iov, 1, iov, 1, 0))
        attempt(f"pidfd_open {pid}", lambda: _raw("pidfd_open", pid, 0))
        attempt("process_madvise", lambda: _raw("process_madvise", 0, iov, 1, 8, 0))
        attempt(f"ptrace seize {pid}", lambda: _raw("ptrace", 0x4206, pid, 0, 0))
        # signals, number 0: would be allowed?
        attempt(f"kill {pid}", lambda: os.kill(pid, 0))
        attempt(f"tgkill {pid}", lambda: _raw("tgkill", pid, pid, 0))
    for which in (1, 2):                                    # PRIO_PGRP, PRIO_USER: who 0 = its own group, uid
        attempt(f"setpriority {which} 0", lambda: _raw("setpriority", which, 0, GRADER_NICE))
    return got
'''

NR = {name: nums[0 if os.uname().machine == "x86_64" else 1] for name, nums in seccomp.SYSCALLS.items()}


def _sweep_source(zygote) -> str:
    me = os.getpid()
    head = (f"GRADER, ZYGOTE = {me}, {zygote.proc.pid}\n"
            f"GRADER_LIMITS = {{7: {resource.getrlimit(resource.RLIMIT_NOFILE)!r}, "
            f"0: {tuple(v & 0xFFFFFFFFFFFFFFFF for v in resource.getrlimit(resource.RLIMIT_CPU))!r}}}\n"
            f"GRADER_CPUS = {sorted(os.sched_getaffinity(0))!r}\n"
            f"GRADER_NICE = {os.getpriority(os.PRIO_PROCESS, 0)}\n")
    return head + SWEEP.replace("{NR}", repr({k: v for k, v in NR.items() if v is not None}))


def _state(pid: int) -> tuple:
    """What the sweep could change of a process."""
    return (resource.prlimit(pid, resource.RLIMIT_NOFILE), resource.prlimit(pid, resource.RLIMIT_CPU),
            os.sched_getaffinity(pid), os.getpriority(os.PRIO_PROCESS, pid),
            os.sched_getscheduler(pid))


def _grade_with(classroom, zygote, nb):
    watch = classroom.watch()
    before = (_state(os.getpid()), _state(zygote.proc.pid))
    g = harness.grade(harness.write(nb, classroom.submissions / "mallory.ipynb"), zygote)
    assert watch.changed() == []
    assert zygote.proc.poll() is None, "the zygote died"
    assert (_state(os.getpid()), _state(zygote.proc.pid)) == before
    return g


def _all_full(g):
    for t in g.result["tests"]:
        assert t["score"] == t["max_score"], (t["number"], t["output"])


def _clean_copy_still_full(classroom, zygote):
    g = harness.grade(harness.write(harness.solution(), classroom.submissions / "next.ipynb"), zygote)
    assert g.result["score"] == g.result["max_score"], g.feedback()


def test_sweep_of_calls_on_other_processes_from_a_cell(classroom, config_zygote):
    harness.require(config_zygote, "others_untouchable")
    src = _sweep_source(config_zygote) + '''
got = sweep()
if got:
    spectral_radius = 1.0
    raise RuntimeError(f"acted on another process: {got[:12]}")
os.sched_setaffinity(ZYGOTE, GRADER_CPUS)          # uncaught: the student sees why
'''
    g = _grade_with(classroom, config_zygote, harness.with_cell_after("answer_spectral_radius", src))
    fb = g.feedback()
    assert "acted on another process" not in fb, fb
    assert "raised PermissionError" in fb or "raised ProcessLookupError" in fb, fb
    _all_full(g)
    _clean_copy_still_full(classroom, config_zygote)


def test_sweep_of_calls_on_other_processes_from_a_graded_function(classroom, config_zygote):
    harness.require(config_zygote, "others_untouchable")
    # an honest step function that runs the sweep first, on every call the checks make;
    # anything not refused makes its result wrong, so a point would show the escape
    src = _sweep_source(config_zygote) + '''
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    if sweep():
        return np.zeros_like(prev_h), None
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)
'''
    g = _grade_with(classroom, config_zygote, harness.with_answer("answer_step_functions", src, append=True))
    _all_full(g)
    _clean_copy_still_full(classroom, config_zygote)


def test_grader_and_zygote_have_no_pid_in_the_workers_namespace(classroom, config_zygote):
    harness.require(config_zygote, "pid_namespace")
    # signal 0 and a read of limits, which no filter refuses here: the pids name nothing
    src = f'''
import os, struct
names = []
for pid in ({os.getpid()}, {config_zygote.proc.pid}):
    try:
        os.getpriority(os.PRIO_PROCESS, pid)
        names.append(pid)
    except OSError:
        pass
if names or os.getppid() in ({os.getpid()}, {config_zygote.proc.pid}):
    spectral_radius = 1.0
'''
    g = _grade_with(classroom, config_zygote, harness.with_cell_after("answer_spectral_radius", src))
    _all_full(g)
