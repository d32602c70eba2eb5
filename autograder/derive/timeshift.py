"""Moving expressions in time: shift relative steps, pin them to concrete steps."""
from __future__ import annotations

from functools import lru_cache

import sympy

from ..models.naming import at_offset, at_step, split_time, sym


@lru_cache(maxsize=None)
def _shifted(name: str, by: int) -> sympy.Symbol:
    parts = split_time(name)
    if parts is None or parts[1] != "offset":
        return sym(name)
    base, _, k = parts
    return sym(at_offset(base, k + by))


@lru_cache(maxsize=None)
def _pinned(name: str, step: int) -> sympy.Symbol:
    parts = split_time(name)
    if parts is None or parts[1] != "offset":
        return sym(name)
    base, _, k = parts
    return sym(at_step(base, step + k))


@lru_cache(maxsize=None)
def _released(name: str, origin: int) -> sympy.Symbol:
    parts = split_time(name)
    if parts is None or parts[1] != "step":
        return sym(name)
    base, _, k = parts
    return sym(at_offset(base, k - origin))


def shift(expr: sympy.Expr, by: int) -> sympy.Expr:
    """Move every relative step by `by`: shift(f_t*C_tm1, 1) == f_tp1*C_t."""
    if by == 0:
        return expr
    return expr.xreplace({s: _shifted(s.name, by) for s in expr.free_symbols})


def pin(expr: sympy.Expr, step: int) -> sympy.Expr:
    """Read the generic step t as the concrete step: pin(C_tm1, 3) == C_2."""
    return expr.xreplace({s: _pinned(s.name, step) for s in expr.free_symbols})


def release(expr: sympy.Expr, origin: int) -> sympy.Expr:
    """The inverse of pin: concrete steps become steps relative to `origin`."""
    return expr.xreplace({s: _released(s.name, origin) for s in expr.free_symbols})


def step_of(symbol: sympy.Symbol) -> tuple[str, str, int] | None:
    return split_time(symbol.name)
