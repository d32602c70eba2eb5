"""Answers printed for the reports, as MathML (the HTML page) and LaTeX (the Markdown one).

A report re-prints what the grader parsed, never the student's own LaTeX. SymPy's printers
build a document tree and order every sum's terms; a class's reports print hundreds of
distinct answers, and this one walk over the shapes answers take (sums, products,
powers, the model's functions, sums over time) costs a small fraction of that. Anything
else goes to SymPy's printers.
"""
from __future__ import annotations

import html

import sympy

from ..derive.printing import latex_name, to_latex
from ..models import get_model
from . import mathml

_NAMES = {"tanh": "tanh", "exp": "exp", "log": "log", "cosh": "cosh", "sinh": "sinh",
          "atanh": "atanh", "sech": "sech", "sin": "sin", "cos": "cos", "sigma": "sigma"}


class _Unknown(Exception):
    """A shape the direct printer does not know."""


class MathML:
    minus, plus = "<mo>−</mo>", "<mo>+</mo>"
    times = "<mo>&#x2062;</mo>"

    def __init__(self, model_name: str):
        self.model_name = model_name

    def symbol(self, name: str) -> str:
        return mathml.name_mathml(self.model_name, name) or f"<mi>{html.escape(name)}</mi>"

    def integer(self, n: int) -> str:
        return f"<mn>{n}</mn>"

    def decimal(self, text: str) -> str:
        return f"<mn>{html.escape(text)}</mn>"

    def row(self, *parts: str) -> str:
        return "<mrow>" + "".join(parts) + "</mrow>"

    def paren(self, inner: str) -> str:
        return self.row("<mo>(</mo>", inner, "<mo>)</mo>")

    def frac(self, top: str, bottom: str) -> str:
        return f"<mfrac>{self.row(top)}{self.row(bottom)}</mfrac>"

    def sqrt(self, inner: str) -> str:
        return f"<msqrt>{inner}</msqrt>"

    def sup(self, base: str, exp: str) -> str:
        return f"<msup>{base}{self.row(exp)}</msup>"

    def abs(self, inner: str) -> str:
        return self.row("<mo>|</mo>", inner, "<mo>|</mo>")

    def sum(self, var: str, lo: str, hi: str, body: str) -> str:
        under = self.row(var, "<mo>=</mo>", lo)
        return self.row(f"<munderover><mo>∑</mo>{under}{self.row(hi)}</munderover>", body)

    def function(self, name: str, arg: str) -> str:
        shown = "σ" if name == "sigma" else name
        return self.row(f"<mi>{shown}</mi><mo>&#x2061;</mo>", self.paren(arg))


class LaTeX:
    minus, plus, times = " - ", " + ", " "

    def __init__(self, model_name: str):
        self.model = get_model(model_name)

    def symbol(self, name: str) -> str:
        return latex_name(self.model, name)

    def integer(self, n: int) -> str:
        return str(n)

    def decimal(self, text: str) -> str:
        return text

    def row(self, *parts: str) -> str:
        return "".join(parts)

    def paren(self, inner: str) -> str:
        return rf"\left({inner}\right)"

    def frac(self, top: str, bottom: str) -> str:
        return rf"\frac{{{top}}}{{{bottom}}}"

    def sqrt(self, inner: str) -> str:
        return rf"\sqrt{{{inner}}}"

    def sup(self, base: str, exp: str) -> str:
        return f"{{{base}}}^{{{exp}}}"

    def abs(self, inner: str) -> str:
        return rf"\left|{inner}\right|"

    def sum(self, var: str, lo: str, hi: str, body: str) -> str:
        return rf"\sum_{{{var}={lo}}}^{{{hi}}} {body}"

    def function(self, name: str, arg: str) -> str:
        return rf"\{name}{self.paren(arg)}" if name != "atanh" else rf"\operatorname{{atanh}}{self.paren(arg)}"


def _negative(e) -> bool:
    c = e.as_coeff_Mul()[0] if e.is_Mul else e
    return bool(c.is_Number and c.is_negative)


def _walk(e, d) -> str:
    if e.is_Symbol:
        return d.symbol(e.name)
    if e.is_Number:
        return (d.minus.strip() if e.is_negative else "") + _number(abs(e), d)
    if e.is_Add:
        out = []
        for k, t in enumerate(e.args):
            neg = _negative(t)
            sign = (d.minus if k else d.minus.strip()) if neg else (d.plus if k else "")
            out.append(sign + _walk(-t if neg else t, d))
        return d.row(*out)
    if e.is_Mul:
        if _negative(e):
            return d.row(d.minus.strip(), _walk(-e, d))
        num, den = [], []
        for f in e.args:
            if f.is_Pow and f.exp.is_Number and f.exp.is_negative:
                den.append(f.base ** -f.exp)
            elif f.is_Rational and not f.is_Integer:
                if f.p != 1:
                    num.append(sympy.Integer(f.p))
                den.append(sympy.Integer(f.q))
            else:
                num.append(f)
        top = _product(num, d) if num else d.integer(1)
        return d.frac(top, _product(den, d)) if den else top
    if e.is_Pow:
        if e.exp == sympy.S.Half:
            return d.sqrt(_walk(e.base, d))
        if e.exp.is_Number and e.exp.is_negative:
            return d.frac(d.integer(1), _walk(e.base ** -e.exp, d))
        return d.sup(_factor(e.base, d, power=True), _walk(e.exp, d))
    if isinstance(e, sympy.Abs):
        return d.abs(_walk(e.args[0], d))
    if isinstance(e, sympy.Sum) and len(e.limits) == 1:
        var, lo, hi = e.limits[0]
        return d.sum(_walk(var, d), _walk(lo, d), _walk(hi, d), _factor(e.function, d))
    if isinstance(e, sympy.Function) and e.func.__name__ in _NAMES and len(e.args) == 1:
        return d.function(_NAMES[e.func.__name__], _walk(e.args[0], d))
    raise _Unknown(type(e).__name__)


def _number(n, d) -> str:
    if n.is_Integer:
        return d.integer(int(n))
    if n.is_Rational:
        return d.frac(d.integer(int(n.p)), d.integer(int(n.q)))
    if n.is_Float:
        return d.decimal(sympy.sstr(n, full_prec=False))
    raise _Unknown(type(n).__name__)


def _factor(e, d, power: bool = False) -> str:
    """A factor of a product (or the base of a power), in brackets where it needs them."""
    needs = e.is_Add or (power and (e.is_Mul or e.is_Pow or (e.is_Number and (e.is_negative or not e.is_Integer))))
    return d.paren(_walk(e, d)) if needs else _walk(e, d)


def _product(factors, d) -> str:
    if len(factors) == 1:        # alone above or below a fraction bar: no brackets
        return _walk(factors[0], d)
    return d.times.join(_factor(f, d) for f in factors)


_FAILED = (_Unknown, RecursionError, TypeError, ValueError, AttributeError)


def answer_mathml(model_name: str, expr: sympy.Expr) -> str:
    """A display `<math>` element of a parsed answer ('' when it cannot be printed)."""
    try:
        return mathml._wrap(_walk(expr, MathML(model_name)), True)
    except _FAILED:
        return mathml.expression(model_name, expr)


def answer_latex(model_name: str, expr: sympy.Expr) -> str:
    """LaTeX of a parsed answer ('' when it cannot be printed)."""
    try:
        return _walk(expr, LaTeX(model_name))
    except _FAILED:
        pass
    try:
        return to_latex(get_model(model_name), expr)
    except Exception:
        return ""
