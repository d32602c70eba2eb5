"""Every point is earned, every right answer in full: submissions built to collect points
they did not earn, and right answers written in ways the contract allows.

Each case is a whole .py submission graded as `autograder grade` grades it."""
import pytest

from autograder.numeric import credit
from autograder.numeric.grade_py import grade_source

RNN, LSTM = "rnn_correct.py", "lstm_correct.py"


def grade(source, assignment="rnn_bptt", student="student-7", zygote=None):
    return {t["name"]: t for t in grade_source(assignment, source, student, zygote=zygote)["tests"]}


def override(name, args, body):
    lines = "\n".join("    " + ln for ln in body.strip().splitlines())
    return f"\n\nimport numpy as _np\n\ndef {name}({args}):\n{lines}\n"


ZERO_BACKWARD = {
    "rnn_step_backward": ("dnext_h, cache", "x, prev_h, Wx, Wh, next_h = cache\n"
                          "return (_np.zeros_like(x), _np.zeros_like(prev_h), _np.zeros_like(Wx), "
                          "_np.zeros_like(Wh), _np.zeros(Wh.shape[1]))"),
    "rnn_backward": ("dh, cache", "x, prev_h, Wx, Wh, _ = cache[0]\nN, T, H = dh.shape\n"
                     "return (_np.zeros((N, T, x.shape[1])), _np.zeros_like(prev_h), _np.zeros_like(Wx), "
                     "_np.zeros_like(Wh), _np.zeros(H))"),
}


@pytest.mark.parametrize("func", sorted(ZERO_BACKWARD))
def test_a_backward_returning_zeros_earns_nothing(func, zygote, source):
    args, body = ZERO_BACKWARD[func]
    tests = grade(source(RNN) + override(func, args, body), zygote=zygote)
    assert tests[func]["score"] == 0, tests[func]["output"]
    others = [t for name, t in tests.items() if name != func and name != "rnn_backward"]
    assert all(t["score"] == t["max_score"] for t in others)


@pytest.mark.parametrize("func,args,body", [
    ("rnn_step_forward", "x, prev_h, Wx, Wh, b", "return _np.zeros((x.shape[0], Wh.shape[0])), (x, prev_h, Wx, Wh, 0 * prev_h)"),
    ("rnn_forward", "x, h0, Wx, Wh, b", "return _np.zeros((x.shape[0], x.shape[1], h0.shape[1])), None"),
])
def test_a_forward_returning_zeros_earns_nothing(func, args, body, zygote, source):
    tests = grade(source(RNN) + override(func, args, body), zygote=zygote)
    assert tests[func]["score"] == 0, tests[func]["output"]


@pytest.mark.parametrize("body,expected", [
    ("pass", "returned None"),
    ("raise NotImplementedError", "raised NotImplementedError"),
    ("return _np.zeros((2, 2)), _np.zeros((2, 2)), _np.zeros((2, 2)), _np.zeros((2, 2)), _np.zeros((2, 2))",
     "has shape (2, 2)"),
])
def test_stubs_and_wrong_shapes_earn_nothing(body, expected, zygote, source):
    tests = grade(source(RNN) + override("rnn_step_backward", "dnext_h, cache", body), zygote=zygote)
    assert tests["rnn_step_backward"]["score"] == 0 and expected in tests["rnn_step_backward"]["output"]


def test_a_backward_right_in_all_but_one_gradient_keeps_its_properties(zygote, source):
    """Properties add to values that are partly right: four of five gradients right earns
    their values and the properties scaled by 4/5 (a zero db, the wrong one)."""
    code = source(RNN).replace("db = np.sum(dz, axis=0)", "db = 0 * np.sum(dz, axis=0)")
    t = grade(code, zygote=zygote)["rnn_step_backward"]
    w = credit.DEFAULT
    values = w["backward_values"] * 4 / 5
    props = w["deterministic"] + w["linear"]
    assert t["score"] == pytest.approx(3 * (values + props * values / (w["backward_values"] + w["own_forward_consistency"])), abs=1e-3)


TRUNCATED = '''
def rnn_backward(dh, cache):
    # BPTT truncated to a window of 7 steps, and a batch of 3 assumed
    N, T, H = 3, dh.shape[1], dh.shape[2]
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D)); dWx = np.zeros((D, H)); dWh = np.zeros((H, H)); db = np.zeros(H)
    dh0 = np.zeros((N, H))
    for end in range(T):
        dprev_h = dh[:, end, :]
        for t in range(end, max(end - 7, -1), -1):
            dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dprev_h, cache[t])
            dx[:, t, :] += dx_t; dWx += dWx_t; dWh += dWh_t; db += db_t
        if end - 7 < 0:
            dh0 += dprev_h
    return dx, dh0, dWx, dWh, db
'''


def test_truncated_bptt_loses_marks_on_the_long_sequence(zygote, source):
    from autograder.numeric.inputs import sizes_for
    code = source(RNN) + TRUNCATED.replace("N, T, H = 3, dh.shape[1], dh.shape[2]", "N, T, H = dh.shape")
    t = grade(code, zygote=zygote)["rnn_backward"]
    assert 0 < t["score"] < t["max_score"], t["output"]
    long_T = sizes_for("rnn_bptt", "student-7", 1)["long sequence"].T
    assert f"T={long_T} (relative error" in t["output"] and "right with" in t["output"], t["output"]


@pytest.mark.parametrize("student", ["student-7", "student-8", "student-9", "student-10"])
def test_a_backward_that_assumes_a_batch_of_three_loses_marks(student, zygote, source):
    t = grade(source(RNN) + TRUNCATED, student=student, zygote=zygote)["rnn_backward"]
    assert t["score"] < t["max_score"], t["output"]


