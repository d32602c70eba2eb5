"""Every derived gradient (every node at every step, every weight, the initial states,
one-level and expanded, T = 1..6) agrees with central finite differences of the unrolled
loss at high precision. A plausible mistake changes a gradient by far more than 1e-20."""
import mpmath
import pytest

from autograder.derive import Expander, PathTable, run_passes
from autograder.derive.evaluate import evaluate
from autograder.derive.simulate import state_symbols
from autograder.models.naming import at_step, grad, sym

from .conftest import MODELS, central_difference, loss, mp_point

EPS = mpmath.mpf("1e-18")
TOL = mpmath.mpf("1e-25")  # O(EPS**2) truncation at 50 digits; any real error is >> 1e-6


def close(a, b):
    return abs(a - b) <= TOL * max(1, abs(b))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@pytest.mark.parametrize("horizon", [1, 2, 3, 4, 5, 6])
def test_adjoints_match_finite_differences(model, horizon, mp_precision):
    for seed in range(2):
        leaves = mp_point(model, horizon, seed * 100 + horizon)
        values = run_passes(model, horizon, leaves, backend="mp")
        # nodes: perturb the value right after it is computed
        for node in model.node_names:
            for t in range(1, horizon + 1):
                key = at_step(node, t)
                fd = central_difference(lambda e: loss(model, horizon, leaves, {key: e}), EPS)
                assert close(values[grad(key)], fd), (key, values[grad(key)], fd)
        # weights and initial states: perturb the leaf
        for name in (*model.weight_names, *(at_step(n, 0) for n in model.initial)):
            def shifted(e, name=name):
                moved = dict(leaves)
                moved[name] = leaves[name] + e
                return loss(model, horizon, moved)

            fd = central_difference(shifted, EPS)
            assert close(values[grad(name)], fd), (name, values[grad(name)], fd)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@pytest.mark.parametrize("horizon", [1, 3, 6])
def test_expanded_forms_and_path_sums_agree_with_the_backward_pass(model, horizon, mp_precision):
    leaves = mp_point(model, horizon, 7 + horizon)
    values = run_passes(model, horizon, leaves, backend="mp")
    state = state_symbols(values)
    expander, table = Expander(model, horizon), PathTable(model, horizon)
    for node in model.node_names:
        for t in range(1, horizon + 1):
            key = grad(at_step(node, t))
            expanded = evaluate(expander.node(node, t), state, "mp")
            assert close(expanded, values[key]), key
            # expanded forms contain only forward values and the given gradients
            for s in expander.node(node, t).free_symbols:
                assert not s.name.startswith("grad_") or s.name.startswith("grad_y"), (key, s)
            paths = sum((evaluate(p.term, state, "mp") for p in table.node(node, t)), mpmath.mpf(0))
            assert close(paths, values[key]), key
    for w in model.weight_names:
        assert close(evaluate(expander.weight(w), state, "mp"), values[grad(w)]), w
        paths = sum((evaluate(p.term, state, "mp") for p in table.weight(w)), mpmath.mpf(0))
        assert close(paths, values[grad(w)]), w


def test_float64_and_mpmath_passes_agree():
    from autograder.derive.simulate import random_leaves
    import random

    for model in MODELS:
        leaves = random_leaves(model, 4, random.Random(5))
        f = run_passes(model, 4, leaves)
        with mpmath.workdps(30):
            m = run_passes(model, 4, {k: mpmath.mpf(v) for k, v in leaves.items()}, backend="mp")
        for k, v in f.items():
            assert abs(v - float(m[k])) <= 1e-12 * max(1, abs(v)), k
