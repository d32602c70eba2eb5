"""Moving expressions in time: shift relative steps, pin them to concrete steps."""
from __future__ import annotations

from functools import lru_cache

import sympy

from ..models.naming import at_offset, at_step, split_time, sym


# (kind a name's time index must have, how the new index is made from the old one k and
# the argument n, how a base and an index become a name)
_MOVES = {
    "shift": ("offset", lambda k, n: k + n, at_offset),
    "pin": ("offset", lambda k, n: n + k, at_step),
    "release": ("step", lambda k, n: k - n, at_offset),
}


@lru_cache(maxsize=None)
def _moved(name: str, how: str, n: int) -> sympy.Symbol:
    """The symbol `name` moved in time; a name without that kind of time index stays."""
    kind, index, spell = _MOVES[how]
    parts = split_time(name)
    if parts is None or parts[1] != kind:
        return sym(name)
    base, _, k = parts
    return sym(spell(base, index(k, n)))


def shift(expr: sympy.Expr, by: int) -> sympy.Expr:
    """Move every relative step by `by`: shift(f_t*C_tm1, 1) == f_tp1*C_t."""
    if by == 0:
        return expr
    return expr.xreplace({s: _moved(s.name, "shift", by) for s in expr.free_symbols})


def pin(expr: sympy.Expr, step: int) -> sympy.Expr:
    """Read the generic step t as the concrete step: pin(C_tm1, 3) == C_2."""
    return expr.xreplace({s: _moved(s.name, "pin", step) for s in expr.free_symbols})


def release(expr: sympy.Expr, origin: int) -> sympy.Expr:
    """The inverse of pin: concrete steps become steps relative to `origin`."""
    return expr.xreplace({s: _moved(s.name, "release", origin) for s in expr.free_symbols})


def step_of(symbol: sympy.Symbol) -> tuple[str, str, int] | None:
    return split_time(symbol.name)
