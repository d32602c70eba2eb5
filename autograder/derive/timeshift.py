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


def map_symbols(expr: sympy.Expr, fn) -> sympy.Expr:
    """`expr` with every symbol s replaced by fn(s) (fn returns s to keep it).

    Like xreplace over free_symbols, but each distinct subexpression is visited once:
    expanded gradients share subtrees many times over (the adjoint of step t+1 appears in
    every path through it), and xreplace walks every occurrence."""
    memo: dict = {}

    def walk(e):
        done = memo.get(e)
        if done is not None:
            return done
        if e.is_Symbol:
            out = fn(e)
        elif not e.args:
            out = e
        else:
            args = [walk(a) for a in e.args]
            out = e.func(*args) if any(a is not b for a, b in zip(args, e.args)) else e
        memo[e] = out
        return out

    return walk(expr)


def shift(expr: sympy.Expr, by: int) -> sympy.Expr:
    """Move every relative step by `by`: shift(f_t*C_tm1, 1) == f_tp1*C_t."""
    if by == 0:
        return expr
    return map_symbols(expr, lambda s: _moved(s.name, "shift", by))


def pin(expr: sympy.Expr, step: int) -> sympy.Expr:
    """Read the generic step t as the concrete step: pin(C_tm1, 3) == C_2."""
    return map_symbols(expr, lambda s: _moved(s.name, "pin", step))


def release(expr: sympy.Expr, origin: int) -> sympy.Expr:
    """The inverse of pin: concrete steps become steps relative to `origin`."""
    return map_symbols(expr, lambda s: _moved(s.name, "release", origin))


def step_of(symbol: sympy.Symbol) -> tuple[str, str, int] | None:
    return split_time(symbol.name)
