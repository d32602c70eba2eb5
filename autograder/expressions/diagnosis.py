"""Why a wrong answer is wrong.

1. Branch fit: a gradient is a sum of terms, one per use of the quantity (or one per path
   for expanded answers, or one per step for a weight's sum over time). Evaluate every term
   and the answer at several consistent states and fit the answer as a combination of the
   terms. If integer coefficients explain it exactly, a coefficient 0 names a missing term,
   -1 a sign error on that term, 2 a term counted twice.
2. Mistake catalogue: otherwise, compare the answer with mutants of the reference.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import mpmath
import sympy

from ..derive.evaluate import NotCompilable, Undefined
from ..derive.timeshift import pin
from .equivalence import Evaluator, MissingQuantity, Setting, agree
from .mistakes import Mutant, _pretty
from .placement import PlacementError


@dataclass(frozen=True)
class Component:
    label: str  # e.g. 'C_tp1', or a path 'C_t -> h_t -> y_t', or 'step 2'
    expr: sympy.Expr


@dataclass
class Diagnosis:
    explained: bool = False
    coefficients: dict = field(default_factory=dict)  # label -> int
    mistake: Mutant | None = None
    messages: list = field(default_factory=list)

    def fraction_right(self) -> float:
        if not self.explained or not self.coefficients:
            return 0.0
        return sum(1 for c in self.coefficients.values() if c == 1) / len(self.coefficients)

    def to_dict(self) -> dict:
        d: dict = {"explained_by_terms": self.explained}
        if self.explained:
            d["terms"] = [{"via": k, "coefficient": v} for k, v in self.coefficients.items()]
        if self.mistake is not None:
            d["mistake"] = self.mistake.code
        d["messages"] = list(self.messages)
        return d


def _values(ev: Evaluator, exprs, points: int):
    """Rows of values of `exprs` at `points` states (skipping undefined points)."""
    rows = []
    k = 0
    while len(rows) < points and k < points * 3:
        p = ev.placement(exprs, 50 + k)
        state = ev.state(p, 50 + k, exprs)
        k += 1
        try:
            row = [ev.value(e, p, state) for e in exprs]
        except Undefined:
            continue
        # a value beyond float range (exp(1000)) cannot enter the float least squares
        if all(abs(v) < 1e300 for v in row):
            rows.append(row)
    return rows


def fit_components(student: sympy.Expr, components: list[Component], setting: Setting) -> dict | None:
    """Integer coefficients c with student == sum c_j * component_j at every sampled state."""
    if not components:
        return None
    ev = Evaluator(setting)
    exprs = [student] + [c.expr for c in components]
    n = len(components)
    try:
        with mpmath.workdps(setting.dps):
            rows = _values(ev, exprs, n + 4)
    except (MissingQuantity, NotCompilable, PlacementError):
        return None
    if len(rows) < n + 2:
        return None
    coef = _least_squares([r[1:] for r in rows], [r[0] for r in rows], setting.dps)
    if coef is None:
        return None
    rounded = [int(round(c)) for c in coef]
    if any(abs(c - r) > 1e-6 for c, r in zip(coef, rounded)) or any(r not in (-1, 0, 1, 2) for r in rounded):
        return None
    with mpmath.workdps(setting.dps):
        for r in rows:
            fitted = sum(c * v for c, v in zip(rounded, r[1:]))
            if not agree(r[0], fitted, mpmath.mpf("1e-15")):
                return None
    return {c.label: r for c, r in zip(components, rounded)}


def _least_squares(A: list, b: list, dps: int) -> list[float] | None:
    """x minimising |A x - b| (more rows than columns), or None when the columns are not
    independent. mpmath comes with SymPy; importing numpy would cost a check more than the fit."""
    try:
        with mpmath.workdps(dps):
            x = mpmath.lu_solve(mpmath.matrix(A), mpmath.matrix(b))
    except ZeroDivisionError:  # singular: two terms that are one and the same
        return None
    coef = [float(mpmath.re(v)) for v in x]
    return coef if all(mpmath.isfinite(c) for c in coef) else None


def describe_terms(coefficients: dict, meaning) -> list[str]:
    """Answer-safe sentences for a fitted combination of terms."""
    out = []
    for label, c in coefficients.items():
        where = meaning(label)
        if c == 0:
            out.append(f"Your answer has no contribution {where}.")
        elif c == -1:
            out.append(f"The contribution {where} has the wrong sign.")
        elif c == 2:
            out.append(f"The contribution {where} is counted twice.")
    return out


def match_mistake(student: sympy.Expr, candidates: list[Mutant], setting: Setting) -> Mutant | None:
    """The first mutant equal to the answer at a quick screen and then a confirmation."""
    ev = Evaluator(setting)
    with mpmath.workdps(setting.dps):
        p = ev.placement([student], 90)
        try:
            state = ev.state(p, 90, [student])
            got = ev.value(student, p, state)
        except (Undefined, MissingQuantity, NotCompilable, PlacementError):
            return None
        for m in candidates:
            try:
                pm = ev.placement([student, m.expr], 90)
                if pm != p:
                    continue
                if not agree(got, ev.value(m.expr, p, state), setting.rel_tol):
                    continue
            except (Undefined, MissingQuantity, NotCompilable, PlacementError):
                continue
            # confirm with the full comparison
            from .equivalence import EQUIVALENT, compare

            if compare(student, m.expr, setting).verdict == EQUIVALENT:
                return m
    return None


def per_step_components(summand: sympy.Expr, horizon: int) -> list[Component]:
    return [Component(f"step {k}", pin(summand, k)) for k in range(1, horizon + 1)]


__all__ = ["Component", "Diagnosis", "fit_components", "describe_terms", "match_mistake",
           "per_step_components", "_pretty"]
