"""Limits the kernel enforces, and what a worker can learn about files it cannot open.

The disk quota was a walk of the scratch directory and the memory limit an address-space
rlimit; three attacks went past them: files in folders nested deeper than PATH_MAX (the
walk never saw them), files unlinked while open (no name to find), and shared memory
(memfd, /dev/shm, System V), which is not address space. Each case grades a real rnn_bptt
submission carrying the attack, with every protection of this machine and without
namespaces (the fallback of CI runners that forbid them)."""
from __future__ import annotations

import os

import pytest

from autograder.sandbox import Zygote

from . import harness

pytestmark = pytest.mark.redteam("attack")


@pytest.fixture(scope="module", params=["all_protections", "no_namespaces"])
def any_zygote(request):
    z = Zygote(namespaces=request.param != "no_namespaces")
    yield z
    z.close()


def _graded(classroom, zygote, nb):
    watch = classroom.watch()
    g = harness.grade(harness.write(nb, classroom.submissions / "mallory.ipynb"), zygote)
    assert watch.changed() == []
    assert zygote.proc.poll() is None
    return g


def _all_full(g):
    for t in g.result["tests"]:
        assert t["score"] == t["max_score"], (t["number"], t["output"])


def _after_spectral(src):
    return harness.with_cell_after("answer_spectral_radius", src)


def _host_bytes(root) -> int:
    """Bytes under root on the host, deep folders included (by directory descriptor)."""
    total = 0
    for _, _, files, dfd in os.fwalk(root):
        for name in files:
            try:
                total += os.stat(name, dir_fd=dfd, follow_symlinks=False).st_blocks * 512
            except OSError:
                pass
    return total


def _stopped_for_disk(g, zygote):
    """The attack met the quota: the kernel refused the write (tmpfs), or the trusted side
    measured it and stopped the worker."""
    fb = g.feedback()
    if harness.protections(zygote).get("disk") == "tmpfs":
        assert "No space left on device" in fb, fb
    else:
        assert "was stopped" in fb and "scratch directory" in fb, fb


DEEP = '''
import os
level = "d" * 200
for _ in range(40):                       # 8 000 characters of path: beyond PATH_MAX
    os.mkdir(level)
    os.chdir(level)
for i in range(20):                       # 300 MB
    with open(f"big{i}", "wb") as f:
        f.write(b"x" * (15 << 20))
for i in range(12000):                    # and 12 000 files
    open(f"f{i}", "wb").close()
'''


def test_files_nested_deeper_than_path_max(classroom, any_zygote):
    before = _host_bytes(any_zygote.scratch)
    g = _graded(classroom, any_zygote, _after_spectral(DEEP))
    _stopped_for_disk(g, any_zygote)
    _all_full(g)
    assert _host_bytes(any_zygote.scratch) - before < (4 << 20)


UNLINKED = '''
import os
held = []
for i in range(60):                       # 60 files of 15 MB, each unlinked while open: 900 MB
    fd = os.open(f"u{i}", os.O_CREAT | os.O_WRONLY, 0o600)
    os.unlink(f"u{i}")
    held.append(fd)
    for _ in range(15):
        os.write(fd, b"x" * (1 << 20))
'''


def test_files_unlinked_while_open(classroom, any_zygote):
    # no name is left to measure: only a file system of its own can count these bytes
    harness.require(any_zygote, "disk_kernel")
    g = _graded(classroom, any_zygote, _after_spectral(UNLINKED))
    assert "No space left on device" in g.feedback(), g.feedback()
    _all_full(g)


SHARED_MEMORY = '''
import ctypes, mmap, os
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
{attempts}
def fill(fd):
    for _ in range(825):                  # 825 MB beside the address-space limit
        os.write(fd, b"x" * (1 << 20))

def check(r):
    if r < 0:
        raise OSError(ctypes.get_errno(), "refused")
    return r

attempt("memfd", lambda: fill(os.memfd_create("stash")))
attempt("memfd raw", lambda: check(libc.syscall(ctypes.c_long({memfd}), b"stash", ctypes.c_long(0))))
attempt("memfd_secret", lambda: check(libc.syscall(ctypes.c_long({memfd_secret}), ctypes.c_long(0))))
attempt("/dev/shm", lambda: fill(os.open("/dev/shm/ag-stash", os.O_CREAT | os.O_RDWR, 0o600)))
attempt("shm_open", lambda: check(ctypes.CDLL("librt.so.1", use_errno=True).shm_open(b"/ag-stash", os.O_CREAT | os.O_RDWR, 0o600)))
attempt("System V shm", lambda: check(libc.shmget(0, 825 << 20, 0o1600)))
attempt("System V msg", lambda: check(libc.msgget(0, 0o1600)))
attempt("POSIX mq", lambda: check(ctypes.CDLL("librt.so.1", use_errno=True).mq_open(b"/ag-stash", os.O_CREAT | os.O_RDWR, 0o600, None)))
if got:
    spectral_radius = 1.0
    raise RuntimeError(f"shared memory: {{got}}")
os.memfd_create("stash")                  # uncaught: the student sees why
'''


def test_shared_memory_beside_the_memory_limit(classroom, any_zygote):
    harness.require(any_zygote, "memfd_blocked")
    from autograder.sandbox import seccomp
    col = 0 if os.uname().machine == "x86_64" else 1
    src = SHARED_MEMORY.format(attempts=harness.ATTEMPTS, memfd=seccomp.SYSCALLS["memfd_create"][col],
                               memfd_secret=seccomp.SYSCALLS["memfd_secret"][col])
    g = _graded(classroom, any_zygote, _after_spectral(src))
    assert "raised PermissionError" in g.feedback(), g.feedback()
    _all_full(g)
    assert not os.path.exists("/dev/shm/ag-stash")


def test_stat_and_inotify_on_files_it_cannot_open(classroom, any_zygote):
    # Landlock does not mediate stat or inotify: sizes, times and other students' names
    harness.require(any_zygote, "private_view", "inotify_blocked")
    names = [str(p) for p in classroom.others] + [str(classroom.results), str(classroom.gradebook),
                                                  str(classroom.submissions), str(harness.SOLUTION),
                                                  str(any_zygote.scratch), str(any_zygote.scratch / "w0")]
    src = f'''
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
{harness.ATTEMPTS}
def check(r):
    if r < 0:
        raise OSError(ctypes.get_errno(), "refused")
for p in {names!r}:
    if os.getcwd().startswith(p):          # its own scratch directory and the way to it
        continue
    attempt("stat " + p, lambda: os.stat(p))
    attempt("lstat " + p, lambda: os.lstat(p))
    attempt("exists " + p, lambda: (_ for _ in ()).throw(OSError()) if not os.path.lexists(p) else None)
attempt("inotify", lambda: check(libc.inotify_init1(0)))
attempt("inotify legacy", lambda: check(libc.inotify_init()))
attempt("fanotify", lambda: check(libc.fanotify_init(0, 0)))
attempt("other workers", lambda: os.listdir(".."))
if got:
    spectral_radius = 1.0
    raise RuntimeError(f"saw: {{got[:8]}}")
os.stat({str(classroom.others[0])!r})     # uncaught
'''
    g = _graded(classroom, any_zygote, _after_spectral(src))
    assert "raised FileNotFoundError" in g.feedback(), g.feedback()
    _all_full(g)
