"""The sandbox API the notebook pipeline relies on, from the outside."""
import os
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.sandbox import (BadValue, CallTimeout, Limits, ReplyRejected, Sandbox, StaleHandle,
                                StudentException, WorkerCrashed, Zygote, read_only_paths)

REPO = Path(__file__).resolve().parents[2]

CODE = '''
import numpy as np
answer = "tanh"
rate = 0.5
count = 3
series = [1.0, 2.5]
arr = np.arange(4.0)
obj = object()
def add(a, b, scale=1.0):
    return (a + b) * scale
def keep(a):
    return a.sum(), {"secret": a}
def use(c):
    return c["secret"] * 2
def fail():
    return helper()
def helper():
    raise KeyError("missing")
def crash():
    import os
    os._exit(3)
def big():
    return np.zeros(10**6)
def write_and_read():
    with open("note.txt", "w") as f:
        f.write("ok")
    return open("note.txt").read()
'''


@pytest.fixture(scope="module")
def zygote():
    z = Zygote()
    yield z
    z.close()


@pytest.fixture
def sb(zygote):
    s = Sandbox(zygote=zygote, limits=Limits(call_seconds=2, max_reply=1 << 20))
    s.load_source(CODE, "student.py")
    yield s
    s.close()


def test_values_come_back_as_plain_data(sb):
    assert sb.get_value("answer") == "tanh" and sb.get_value("rate") == 0.5
    assert sb.get_value("count") == 3 and sb.get_value("series") == [1.0, 2.5]
    arr = sb.get_value("arr")
    assert type(arr) is np.ndarray and arr.dtype == np.float64 and arr.flags.writeable
    assert isinstance(sb.get_value("obj"), BadValue)
    out = sb.call("add", np.ones(3), np.ones(3), scale=2.0)
    assert np.array_equal(out, [4.0, 4.0, 4.0])


def test_kept_objects_stay_in_the_worker(sb):
    total, handle = sb.call("keep", np.arange(3.0), keep=(1,))
    assert total == 3.0 and not isinstance(handle, (dict, BadValue))
    assert np.array_equal(sb.call("use", handle), [0.0, 2.0, 4.0])


def test_student_traceback_shows_only_their_frames(sb):
    with pytest.raises(StudentException) as e:
        sb.call("fail")
    tb = e.value.details["traceback"]
    assert 'File "student.py"' in tb and "helper" in tb and "KeyError" in tb
    assert "worker.py" not in tb and "autograder" not in tb


def test_crash_restart_replays_sources_and_stales_handles(sb):
    _, handle = sb.call("keep", np.arange(3.0), keep=(1,))
    with pytest.raises(WorkerCrashed, match="exited with code 3 while running crash"):
        sb.call("crash")
    assert sb.get_value("answer") == "tanh" and sb.restarts == 1
    with pytest.raises(StaleHandle):
        sb.call("use", handle)


def test_reply_size_is_bounded(sb):
    with pytest.raises(ReplyRejected, match="exceeds"):
        sb.call("big")
    assert sb.call("add", np.ones(1), np.ones(1))[0] == 2.0


def test_timeout_kills_and_recovers(zygote):
    with Sandbox(zygote=zygote, limits=Limits(call_seconds=0.5)) as s:
        s.load_source("def spin():\n    while True:\n        pass\n")
        t = time.monotonic()
        with pytest.raises(CallTimeout, match="spin ran longer than 0.5 s"):
            s.call("spin")
        assert time.monotonic() - t < 3
        assert s.get_value("spin") is not None


def test_inputs_are_read_only_unless_asked(sb):
    sb.load_source("def inplace(a):\n    a += 1\n    return a\n", "student2.py")
    with pytest.raises(StudentException, match="read-only"):
        sb.call("inplace", np.zeros(2))
    value, after = sb.call_full("inplace", np.zeros(2), writable=True)
    assert np.array_equal(after[0], [1.0, 1.0])


