"""Points not earned: functions built to pass the property checks without being right, and
inputs changed behind numpy's back. Each case grades a real rnn_bptt submission."""
from __future__ import annotations

import pytest

from . import harness

pytestmark = pytest.mark.redteam("attack")

ZERO_STEP_BACKWARD = '''
def rnn_step_backward(dnext_h, cache):
    # deterministic, linear in dnext_h, leaves its inputs alone: and wrong
    x, prev_h, Wx, Wh, next_h = cache
    return (0 * x, 0 * prev_h, 0 * Wx, 0 * Wh, 0 * Wx[0])
'''

ZERO_FORWARD = '''
def rnn_forward(x, h0, Wx, Wh, b):
    return np.zeros((x.shape[0], x.shape[1], h0.shape[1])), []
'''

CTYPES_WRITE = '''
import ctypes
_honest_step_backward = rnn_step_backward

def rnn_step_backward(dnext_h, cache):
    grads = _honest_step_backward(dnext_h, cache)
    ctypes.memset(dnext_h.ctypes.data, 0, dnext_h.nbytes)     # a read-only buffer, overwritten
    return grads
'''


def _points(g, qid, functions_points):
    """The question's points earned by the given functions (forward 2, backward 3 of 5)."""
    t = g.test(qid)
    return t["max_score"] * functions_points / 5


def test_a_zero_backward_earns_nothing(classroom, zygote):
    nb = harness.with_answer("answer_step_functions", ZERO_STEP_BACKWARD, append=True)
    g = harness.grade(harness.write(nb, classroom.submissions / "mallory.ipynb"), zygote)
    out = g.test("step_functions")["output"]
    assert g.score("step_functions") == pytest.approx(_points(g, "step_functions", 2)), out
    assert "all gradients are zero" in out


def test_a_zero_forward_earns_nothing(classroom, zygote):
    nb = harness.with_answer("answer_sequence_functions", ZERO_FORWARD, append=True)
    g = harness.grade(harness.write(nb, classroom.submissions / "mallory.ipynb"), zygote)
    # the forward earns nothing; its backward cannot be checked on a cache of nothing
    assert g.score("sequence_functions") == 0, g.test("sequence_functions")["output"]


def test_inputs_overwritten_through_ctypes_are_seen(classroom, zygote):
    nb = harness.with_answer("answer_step_functions", CTYPES_WRITE, append=True)
    g = harness.grade(harness.write(nb, classroom.submissions / "mallory.ipynb"), zygote)
    out = g.test("step_functions")["output"]
    assert "modifies its input(s) dnext_h" in out, out
