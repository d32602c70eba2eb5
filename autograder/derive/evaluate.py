"""Numeric evaluation of SymPy expressions without exec or eval.

An expression is compiled once into a straight-line program (shared subexpressions
computed once), then run on plain floats (math) or on mpmath numbers at any precision.
A value that is undefined (division by zero, log of a negative, overflow, a complex
result) raises Undefined, so a caller can never mistake it for a number.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import mpmath
import sympy

from ..models.functions import sigma


class Undefined(ArithmeticError):
    """The expression has no real value at this point."""


class NotCompilable(ValueError):
    """The expression uses something the evaluator does not know (e.g. an unexpanded Sum)."""


def _f_sigma(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _f_sech(x):
    return 1.0 / math.cosh(x)


def _f_pow(a, b):
    return a ** b


FLOAT_OPS: dict[str, Callable] = {
    "sigma": _f_sigma, "tanh": math.tanh, "exp": math.exp, "log": math.log,
    "sech": _f_sech, "pow": _f_pow,
    # functions an answer may also use (parsed from cosh, sinh, atanh, Abs, |x|)
    "cosh": math.cosh, "sinh": math.sinh, "atanh": math.atanh, "abs": abs,
}


def _m_sigma(x):
    return 1 / (1 + mpmath.exp(-x))


MP_OPS: dict[str, Callable] = {
    "sigma": _m_sigma, "tanh": mpmath.tanh, "exp": mpmath.exp, "log": mpmath.log,
    "sech": mpmath.sech, "pow": lambda a, b: mpmath.power(a, b),
    "cosh": mpmath.cosh, "sinh": mpmath.sinh, "atanh": mpmath.atanh, "abs": mpmath.fabs,
}

_FUNCS = {sigma: "sigma", sympy.tanh: "tanh", sympy.exp: "exp", sympy.log: "log", sympy.sech: "sech",
          sympy.cosh: "cosh", sympy.sinh: "sinh", sympy.atanh: "atanh", sympy.Abs: "abs"}


@dataclass(frozen=True)
class Program:
    """A compiled expression: `symbols` are its inputs, in the order `run` expects them."""

    symbols: tuple[sympy.Symbol, ...]
    consts: tuple[sympy.Expr, ...]
    code: tuple[tuple, ...]  # (op, *argument slots); slot = index into the register list
    result: int

    def run(self, values: Sequence, backend: str = "float"):
        """Evaluate with `values` in the order of `symbols`; raises Undefined."""
        if backend == "float":
            ops, regs = FLOAT_OPS, [float(v) for v in values]
            consts = [float(c) for c in self.consts]
        else:
            ops, regs = MP_OPS, [mpmath.mpf(v) if not isinstance(v, mpmath.mpf) else v for v in values]
            consts = [_mp_const(c) for c in self.consts]
        try:
            for op, *args in self.code:
                if op == "const":
                    v = consts[args[0]]
                elif op == "add":
                    v = regs[args[0]]
                    for a in args[1:]:
                        v = v + regs[a]
                elif op == "mul":
                    v = regs[args[0]]
                    for a in args[1:]:
                        v = v * regs[a]
                elif op == "pow":
                    v = ops["pow"](regs[args[0]], regs[args[1]])
                else:
                    v = ops[op](regs[args[0]])
                if isinstance(v, complex) or isinstance(v, mpmath.mpc):
                    raise Undefined("complex value")
                regs.append(v)
        except (ZeroDivisionError, OverflowError, ValueError) as exc:
            raise Undefined(str(exc)) from None
        out = regs[self.result]
        if backend == "float":
            if not math.isfinite(out):
                raise Undefined("not finite")
        elif not mpmath.isfinite(out):
            raise Undefined("not finite")
        return out


def _mp_const(c: sympy.Expr):
    if c.is_Rational:
        return mpmath.mpf(int(c.p)) / int(c.q)
    return mpmath.mpf(sympy.N(c, mpmath.mp.dps + 10))


def compile_expr(expr: sympy.Expr, symbols: Sequence[sympy.Symbol] | None = None) -> Program:
    """Compile `expr`; `symbols` fixes the input order (default: sorted by name).

    Shared subexpressions are compiled once (the walk is over the expression DAG), so
    expanded gradients whose trees repeat subterms stay linear in size.
    """
    expr = sympy.sympify(expr)  # trusted expressions only: numbers become SymPy numbers
    if symbols is None:
        symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    slot: dict[sympy.Expr, int] = {s: i for i, s in enumerate(symbols)}
    consts: list[sympy.Expr] = []
    code: list[tuple] = []
    counter = [len(symbols)]

    def emit(node: sympy.Expr) -> int:
        if node in slot:
            return slot[node]
        if node.is_Number or isinstance(node, sympy.NumberSymbol):
            consts.append(node)
            code.append(("const", len(consts) - 1))
        elif node.is_Symbol:
            raise NotCompilable(f"no value given for {node}")
        elif node.is_Add:
            code.append(("add", *[emit(a) for a in node.args]))
        elif node.is_Mul:
            code.append(("mul", *[emit(a) for a in node.args]))
        elif node.is_Pow:
            code.append(("pow", emit(node.base), emit(node.exp)))
        elif node.func in _FUNCS and len(node.args) == 1:
            code.append((_FUNCS[node.func], emit(node.args[0])))
        else:
            raise NotCompilable(f"cannot evaluate {type(node).__name__}: {node}")
        slot[node] = counter[0]
        counter[0] += 1
        return slot[node]

    result = emit(expr)
    return Program(tuple(symbols), tuple(consts), tuple(code), result)


def evaluate(expr: sympy.Expr, values: dict, backend: str = "float"):
    """One-off evaluation with a dict Symbol -> value (compiles each time)."""
    prog = compile_expr(expr)
    try:
        return prog.run([values[s] for s in prog.symbols], backend)
    except KeyError as exc:
        raise NotCompilable(f"no value given for {exc.args[0]}") from None
