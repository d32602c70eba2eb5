"""The only place parsed pieces become SymPy objects, with the numeric limits applied.

Both parsers call these, so text and LaTeX answers produce identical objects and
are bounded by identical rules. Everything is checked *before* SymPy is asked to do
arithmetic: SymPy evaluates numeric powers eagerly, so `10**10**10` must never reach it.
"""
from __future__ import annotations

import math

import sympy

from ..models.naming import T_HORIZON, T_INDEX
from .errors import ForbiddenConstruct, NumberTooBig, WrongArity
from .limits import Limits


def number(value: int | float, position: int | None, limits: Limits) -> sympy.Expr:
    """A literal number, refused when its magnitude exceeds the limit."""
    if isinstance(value, float) and not math.isfinite(value):
        raise NumberTooBig("that number is too large", position)
    if abs(value) > limits.max_integer:
        raise NumberTooBig(
            f"the number {_short(value)} is larger than {limits.max_integer} in size",
            position)
    if isinstance(value, int):
        return sympy.Integer(value)
    return sympy.Float(value)


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:8] + "..." + text[-4:]


def _bits(x: sympy.Expr) -> int:
    """Rough size in bits of an exact number (0 for anything else)."""
    if isinstance(x, sympy.Integer):
        return abs(int(x)).bit_length()
    if isinstance(x, sympy.Rational):
        return max(abs(x.p).bit_length(), x.q.bit_length())
    return 0


def power(base: sympy.Expr, exponent: sympy.Expr, position: int | None,
          limits: Limits) -> sympy.Expr:
    """base**exponent, where the exponent must be a small integer or simple fraction
    (a power of Euler's number e is exp of any exponent)."""
    if base is sympy.E and not isinstance(exponent, sympy.Rational):
        return call("exp", sympy.exp, [exponent], position, limits)
    if not isinstance(exponent, sympy.Rational):
        if isinstance(exponent, sympy.Float) and exponent == int(exponent):
            exponent = sympy.Integer(int(exponent))
        elif isinstance(exponent, sympy.Float) and _decimal_fraction(exponent, limits):
            exponent = _decimal_fraction(exponent, limits)   # x**0.5 is x**(1/2)
        else:
            raise ForbiddenConstruct(
                "an exponent must be a plain number such as 2, -1 or 1/2, "
                f"not {_short(exponent)}", position, code="symbolic_exponent")
    if abs(exponent) > limits.max_exponent:
        raise NumberTooBig(f"the exponent {_short(exponent)} is larger than "
                           f"{limits.max_exponent} in size", position)
    if exponent.q > limits.max_denominator:
        raise NumberTooBig(f"the exponent {exponent} is not a simple fraction", position)
    if _bits(base) * abs(exponent) > limits.max_result_bits:
        raise NumberTooBig("that power of a number is too large to compute", position)
    result = sympy.Pow(base, exponent)
    # (x**64)**64 combines into x**4096: bound the exponent SymPy actually kept.
    if isinstance(result, sympy.Pow) and isinstance(result.exp, sympy.Rational) \
            and abs(result.exp) > limits.max_exponent:
        raise NumberTooBig(f"the combined exponent {result.exp} is larger than "
                           f"{limits.max_exponent}", position)
    return result


def _decimal_fraction(value: sympy.Float, limits: Limits) -> sympy.Rational | None:
    """A decimal exponent as the simple fraction it is (0.5 -> 1/2, 1.5 -> 3/2), or None."""
    from fractions import Fraction
    f = Fraction(repr(float(value))).limit_denominator(limits.max_denominator)
    if float(f) != float(value):
        return None
    return sympy.Rational(f.numerator, f.denominator)


def _exp_depth(expr: sympy.Expr) -> int:
    """Deepest nesting of exp in expr (exp(exp(x)) -> 2)."""
    best, stack = 0, [(expr, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, sympy.exp):
            depth += 1
            best = max(best, depth)
        stack.extend((a, depth) for a in node.args)
    return best


def call(name: str, fn, args: list[sympy.Expr], position: int | None,
         limits: Limits) -> sympy.Expr:
    """fn(*args) for a whitelisted function, checking arity and exp towers."""
    nargs = getattr(fn, "nargs", None)
    allowed = sorted(nargs) if isinstance(nargs, (set, frozenset, sympy.FiniteSet)) else [1]
    allowed = [int(a) for a in allowed]
    if len(args) not in allowed:
        want = " or ".join(str(a) for a in allowed)
        raise WrongArity(f"{name} takes {want} argument{'s' if allowed != [1] else ''} "
                         f"but was given {len(args)}", position)
    result = fn(*args)
    if _exp_depth(result) > limits.max_exp_nesting:
        raise NumberTooBig(f"exp is nested more than {limits.max_exp_nesting} deep; "
                           "such a tower cannot be evaluated", position, code="exp_tower")
    return result


def time_sum(summand: sympy.Expr, lower: sympy.Expr, upper: sympy.Expr,
             position: int | None) -> sympy.Expr:
    """Sum over the time index t; bounds may use numbers and the horizon T only."""
    for bound in (lower, upper):
        if not bound.free_symbols <= {T_HORIZON}:
            raise ForbiddenConstruct(
                "the bounds of a sum over t may only use numbers and T", position,
                code="sum_bounds")
    if isinstance(summand, sympy.Sum):
        raise ForbiddenConstruct("a sum over t inside another sum over t is not allowed",
                                 position, code="nested_sum")
    return sympy.Sum(summand, (T_INDEX, lower, upper))
