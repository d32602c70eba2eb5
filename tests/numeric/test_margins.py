"""Tolerance margins: correct code is orders of magnitude below each tolerance, and the
smallest error among the mistakes made from the solution (single edits of its backward) is
orders of magnitude above it."""
import numpy as np

from autograder.numeric import inputs as inp, mutants, specs, tolerances as tol
from autograder.numeric.finite_diff import directional_errors

from .test_bugs import BUGS


def _case(asg, name, student="margins"):
    spec = asg.spec(name)
    fspec = asg.spec(spec.forward)
    rng = inp.make_rng(asg.name, student, name)
    x = inp.forward_inputs(asg, fspec, rng)
    *outs, cache = getattr(asg.reference, fspec.name)(**x)
    ups = inp.upstream([o.shape for o in outs], rng)
    return spec, fspec, x, cache, ups, rng


def test_reference_passes_finite_differences_by_orders_of_magnitude():
    worst = 0.0
    for asg in map(specs.get, specs.known()):
        for name in (f.name for f in asg.functions if not f.is_forward):
            spec, fspec, x, cache, ups, rng = _case(asg, name)
            grads = getattr(asg.reference, name)(*ups, cache)
            fwd = getattr(asg.reference, fspec.name)

            def loss(v):
                return float(sum(np.sum(o * u) for o, u in zip(fwd(**v)[:-1], ups)))

            worst = max(worst, *directional_errors(loss, x, dict(zip(x, grads)), rng).values())
    print(f"worst finite-difference error of the reference: {worst:.1e} (tolerance {tol.FINITE_DIFF:.0e})")
    assert worst < tol.FINITE_DIFF / 1e3


def test_smallest_bug_error_is_far_above_the_reference_tolerance():
    smallest, changed = np.inf, 0
    for asg in map(specs.get, specs.known()):
        for name in (f.name for f in asg.functions if not f.is_forward):
            spec, _, _, cache, ups, _ = _case(asg, name)
            right = getattr(asg.reference, name)(*ups, cache)
            for m in mutants.candidates(asg, spec):
                try:
                    with np.errstate(all="ignore"):
                        wrong = getattr(m.namespace, name)(*ups, cache)
                    err = max(tol.rel_error(a, b) for a, b in zip(wrong, right))
                except Exception:          # an edit that does not run: never a candidate
                    continue
                if err > 0:                # an edit that changes nothing is no mistake
                    changed += 1
                    smallest = min(smallest, err)
    print(f"smallest error of {changed} mistakes: {smallest:.1e} (tolerance {tol.REFERENCE:.0e})")
    assert changed > 100 and smallest > tol.REFERENCE * 1e3


def test_correct_code_error_is_far_below_tolerance(zygote, source):
    from autograder.numeric.grade_py import grade_source
    worst = 0.0
    for assignment, name in (("rnn_bptt", "rnn_correct.py"), ("lstm_numpy", "lstm_correct.py")):
        diag = grade_source(assignment, source(name), "margins", zygote=zygote)["extra_data"]["diagnosis"]
        for d in diag.values():
            worst = max([worst, *d["relative_errors"].values()])
    assert worst < tol.REFERENCE / 1e6


def test_bug_table_is_large_enough():
    assert len(BUGS) >= 25
