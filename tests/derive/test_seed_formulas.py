"""The homework seed's formulas against the derived references, at consistent states.

Its last-step gate gradients are right; its "general" ∇h_t drops the step t+1 paths, its
∇C_t has f_t where f_{t+1} belongs, and its ∇W^{hi} uses the last-step form at every t.
"""
import random

import sympy

from autograder.derive import reference, run_passes
from autograder.derive.evaluate import evaluate
from autograder.derive.simulate import random_leaves, state_symbols
from autograder.derive.timeshift import pin
from autograder.models import get_model
from autograder.models.naming import sym

M = get_model("lstm_univariate")

s = sym
dy = s("W_y") * s("y_t") * (1 - s("y_t")) * s("grad_y_t")  # dy_t/dh_t * grad_y_t
dtanh = 1 - sympy.tanh(s("C_t")) ** 2
SEED_H_LAST = dy
SEED_C_GENERAL = s("o_t") * dtanh * s("grad_h_t") + s("f_t") * s("grad_C_tp1")  # f_t: index slip
SEED_O = sympy.tanh(s("C_t")) * dy
SEED_F = s("C_tm1") * s("o_t") * dtanh * dy
SEED_I = s("Ctilde_t") * s("o_t") * dtanh * dy
SEED_WHI_SUMMAND = s("h_tm1") * s("i_t") * (1 - s("i_t")) * SEED_I


def states(horizon, n=5):
    for seed in range(n):
        yield state_symbols(run_passes(M, horizon, random_leaves(M, horizon, random.Random(seed))))


def value(expr, state, step):
    return evaluate(pin(expr, step), state)


def agree(a, b):
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


def test_seed_last_step_gate_gradients_are_right():
    T = 3
    for question, seed_expr in [("grad_o_t", SEED_O), ("grad_f_t", SEED_F), ("grad_i_t", SEED_I),
                                ("grad_h_t", SEED_H_LAST)]:
        ref = reference(M, question, "expanded", last_step=True)
        for st in states(T):
            assert agree(value(seed_expr, st, T), value(ref, st, T)), question


def test_seed_general_grad_h_leaves_out_the_step_t_plus_1_paths():
    T = 3
    ref = reference(M, "grad_h_t")  # general step, one level
    differs = [not agree(value(SEED_H_LAST, st, 2), value(ref, st, 2)) for st in states(T)]
    assert all(differs)
    # the missing part is exactly the four gate branches at t+1
    missing = ref - SEED_H_LAST
    assert {str(a) for a in sympy.Add.make_args(missing)} == {
        str(a) for a in sympy.Add.make_args(ref) if "grad_y" not in str(a)}


def test_seed_cell_gradient_has_an_index_slip():
    ref = reference(M, "grad_C_t")
    fixed = SEED_C_GENERAL.xreplace({s("f_t"): s("f_tp1")})
    for st in states(3):
        assert not agree(value(SEED_C_GENERAL, st, 2), value(ref, st, 2))
        assert agree(value(fixed, st, 2), value(ref, st, 2))


def test_seed_weight_gradient_is_right_only_for_one_step():
    for T, should_agree in [(1, True), (3, False)]:
        for st in states(T):
            seed_total = sum(value(SEED_WHI_SUMMAND, st, t) for t in range(1, T + 1))
            assert agree(seed_total, st[s("grad_W_hi")]) == should_agree, T
