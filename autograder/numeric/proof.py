"""Proving a solution at authoring time: each backward function of the solution notebook
agrees with exact derivatives of the solution's own forward.

For every gradient a backward returns, its inner product with a random direction is
compared with the directional derivative of the forward's loss <upstream, outputs>.
Complex-step differentiation gives that derivative exact to rounding for analytic code
(one complex forward, no cancellation); where complex numbers do not go through the
forward (a float buffer filled in a loop, abs, maximum) it disagrees with central
differences, and Richardson-extrapolated central differences decide instead.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import inputs as inp, specs
from .tolerances import rel_error

COMPLEX_STEP = 1e-30
COMPLEX_TOL = 1e-10       # a right backward agrees with complex-step derivatives to rounding
CENTRAL_STEP = 1e-3       # Richardson: error ~ h^4 + 1e-16 / h
CENTRAL_TOL = 1e-7
DIRECTIONS = 2
SIZES = inp.Sizes(N=2, D=3, H=4, T=3)


class Problem(NamedTuple):
    file: str
    line: int
    message: str


def problems(assignment) -> list[Problem]:
    """Every way the solution's backward functions disagree with its forwards (an id or a
    loaded grading spec)."""
    from autograder.grading.spec import load

    spec = load(assignment) if isinstance(assignment, str) else assignment
    toml = spec.directory / "assignment.toml"
    if not any(q.kind == "code" for q in spec.questions):
        return []
    try:
        asg = specs.get(spec.id, spec.directory.parent)
        ref = asg.reference
    except specs.LayoutError as err:
        return [Problem(str(toml), _line(toml, "[code]"), str(err))]
    except (OSError, LookupError, SyntaxError) as err:
        return [Problem(str(spec.solution_path), 0, f"the solution cannot be loaded: {err}")]
    except Exception as err:       # noqa: BLE001 - the instructor's cells raised: say which
        return [Problem(str(spec.solution_path), 0, f"the solution's answer cells fail: "
                                                    f"{type(err).__name__}: {err}")]
    found = []
    for bspec in asg.functions:
        if bspec.is_forward:
            continue
        missing = [n for n in (bspec.name, bspec.forward) if not callable(getattr(ref, n, None))]
        if missing:
            found.append(Problem(str(asg.solution), 0, f"the solution defines no {', '.join(missing)}"))
            continue
        found += _prove(asg, bspec)
    return found


def _prove(asg, bspec) -> list[Problem]:
    fspec = asg.spec(bspec.forward)
    forward, backward = getattr(asg.reference, fspec.name), getattr(asg.reference, bspec.name)
    rng = np.random.default_rng(14)
    x = inp.forward_inputs(asg, fspec, rng, sizes=SIZES)
    where = (str(asg.solution), _line(asg.solution, f"def {bspec.name}("))
    try:
        *outs, cache = forward(**{k: v.copy() for k, v in x.items()})
        ups = [rng.normal(size=np.shape(o)) for o in outs]
        grads = backward(*ups, cache)
    except Exception as err:       # noqa: BLE001 - instructor code: report, do not crash
        return [Problem(*where, f"{bspec.name} cannot be run on its forward's cache: {type(err).__name__}: {err}")]
    if len(grads) != len(fspec.inputs):
        return [Problem(*where, f"{bspec.name} returns {len(grads)} values; {fspec.name} has "
                                f"{len(fspec.inputs)} inputs ({', '.join(bspec.outputs)})")]

    def loss(values) -> complex:
        with warnings.catch_warnings():
            warnings.simplefilter("error", np.exceptions.ComplexWarning)
            out = forward(**values)[:-1]
        return sum(np.sum(o * u) for o, u in zip(out, ups))

    found = []
    for k, (name, grad) in enumerate(zip(fspec.inputs, grads)):
        out_name = bspec.outputs[k]
        if np.shape(grad) != np.shape(x[name]):
            found.append(Problem(*where, f"{bspec.name}: {out_name} has shape {np.shape(grad)}; "
                                         f"{name} has shape {np.shape(x[name])}"))
            continue
        claimed, exact, how = [], [], set()
        for _ in range(DIRECTIONS):
            v = rng.normal(size=x[name].shape)
            value, method = directional(loss, x, name, v)
            claimed.append(float(np.sum(grad * v)))
            exact.append(value)
            how.add(method)
        err = rel_error(claimed, exact)
        tol = COMPLEX_TOL if how == {"complex-step"} else CENTRAL_TOL
        if not err < tol:
            found.append(Problem(*where, f"{bspec.name}: {out_name} (the gradient of {name}) disagrees with "
                                         f"{' and '.join(sorted(how))} derivatives of {fspec.name} "
                                         f"(relative error {err:.1e})"))
    return found


def directional(loss, x: dict, name: str, v: np.ndarray) -> tuple[float, str]:
    """d/de loss(x with name + e v) at e = 0, and how it was found."""
    def at(step):
        moved = dict(x)
        moved[name] = x[name] + step * v
        return loss(moved)

    def central(h):
        return (at(h) - at(-h)) / (2 * h)

    richardson = float(np.real((4 * central(CENTRAL_STEP / 2) - central(CENTRAL_STEP)) / 3))
    try:
        with np.errstate(all="ignore"):
            cs = float(np.imag(at(1j * COMPLEX_STEP)) / COMPLEX_STEP)
    except Exception:              # noqa: BLE001 - complex numbers do not go through this forward
        return richardson, "central-difference"
    # a forward that is not analytic in complex arithmetic (abs, maximum) gives a wrong
    # complex step: central differences, less exact, are then the judge
    if np.isfinite(cs) and rel_error(cs, richardson) < 1e-6:
        return cs, "complex-step"
    return richardson, "central-difference"


def _line(path: Path, text: str) -> int:
    """The first line of `path` holding `text` (0 when none does)."""
    try:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                return n
    except OSError:
        pass
    return 0
