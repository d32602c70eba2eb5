"""Hostile or broken submissions: the function fails with a clear message, the others are
still graded, the grader never crashes, and each case ends within its limit + a few s."""
import socket
import time
from pathlib import Path

import pytest

from autograder.numeric.grade_py import grade_source
from autograder.sandbox import Limits, Sandbox

LIMIT = 1.0
REPO_FILE = Path(__file__).resolve()


def protections(zygote):
    with Sandbox(zygote=zygote) as sb:
        return sb.protections


def override(body, name="rnn_backward", args="dh, cache"):
    lines = "\n".join("    " + ln for ln in body.strip().splitlines())
    return f"\n\nimport os, sys, time, ctypes, socket\n\ndef {name}({args}):\n{lines}\n"


CORRECT_TAIL = "return _real_backward(dh, cache)"
KEEP = "_real_backward = rnn_backward\n"

HOSTILE = [
    ("exception", "raise RuntimeError('boom')", "raised RuntimeError: boom"),
    ("infinite_loop", "while True:\n    pass", f"ran longer than {LIMIT:g} s"),
    ("sleep", "time.sleep(10**6)", f"ran longer than {LIMIT:g} s"),
    ("os_exit", "os._exit(0)", "exited with code 0"),
    ("sys_exit", "sys.exit()", "called sys.exit"),
    ("segfault", "ctypes.string_at(0)", "died with signal SIGSEGV while running rnn_backward"),
    ("huge_allocation", "import numpy as np\nreturn np.ones(3 * 10**8)", "MemoryError"),
    ("fork", "pid = os.fork()\nif pid == 0:\n    os._exit(0)\n" + CORRECT_TAIL, "PermissionError"),
    ("too_few_values", "return _real_backward(dh, cache)[:2]", "returned 2 values; expected 5 (dx, dh0, dWx, dWh, db)"),
    ("not_a_tuple", "return _real_backward(dh, cache)[2]", "returned a single array of shape"),
    ("wrong_shape", "dx, dh0, dWx, dWh, db = _real_backward(dh, cache)\nreturn dx, dh0, dWx.T, dWh, db",
     "(transposed?)"),
    ("wrong_dtype", "import numpy as np\ng = list(_real_backward(dh, cache))\ng[3] = np.array([['a']])\nreturn tuple(g)",
     "dWh returned by rnn_backward is an ndarray of dtype <U1"),
    ("object_dtype", "import numpy as np\ng = list(_real_backward(dh, cache))\ng[4] = g[4].astype(object)\nreturn tuple(g)",
     "db returned by rnn_backward is an ndarray of dtype |O"),
    ("nan", "g = list(_real_backward(dh, cache))\ng[2] = g[2] * float('nan')\nreturn tuple(g)",
     "dWx contains NaN or inf"),
    ("ndarray_subclass", "import numpy as np\nclass Liar(np.ndarray):\n    def __eq__(self, o): return True\n"
     "g = list(_real_backward(dh, cache))\ng[0] = g[0].view(Liar)\nreturn tuple(g)", "an ndarray subclass"),
    ("lying_object", "class Liar:\n    def __eq__(self, o): return True\n    def __float__(self): return 0.0\n"
     "    __array_priority__ = 1e9\ng = list(_real_backward(dh, cache))\ng[1] = Liar()\nreturn tuple(g)",
     "dh0 returned by rnn_backward is an object of type"),
    ("generator", "return (g for g in _real_backward(dh, cache))", "returned a generator"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_backward(case, zygote, source):
    key, body, expected = case
    code = source("rnn_correct.py") + KEEP + override(body)
    t0 = time.monotonic()
    result = grade_source("rnn_bptt", code, "hostile", zygote=zygote, limits=Limits(call_seconds=LIMIT))
    assert time.monotonic() - t0 < LIMIT + 5
    tests = {t["name"]: t for t in result["tests"]}
    bad = tests.pop("rnn_backward")
    assert bad["status"] == "failed"
    assert expected in bad["output"], bad["output"]
    assert "Traceback" not in bad["output"] or "autograder" not in bad["output"]
    for t in tests.values():  # the other functions are graded as usual
        assert t["status"] == "passed", t


def test_crash_in_forward_is_reported_for_dependents(zygote, source):
    code = source("lstm_correct.py") + override("ctypes.string_at(0)", "lstm_step_forward",
                                                "x, prev_h, prev_c, Wx, Wh, b")
    result = grade_source("lstm_numpy", code, "x", zygote=zygote, limits=Limits(call_seconds=LIMIT))
    tests = {t["name"]: t for t in result["tests"]}
    assert "SIGSEGV while running lstm_step_forward" in tests["lstm_step_forward"]["output"]
    assert "could not be checked because lstm_step_forward failed" in tests["lstm_step_backward"]["output"]
    # the sequence functions call the (crashing) step forward too; they fail, but are graded
    assert tests["lstm_forward"]["score"] == 0 and result["extra_data"]["sandbox"]["restarts"] >= 1


def test_crash_at_import_time(zygote):
    result = grade_source("rnn_bptt", "import os\nos._exit(1)\n", "x", zygote=zygote)
    assert result["score"] == 0 and len(result["tests"]) == 4
    assert all("could not be loaded" in t["output"] for t in result["tests"])


def test_syntax_error_names_the_line(zygote):
    result = grade_source("rnn_bptt", "def rnn_forward(:\n", "x", zygote=zygote, filename="hw.py")
    out = result["tests"][0]["output"]
    assert "SyntaxError" in out and "line 1" in out


def test_missing_function(zygote, source):
    code = source("rnn_correct.py").replace("def rnn_backward", "def rnn_backwards")
    result = grade_source("rnn_bptt", code, "x", zygote=zygote)
    assert "does not define rnn_backward" in result["tests"][3]["output"]
    assert result["tests"][2]["status"] == "passed"


def test_reading_outside_scratch_fails(zygote, source):
    if not protections(zygote).get("fs"):
        pytest.skip("Landlock is not available on this kernel")
    code = source("rnn_correct.py") + KEEP + override(f"open({str(REPO_FILE)!r}).read()\n" + CORRECT_TAIL)
    result = grade_source("rnn_bptt", code, "x", zygote=zygote)
    out = result["tests"][3]["output"]      # refused by Landlock, or absent from the worker's view
    assert "PermissionError" in out or "FileNotFoundError" in out, out


def test_tcp_connect_is_blocked(zygote, source):
    if not protections(zygote).get("net"):
        pytest.skip("Landlock ABI < 4: TCP is not restricted")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        code = source("rnn_correct.py") + KEEP + override(
            f"socket.create_connection(('127.0.0.1', {port}), timeout=1)\n" + CORRECT_TAIL)
        result = grade_source("rnn_bptt", code, "x", zygote=zygote)
    finally:
        server.close()
    assert "PermissionError" in result["tests"][3]["output"]
