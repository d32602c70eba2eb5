"""Is a student's expression equal to the reference on every consistent state?

Verdicts (this is where they are decided):
  equivalent      proved by a cheap exact stage, or equal at every one of several random
                  consistent states, evaluated at 30 digits within a tight tolerance;
  not_equivalent  different at some state where both are defined (a counterexample);
  undecided       no decision within the budget, or too few points where both sides are
                  defined. Never counted as right or wrong.
Points where the reference is undefined are skipped; a student expression that is
undefined where the reference is defined is a counterexample (it is not the same function).

A tolerance must not hide what the student wrote on purpose: an answer that differs from
the reference by an exact number (`+ 1/10**25`, `*(1 + 1/10**22)`) is decided exactly
(its own constant term or factor is set aside and the rest compared), and the numeric
stage works at a precision that resolves every number the student wrote.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import time
from dataclasses import dataclass, field

import mpmath
import sympy

from ..derive.evaluate import NotCompilable, Undefined, compile_expr
from ..models.graph import Model
from .placement import Placement, PlacementError, choose, place
from .states import FreeSetting, WithFree, free_state, model_state

EQUIVALENT, NOT_EQUIVALENT, UNDECIDED = "equivalent", "not_equivalent", "undecided"


@dataclass(frozen=True)
class Setting:
    """Where the comparison happens: a model (consistent states) or free symbols."""

    model: Model | None = None
    last_step: bool = False
    free: FreeSetting = field(default_factory=FreeSetting)
    points: int = 6
    dps: int = 30
    rel_tol: mpmath.mpf = mpmath.mpf("1e-18")
    budget_s: float = 3.0
    exact_size: int = 60  # try sympy.expand only on expressions this small
    exact_terms: int = 400  # ... and only when the expansion has at most this many terms
    horizon: int | None = None  # a fixed T (questions about a concrete step)


@dataclass
class Comparison:
    verdict: str
    how: str  # 'exact' | 'numeric' | a reason
    points: int = 0  # points where both sides were defined and compared
    detail: str = ""
    samples: list = field(default_factory=list)  # [(placement, state, student, reference)]


class Evaluator:
    """Compiled, placed forms of expressions at the sampled states (shared by diagnosis)."""

    def __init__(self, setting: Setting):
        self.setting = setting
        self._states: dict[tuple, dict] = {}

    def placement(self, exprs, k: int) -> Placement:
        if self.setting.model is None:
            return Placement(0, 0)
        return choose(self.setting.model, exprs, self.setting.last_step, variant=k % 2,
                      horizon=self.setting.horizon)

    def state(self, placement: Placement, k: int, exprs) -> dict:
        key = (placement, k)
        if self.setting.model is None:
            symbols = set().union(*(e.free_symbols for e in exprs))
            return free_state(self.setting.free, symbols, 1000 + k, self.setting.dps)
        if key not in self._states:
            state = model_state(self.setting.model, placement.horizon, 1000 + k, self.setting.dps)
            if self.setting.free.domains:
                state = WithFree(state, self.setting.free, 1000 + k, self.setting.dps)
            self._states[key] = state
        return self._states[key]

    def value(self, expr: sympy.Expr, placement: Placement, state: dict):
        prog = _program(expr, placement if self.setting.model is not None else None)
        missing = [s for s in prog.symbols if s not in state]
        if missing:
            raise MissingQuantity(missing, placement)
        with mpmath.workdps(self.setting.dps):
            return prog.run([state[s] for s in prog.symbols], "mp")


@functools.lru_cache(maxsize=8192)
def _program(expr: sympy.Expr, placement: Placement | None):
    """`expr` placed (None: as it is) and compiled. Cached: a diagnosis evaluates hundreds of
    candidate mistakes, the same ones for every student of a question."""
    return compile_expr(_evaluable(place(expr, placement) if placement is not None else expr))


def _evaluable(expr: sympy.Expr) -> sympy.Expr:
    """SymPy turns sqrt(x**2) of a real x into Abs(x), which the evaluator does not know;
    give it back as the power it came from (rebuilt unevaluated, or SymPy undoes it)."""
    if not expr.has(sympy.Abs):
        return expr
    memo: dict = {}

    def walk(e):
        if e.is_Atom:
            return e
        if e in memo:
            return memo[e]
        args = [walk(a) for a in e.args]
        if isinstance(e, sympy.Abs):
            out = sympy.Pow(sympy.Pow(args[0], 2, evaluate=False), sympy.S.Half, evaluate=False)
        elif all(a is b for a, b in zip(args, e.args)):
            out = e
        else:
            out = e.func(*args, evaluate=False)
        memo[e] = out
        return out

    return walk(expr)


class MissingQuantity(ValueError):
    def __init__(self, symbols, placement):
        self.symbols = symbols
        self.placement = placement
        names = ", ".join(sorted(s.name for s in symbols))
        super().__init__(f"no value for {names}")


def agree(a, b, rel_tol) -> bool:
    scale = max(abs(a), abs(b))
    return abs(a - b) <= rel_tol * scale or (scale == 0)


def _small(e: sympy.Expr, limit: int) -> bool:
    return sympy.count_ops(e, visual=False) <= limit


def expansion_size(e: sympy.Expr, cap: int) -> int:
    """An upper estimate of the number of terms `sympy.expand(e)` produces (at most cap+1).

    A short expression can expand to millions of terms ((a+b+c+d+e+f)**64 has ~10**8), and
    expand cannot be interrupted, so the exact stage asks this first. Function arguments
    and non-integer powers are expanded in place: they count through their own size.
    """
    if e.is_Atom:
        return 1
    if e.is_Add:
        return min(cap + 1, sum(expansion_size(a, cap) for a in e.args))
    if e.is_Mul:
        n = 1
        for a in e.args:
            n = min(cap + 1, n * expansion_size(a, cap))
        return n
    if e.is_Pow:
        k = expansion_size(e.base, cap)
        x = e.exp
        if x.is_Integer and x > 0:
            if k > cap:
                return cap + 1
            # number of monomials of degree x in k terms, computed with an early exit
            n = 1
            for j in range(1, int(x) + 1):
                n = n * (k - 1 + j) // j
                if n > cap:
                    return cap + 1
            return n
        if x.is_Integer and x < 0:  # 1/(a+b)**n: the denominator is expanded too
            return cap + 1 if expansion_size(e.base ** -x, cap) > cap else 1
        return cap + 1 if max([k] + [expansion_size(x, cap)]) > cap else 1
    # a function: its arguments are expanded where they stand
    return cap + 1 if any(expansion_size(a, cap) > cap for a in e.args) else 1


# numbers of up to this many digits (2, 1/2, 0.25, ...) need no extra precision
PLAIN_DIGITS = 6
MAX_EXTRA_DIGITS = 200


def precision_digits(expr: sympy.Expr) -> int:
    """Digits beyond the setting's precision needed to resolve the numbers in `expr`: a
    constant such as 1/10**25 or exp(-100) changes the value by ~1e-25 or ~1e-44, which a
    30-digit comparison within 1e-18 cannot see."""
    need = 0
    for e in sympy.preorder_traversal(expr):
        if e.is_Rational and e != 0:
            p, q = e.as_numer_denom()
            need = max(need, len(str(abs(int(p)))), len(str(abs(int(q)))))
        elif e.is_Float and e != 0:
            need = max(need, 15 + abs(int(math.floor(math.log10(abs(float(e)) or 1e-300)))))
        elif not e.is_Number and not e.free_symbols and not e.is_Atom:
            try:
                v = abs(complex(sympy.N(e, 20)))
            except (TypeError, ValueError, ArithmeticError, RecursionError):
                continue
            if v > 0 and math.isfinite(v):
                need = max(need, abs(int(math.floor(math.log10(v)))) + PLAIN_DIGITS)
    return min(MAX_EXTRA_DIGITS, max(0, need - PLAIN_DIGITS))


def _constant_split(student: sympy.Expr, reference: sympy.Expr):
    """(kind, student expression with the reference's constant, the difference) when the
    student's constant term or factor is an exact number other than the reference's."""
    cs, rest_s = student.as_coeff_Add()
    cr, _ = reference.as_coeff_Add()
    if cs != cr and cs.is_Number and cr.is_Number and rest_s != 0:
        return "offset", rest_s + cr, cs - cr
    ks, rest_s = student.as_coeff_Mul()
    kr, _ = reference.as_coeff_Mul()
    if ks != kr and ks.is_Number and kr.is_Number and kr != 0 and rest_s.free_symbols:
        return "factor", rest_s * kr, ks / kr
    return None


def compare(student: sympy.Expr, reference: sympy.Expr, setting: Setting) -> Comparison:
    """Decide whether student == reference modulo the setting."""
    extra = precision_digits(student)
    if extra:
        setting = dataclasses.replace(setting, dps=setting.dps + extra,
                                      rel_tol=setting.rel_tol * mpmath.mpf(10) ** -extra)
    split = _constant_split(student, reference)
    if split is not None:
        kind, rest, number = split
        rest_cmp = _compare(rest, reference, setting)
        if rest_cmp.verdict == EQUIVALENT:
            detail = (f"it differs from the expected expression by the exact constant {number}" if kind == "offset"
                      else f"it is exactly {number} times the expected expression")
            return Comparison(NOT_EQUIVALENT, "exact", rest_cmp.points, detail)
    result = _compare(student, reference, setting)
    if extra and result.verdict == NOT_EQUIVALENT and result.samples and not result.detail:
        _, _, got, ref = result.samples[-1]
        diff = got - ref
        if abs(diff) <= mpmath.mpf("1e-12") * max(abs(got), abs(ref)):
            # a difference no plain rounding explains: say how small it is, it is on purpose
            result.detail = f"it differs from the expected expression by about {mpmath.nstr(diff, 3)}"
    return result


def _compare(student: sympy.Expr, reference: sympy.Expr, setting: Setting) -> Comparison:
    started = time.monotonic()
    exprs = (student, reference)
    # Exact stage: identical after placement, or a polynomial identity in the symbols.
    try:
        if student == reference:
            return Comparison(EQUIVALENT, "exact")
        if not student.has(sympy.Sum) and not reference.has(sympy.Sum):
            if (_small(student, setting.exact_size) and _small(reference, setting.exact_size)
                    and expansion_size(student - reference, setting.exact_terms) <= setting.exact_terms):
                if sympy.expand(student - reference) == 0:
                    return Comparison(EQUIVALENT, "exact")
    except (TypeError, ValueError, RecursionError, ArithmeticError):
        pass
    ev = Evaluator(setting)
    compared, attempts = 0, 0
    samples = []
    while compared < setting.points and attempts < setting.points * 3:
        if time.monotonic() - started > setting.budget_s:
            return Comparison(UNDECIDED, "budget", compared,
                              "the comparison took longer than allowed", samples)
        k = attempts
        attempts += 1
        try:
            p = ev.placement(exprs, k)
            state = ev.state(p, k, exprs)
        except PlacementError as err:
            return Comparison(UNDECIDED, "placement", 0, str(err))
        try:
            ref = ev.value(reference, p, state)
        except Undefined:
            continue
        except NotCompilable as err:
            return Comparison(UNDECIDED, "not_compilable", compared, str(err), samples)
        try:
            got = ev.value(student, p, state)
        except NotCompilable as err:
            return Comparison(UNDECIDED, "not_compilable", compared,
                              "the expression contains something that cannot be evaluated", samples)
        except Undefined:
            return Comparison(NOT_EQUIVALENT, "numeric", compared,
                              "the expression is undefined at a valid state (e.g. division by "
                              "zero or the log of a negative number)", samples)
        samples.append((p, state, got, ref))
        compared += 1
        if not agree(got, ref, setting.rel_tol):
            return Comparison(NOT_EQUIVALENT, "numeric", compared, "", samples)
    if compared < max(3, setting.points // 2):
        return Comparison(UNDECIDED, "undefined", compared,
                          "too few points where both sides have a value", samples)
    return Comparison(EQUIVALENT, "numeric", compared, "", samples)


__all__ = ["compare", "Setting", "Comparison", "Evaluator", "MissingQuantity", "PlacementError",
           "NotCompilable", "EQUIVALENT", "NOT_EQUIVALENT", "UNDECIDED"]
