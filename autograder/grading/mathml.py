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
from xml.dom import minidom

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.pretty.pretty_symbology import greek_unicode

NS = "http://www.w3.org/1998/Math/MathML"


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


class _ModelPrinter(MathMLPresentationPrinter):
    """SymPy's presentation printer, with the model's names for its quantities."""

    def __init__(self, model, **settings):
        super().__init__(settings)
        self._model = model

    def _print_Symbol(self, sym, style="plain"):
        node = self._name(sym.name)
        return node if node is not None else super()._print_Symbol(sym, style)

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

    def _name(self, name: str):
        if self._model is None:
            return None
        try:
            from ..derive.printing import latex_name
            tex = latex_name(self._model, name)
        except Exception:
            return None
        converted = latex_to_mathml(tex)
        if not converted:
            return None
        math = minidom.parseString(converted).documentElement
        rows = [n for n in math.childNodes if n.nodeType == n.ELEMENT_NODE]
        if len(rows) != 1:
            return None
        return self.dom.importNode(rows[0], True)


def expression(model, expr: sympy.Expr, display: bool = True) -> str:
    """A SymPy expression as a `<math>` element, in the model's notation (None: SymPy's
    own names); '' when it cannot be printed."""
    try:
        printer = _ModelPrinter(model)
        return _wrap(printer._print(expr).toxml(), display)
    except Exception:
        return ""


def text(words: str, display: bool = False) -> str:
    """Plain text inside maths (an `<mtext>`), escaped."""
    return _wrap(f"<mtext>{html.escape(words)}</mtext>", display)
