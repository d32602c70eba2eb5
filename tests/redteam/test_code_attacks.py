"""Hostile code in a notebook: each case grades a real rnn_bptt submission with an attack
in one answer cell; the attack is contained and the rest of the submission is graded."""
from __future__ import annotations

import pytest

from . import harness

pytestmark = pytest.mark.redteam("attack")


def _graded(classroom, zygote, nb, name="mallory"):
    watch = classroom.watch()
    g = harness.grade(harness.write(nb, classroom.submissions / f"{name}.ipynb"), zygote)
    assert watch.changed() == []
    return g


def _expressions_still_full(g):
    for q in harness.EXPRESSIONS:
        assert g.full(q), (q, g.test(q))


def test_infinite_loop_in_a_cell(classroom, zygote):
    nb = harness.with_cell_after("answer_step_functions", "while True:\n    pass\n")
    g = _graded(classroom, zygote, nb)
    assert "ran longer than 3 s" in g.feedback()
    _expressions_still_full(g)
    assert g.full("step_functions") and g.full("sequence_functions")


def test_sleep_forever(classroom, zygote):
    nb = harness.with_cell_after("answer_spectral_radius", "import time\ntime.sleep(10**6)\n")
    g = _graded(classroom, zygote, nb)
    assert "ran longer than 3 s" in g.feedback()
    _expressions_still_full(g)
    assert g.full("spectral_radius")


def test_infinite_loop_inside_a_graded_function(classroom, zygote):
    nb = harness.with_answer("answer_step_functions",
                             "def rnn_step_forward(x, prev_h, Wx, Wh, b):\n    while True:\n        pass\n",
                             append=True)
    g = _graded(classroom, zygote, nb)
    assert g.score("step_functions") < g.test("step_functions")["max_score"]
    _expressions_still_full(g)


def test_recomputing_the_answer_with_finite_differences_is_legitimate(classroom, zygote):
    # forward as usual but keeping b; backward by central differences of that forward
    fd = '''
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, b)


def rnn_step_backward(dnext_h, cache):
    args = [np.array(a, dtype=float) for a in cache]
    eps = 1e-6
    def loss():
        h, _ = rnn_step_forward(*args)
        return float(np.sum(h * dnext_h))
    grads = []
    for a in args:
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            old = a[idx]
            a[idx] = old + eps
            up = loss()
            a[idx] = old - eps
            down = loss()
            a[idx] = old
            g[idx] = (up - down) / (2 * eps)
        grads.append(g)
    return tuple(grads)
'''
    nb = harness.with_answer("answer_step_functions", fd, append=True)
    g = _graded(classroom, zygote, nb)
    assert g.full("step_functions"), g.test("step_functions")
