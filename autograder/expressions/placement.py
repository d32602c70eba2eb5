"""Where a generic answer is evaluated: which concrete step t is, and the horizon T.

An answer about the generic step t may mention t-2 .. t+3. It is pinned to a concrete
step far enough from the start that every mentioned step exists, and the sequence is made
long enough that the mentioned later steps exist too (for a general step t < T), or ends
at t (for the last step). Sums over t = 1..T are expanded at the chosen horizon.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy

from ..derive.timeshift import pin
from ..models.graph import Model
from ..models.naming import GRAD, T_HORIZON, T_INDEX, split_time


class PlacementError(ValueError):
    """The answer mentions steps that cannot exist for this question (student-facing)."""


@dataclass(frozen=True)
class Placement:
    step: int  # the concrete step that t stands for
    horizon: int  # T


def _time_parts(exprs):
    for e in exprs:
        for s in e.atoms(sympy.Symbol):
            if s in (T_INDEX, T_HORIZON):
                continue
            name = s.name[len(GRAD):] if s.name.startswith(GRAD) else s.name
            parts = split_time(name)
            if parts:
                yield s, parts


def choose(model: Model | None, exprs, last_step: bool, variant: int = 0,
           horizon: int | None = None) -> Placement:
    """A placement for all `exprs` (student and reference together).

    `variant` varies the horizon between sample points, so that an answer cannot be right
    only for one particular sequence length. A fixed `horizon` (a question about a concrete
    step, whose reference is derived for T = that step) is kept as it is: gradients of later
    steps are then zero, and later forward values have no value.
    """
    lo, hi, latest_step, has_sum = 0, 0, 0, False
    for e in exprs:
        e_lo, e_hi, e_latest, e_sum = _time_span(e)
        lo, hi, latest_step, has_sum = min(lo, e_lo), max(hi, e_hi), max(latest_step, e_latest), has_sum or e_sum
    if horizon is not None:
        return Placement(max(2, 1 - lo), horizon)
    step = max(2, 1 - lo)
    if last_step:
        horizon = step
    else:
        horizon = step + max(1, hi) + variant
    if has_sum:
        horizon = max(horizon, 3 + variant)
    horizon = max(horizon, latest_step)
    if last_step and has_sum:
        step = horizon
    return Placement(step, horizon)


@functools.lru_cache(maxsize=8192)
def _time_span(e: sympy.Expr) -> tuple[int, int, int, bool]:
    """What placing one expression needs: its lowest and highest offsets from t, its latest
    concrete step, whether it has a sum. Cached: a diagnosis places hundreds of candidates,
    the same ones for every student of a question."""
    lo, hi, latest_step = 0, 0, 0
    for _, (_, kind, index) in _time_parts([e]):
        if kind == "offset":
            lo, hi = min(lo, index), max(hi, index)
        else:
            latest_step = max(latest_step, index)
    return lo, hi, latest_step, e.has(sympy.Sum)


def expand_sums(expr: sympy.Expr, horizon: int) -> sympy.Expr:
    """Sum(body, (t, a, b)) -> body at t=a + ... + body at t=b, with T = horizon."""
    if not expr.has(sympy.Sum):
        return expr

    def one(s: sympy.Sum) -> sympy.Expr:
        if len(s.limits) != 1:
            raise PlacementError("a sum may run over t only")
        var, a, b = s.limits[0]
        a, b = sympy.sympify(a).subs(T_HORIZON, horizon), sympy.sympify(b).subs(T_HORIZON, horizon)
        if var != T_INDEX or not (a.is_Integer and b.is_Integer):
            raise PlacementError("a sum over time must run over t between fixed bounds, e.g. from 1 to T")
        body = expand_sums(s.function, horizon)
        if body.has(T_INDEX):
            raise PlacementError("t may appear in a sum only through indices such as h_tm1")
        a, b = int(a), int(b)
        if a < 0 or b - a > 50:
            raise PlacementError("the sum's bounds are out of range")
        return sympy.Add(*[pin(body, k) for k in range(a, b + 1)])

    return expr.replace(lambda e: isinstance(e, sympy.Sum), one)


def place(expr: sympy.Expr, p: Placement) -> sympy.Expr:
    """Pin the generic step to p.step, expand sums at p.horizon, and drop gradients
    beyond the horizon (they are zero: nothing after T uses the quantity)."""
    out = pin(expand_sums(expr, p.horizon), p.step)
    if out.has(T_HORIZON) or out.has(T_INDEX):
        raise PlacementError("t and T may be used only as the index and bound of a sum")
    zero = {}
    for s in out.free_symbols:
        if s.name.startswith(GRAD):
            parts = split_time(s.name[len(GRAD):])
            if parts and parts[1] == "step" and parts[2] > p.horizon:
                zero[s] = sympy.S.Zero
    return out.xreplace(zero) if zero else out
