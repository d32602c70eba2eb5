"""Maths in the HTML reports as MathML, which browsers render natively: no script, no font
and no request to load, so a report mailed to a student or uploaded to a course site that
strips scripts still shows its formulas.

Expressions the grader holds as SymPy are printed by SymPy's presentation MathML printer;
only the names of the model's quantities (`\\nabla H_{t}`, `\\tilde{C}_{t+1}`, `W_0^{f}`),
which the models keep as LaTeX, go through a LaTeX-to-MathML converter (latex2mathml).
Only text the grader printed itself is converted, never a student's LaTeX.
"""
from __future__ import annotations

import functools
import html
import re

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.pretty.pretty_symbology import greek_unicode

NS = "http://www.w3.org/1998/Math/MathML"
# a symbol's place in SymPy's output, filled with its name's MathML afterwards (cheaper than
# building DOM nodes for it); private-use characters cannot come from a model's names
OPEN, CLOSE = "\ue000", "\ue001"
PLACE = re.compile(f"<mi>{OPEN}([^<{CLOSE}]*){CLOSE}</mi>")
MATH_ELEMENT = re.compile(r"^<math[^>]*>(.*)</math>$", re.S)


def _wrap(inner: str, display: bool) -> str:
    return f'<math xmlns="{NS}" display="{"block" if display else "inline"}">{inner}</math>'


@functools.lru_cache(maxsize=4096)
def latex_to_mathml(tex: str, display: bool = False) -> str:
    """MathML of LaTeX the grader printed, or '' when the converter is missing or fails
    (the caller then shows text only)."""
    try:
        from latex2mathml.converter import convert
    except ImportError:
        return ""
    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:
        return ""


@functools.lru_cache(maxsize=4096)
def name_mathml(model_name: str, name: str) -> str:
    """The MathML (no <math> element) of a model's quantity name, '' when it has none.
    Only the LaTeX of each base name (C, \\tilde{C}, W^{hf}) goes through the converter, once;
    the step and the gradient's nabla are put around it here, as latex_name writes them."""
    try:
        from ..models import get_model
        from ..models.naming import GRAD, split_time
        model = get_model(model_name)
    except Exception:
        return ""
    if name in ("t", "T"):
        return f"<mi>{name}</mi>"
    parts = split_time(name)
    if name.startswith(GRAD) and not (parts and parts[0] in {g for g, _ in model.given.values()}):
        inner = name_mathml(model_name, name[len(GRAD):])
        return f"<mrow><mo>&#x02207;</mo>{inner}</mrow>" if inner else ""
    base = _base_mathml(model_name, parts[0] if parts else name)
    if not base or parts is None:
        return base
    _, kind, k = parts
    if kind == "step":
        sub = f"<mn>{k}</mn>"
    elif k == 0:
        sub = "<mi>t</mi>"
    else:
        sub = f"<mi>t</mi><mo>{'&#x0002B;' if k > 0 else '&#x02212;'}</mo><mn>{abs(k)}</mn>"
    return f"<mrow><msub>{base}<mrow>{sub}</mrow></msub></mrow>"


@functools.lru_cache(maxsize=1024)
def _base_mathml(model_name: str, base: str) -> str:
    try:
        from ..models import get_model
        tex = get_model(model_name).latex_of(base)
    except Exception:
        return ""
    m = MATH_ELEMENT.match(latex_to_mathml(tex))
    return m.group(1) if m else ""


class _ModelPrinter(MathMLPresentationPrinter):
    """SymPy's presentation printer, with the model's names for its quantities."""

    def __init__(self, model_name: str | None, **settings):
        super().__init__(settings)
        self._model_name = model_name

    def _print_Symbol(self, sym, style="plain"):
        if self._model_name and name_mathml(self._model_name, sym.name):
            mi = self.dom.createElement("mi")
            mi.appendChild(self.dom.createTextNode(f"{OPEN}{sym.name}{CLOSE}"))
            return mi
        return super()._print_Symbol(sym, style)

    def _print_Function(self, e):
        # sigma(x) as σ(x), as the LaTeX of the model writes it
        name = greek_unicode.get(e.func.__name__)
        if name is None:
            return super()._print_Function(e)
        mi = self.dom.createElement("mi")
        mi.appendChild(self.dom.createTextNode(name))
        row = self.dom.createElement("mrow")
        row.appendChild(mi)
        row.appendChild(self._paren_comma_separated(*e.args))
        return row


def expression(model_name: str | None, expr: sympy.Expr, display: bool = True) -> str:
    """A SymPy expression as a `<math>` element, in the notation of the model named (None:
    SymPy's own names); '' when it cannot be printed."""
    try:
        inner = _ModelPrinter(model_name)._print(expr).toxml()
    except Exception:
        return ""
    return _wrap(PLACE.sub(lambda m: name_mathml(model_name, m.group(1)), inner), display)

