"""How time-indexed quantities are named, in text and as SymPy symbols.

A quantity at a step *relative* to the generic step t is written with a suffix:
`f_t`, `C_tm1` (t-1), `f_tp1` (t+1), `h_tm2` (t-2). At a concrete step it carries the
number: `h_0`, `C_3`. Gradients put `grad_` in front: `grad_C_tp1`, `grad_W_hi`.

Every symbol is created here, real-valued, so that any two modules that name the same
quantity get the same SymPy object.
"""
from __future__ import annotations

import re
from functools import lru_cache

import sympy

GRAD = "grad_"

# The summation index and the horizon of `Sum(expr, (t, 1, T))`.
T_INDEX = sympy.Symbol("t", integer=True, positive=True)
T_HORIZON = sympy.Symbol("T", integer=True, positive=True)

_SUFFIX = re.compile(r"^(?P<base>.+?)_(?:(?P<generic>t(?:(?P<sign>[mp])(?P<k>[1-9]\d*))?)|(?P<step>\d+))$")


@lru_cache(maxsize=None)
def sym(name: str) -> sympy.Symbol:
    """The one SymPy symbol for a quantity name (all quantities are real)."""
    return sympy.Symbol(name, real=True)


def offset_suffix(offset: int) -> str:
    """0 -> 't', -1 -> 'tm1', 2 -> 'tp2'."""
    if offset == 0:
        return "t"
    return f"t{'m' if offset < 0 else 'p'}{abs(offset)}"


def at_offset(base: str, offset: int) -> str:
    """Name of `base` at step t+offset, e.g. at_offset('C', -1) == 'C_tm1'."""
    return f"{base}_{offset_suffix(offset)}"


def at_step(base: str, step: int) -> str:
    """Name of `base` at a concrete step, e.g. at_step('h', 0) == 'h_0'."""
    return f"{base}_{step}"


def grad(name: str) -> str:
    """Name of the loss gradient of a quantity: grad('C_tp1') == 'grad_C_tp1'."""
    return GRAD + name


def split_time(name: str) -> tuple[str, str, int] | None:
    """Split a time-indexed name into (base, kind, index).

    kind is 'offset' (index relative to t) or 'step' (a concrete step). Returns None for
    names without a time suffix (weights such as W_hf).
    >>> split_time('C_tm1'), split_time('h_0'), split_time('f_t')
    (('C', 'offset', -1), ('h', 'step', 0), ('f', 'offset', 0))
    """
    m = _SUFFIX.match(name)
    if not m:
        return None
    if m.group("step") is not None:
        return m.group("base"), "step", int(m.group("step"))
    k = int(m.group("k") or 0)
    return m.group("base"), "offset", -k if m.group("sign") == "m" else k