def test_scratch_is_writable_and_the_repo_is_not_readable(sb):
    assert sb.call("write_and_read") == "ok"
    if not sb.protections.get("fs"):
        pytest.skip("Landlock unavailable")
    sb.load_source(f"def peek():\n    return open({str(REPO / 'pyproject.toml')!r}).read()\n", "p.py")
    # refused by Landlock, or not there at all in the worker's own view of the file system
    with pytest.raises(StudentException, match="PermissionError|FileNotFoundError"):
        sb.call("peek")


def test_repo_is_never_granted():
    for p in read_only_paths():
        assert not (REPO == Path(p) or Path(p) in REPO.parents), p


def test_protections_are_reported(sb):
    p = sb.protections
    assert {"landlock_abi", "fs", "net", "seccomp", "rlimits"} <= set(p)
    assert "RLIMIT_AS" in p["rlimits"] and "RLIMIT_CPU" in p["rlimits"]
    print(p)


def test_environment_is_scrubbed(sb):
    os.environ["AG_SECRET_TEST"] = "1"
    sb.load_source("import os\nenv = sorted(os.environ)\n", "e.py")
    assert "AG_SECRET_TEST" not in sb.get_value("env")


OPEN_FDS = """
import os
def _open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
fds = [fd for fd in range(1024) if _open(fd)]
"""


def test_preloaded_modules_are_imported_before_the_student_runs():
    """The zygote imports the trusted side's modules once; each worker starts with them, a
    name that is no module is skipped, and nothing the imports opened stays open."""
    with Zygote(preload=("json.tool", "no_such_module_here", "os; import sys")) as z:
        s = Sandbox(zygote=z)
        s.start()
        try:
            s.load_source("import sys, os\nloaded = sorted(m for m in ('json.tool', 'no_such_module_here') "
                          "if m in sys.modules)\n" + OPEN_FDS, "c.py")
            assert s.get_value("loaded") == ["json.tool"]
            fds = s.get_value("fds")
        finally:
            s.close()
        log = (z.scratch / "zygote.log").read_text()
    with Zygote() as plain:
        s = Sandbox(zygote=plain)
        s.start()
        try:
            s.load_source(OPEN_FDS, "c.py")
            assert s.get_value("fds") == fds
        finally:
            s.close()
    assert "no_such_module_here" in log and "import sys" not in log


def test_a_preloaded_module_that_starts_a_thread_makes_the_zygote_start_again_without_any(tmp_path):
    """A fork copies one thread and every lock the others hold: a zygote whose preloading
    started a thread begins again as a fresh process that preloads nothing, and says so."""
    import json
    import socket
    import subprocess
    import sys

    from autograder.sandbox.client import WORKER

    grants = tmp_path / "grants.json"
    grants.write_text(json.dumps({"readable": [], "listable": [],
                                  "options": {"preload": ["json", "starts_a_thread"]}}))
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    # the zygote's own code, where importing `starts_a_thread` leaves a thread running
    starter = f"""
import importlib.abc, importlib.util, runpy, sys, threading, time

class StartsAThread(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        return importlib.util.spec_from_loader(name, self) if name == "starts_a_thread" else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()

sys.meta_path.insert(0, StartsAThread())
sys.argv = [{str(WORKER)!r}, {str(theirs.fileno())!r}, {str(grants)!r}]
runpy.run_path({str(WORKER)!r}, run_name="__main__")
"""
    proc = subprocess.Popen([sys.executable, "-I", "-B", "-c", starter], pass_fds=(theirs.fileno(),),
                            stderr=subprocess.PIPE, cwd=tmp_path)
    theirs.close()
    try:
        ours.settimeout(30)
        ready = json.loads(ours.recv(1 << 16))
        assert ready["ready"] and ready["preloaded"] == []
    finally:
        ours.close()
        proc.wait(10)
    assert "starts again without preloading" in proc.stderr.read().decode()


def test_the_zygote_says_what_it_preloaded():
    with Zygote(preload=("json", "no_such_module_here")) as z:
        assert z.info["preloaded"] == ["json"]