def test_size_sets_differ_between_students_and_include_a_long_sequence_and_an_odd_batch():
    from autograder.numeric.inputs import sizes_for
    seen = set()
    for k in range(20):
        s = sizes_for("rnn_bptt", f"student-{k}", 1)
        assert s["long sequence"].T >= 20 and s["odd batch"].N % 2 == 1
        assert s == sizes_for("rnn_bptt", f"student-{k}", 1)
        seen.add(tuple(s.values()))
    assert len(seen) > 5


def test_keepdims_db_with_right_values_gets_partial_credit_and_a_hint(zygote, source):
    code = source(RNN).replace("db = np.sum(dz, axis=0)", "db = np.sum(dz, axis=0, keepdims=True)")
    t = grade(code, zygote=zygote)["rnn_step_backward"]
    assert 0 < t["score"] < t["max_score"], t["output"]
    assert "keepdims" in t["output"] and "values are right" in t["output"]
    assert "forget to sum over the batch" not in t["output"]


def test_a_forward_returning_no_cache_is_named(zygote, source):
    code = source(RNN).replace("    cache = (x, prev_h, Wx, Wh, next_h)\n", "    cache = None\n")
    t = grade(code, zygote=zygote)["rnn_step_backward"]
    assert t["score"] == 0 and "rnn_step_forward returned no cache" in t["output"], t["output"]


def test_in_place_upstream_update_is_a_warning_by_default(zygote, source):
    code = source(LSTM)
    assert "dc = dnext_c + dnext_h" in code
    code = code.replace("dc = dnext_c + dnext_h", "dnext_c += dnext_h").replace(
        "* (1 - tc ** 2)\n", "* (1 - tc ** 2)\n    dc = dnext_c\n", 1)
    t = grade(code, "lstm_numpy", zygote=zygote)["lstm_step_backward"]
    assert t["score"] == t["max_score"], t["output"]
    assert "warn does not modify its inputs: modifies its input(s) dnext_c" in t["output"]


CTYPES_WRITE = '''
import ctypes as _ct
_real_step_backward = rnn_step_backward

def rnn_step_backward(dnext_h, cache):
    out = _real_step_backward(dnext_h, cache)
    # write through the read-only buffer behind numpy's back
    _ct.memset(dnext_h.ctypes.data, 0, dnext_h.nbytes)
    return out
'''


def test_inputs_overwritten_through_ctypes_are_seen(zygote, source):
    t = grade(source(RNN) + CTYPES_WRITE, zygote=zygote)["rnn_step_backward"]
    assert "modifies its input(s) dnext_h" in t["output"], t["output"]


def test_a_spec_may_make_modifying_inputs_cost_points(zygote, source):
    from autograder.numeric.grade_py import grade_source as g
    result = g("rnn_bptt", source(RNN) + CTYPES_WRITE, "student-7", zygote=zygote)
    rec = result["extra_data"]["credit"]["rnn_step_backward"]
    from autograder.numeric.checks import Check
    checks = [Check(c["name"], c["rule"], c["earned"], c["share"]) for c in rec["checks"]]
    assert credit.fraction(checks) == 1.0
    assert credit.fraction(checks, {"modifies_inputs": 0.05}) == pytest.approx(0.95)


@pytest.mark.parametrize("code,expected", [
    ("import numpy as np\nfrom numpy.lib.function_base import disp\n",
     "numpy.lib.function_base is not importable in numpy 2"),
    ("import numpy as np\n\ndef rnn_forward(x, h0, Wx, Wh, b):\n    for t in xrange(3):\n        pass\n",
     "xrange does not exist in Python 3 at line 4"),
    ("print 'hello'\n", "Python 2 print statement at line 1"),
    ("import numpy as np\n\ndef rnn_forward(x, h0, Wx, Wh, b):\n    H = Wh.shape[0] / 1\n    return x[:, :, :H], None\n",
     "use // for indices"),
])
def test_python2_and_old_numpy_code_gets_the_line_and_the_cause(code, expected, zygote):
    out = " ".join(t["output"] for t in grade(code, zygote=zygote).values())
    assert expected in out, out


@pytest.mark.parametrize("body", ["return list(grads)", "return [g.copy() for g in grads]",
                                  "return [0 * g for g in grads]"])
def test_clipping_that_does_nothing_earns_nothing(body, zygote):
    code = f"def clip_by_global_norm(grads, max_norm):\n    {body}\n"
    from autograder.grading import spec
    from autograder.numeric.function_grade import grade_source as grade_functions

    r = grade_functions(spec.load("lstm_gradient_flow"), code, "student-7", zygote=zygote)
    assert r["score"] == 0, r["tests"][0]["output"]


FLOAT32 = '''

import functools as _functools

def _in_float32(f):
    @_functools.wraps(f)
    def run(*args):
        return f(*[a.astype(np.float32) if isinstance(a, np.ndarray) else a for a in args])
    return run

for _name in [n for n in list(globals()) if n.endswith(("_forward", "_backward"))]:
    globals()[_name] = _in_float32(globals()[_name])
'''


@pytest.mark.parametrize("base,assignment", [(RNN, "rnn_bptt"), (LSTM, "lstm_numpy")])
def test_right_code_computing_in_float32_earns_full_marks(base, assignment, zygote, source):
    """Its values are right to ~1e-7: central differences of a float32 forward are noise, and
    its linearity holds to float32 rounding, not to 1e-8."""
    result = grade_source(assignment, source(base) + FLOAT32, "student-7", zygote=zygote)
    assert result["score"] == result["max_score"], [t["output"] for t in result["tests"]]
