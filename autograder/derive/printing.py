"""References printed in the students' vocabulary: text that parses back, or LaTeX."""
from __future__ import annotations

import sympy

from ..models.graph import Model
from ..models.naming import GRAD, split_time


def _subscript(kind: str, index: int) -> str:
    if kind == "step":
        return str(index)
    if index == 0:
        return "t"
    return f"t{'+' if index > 0 else '-'}{abs(index)}"


def latex_name(model: Model, name: str) -> str:
    """LaTeX of a quantity name: 'Ctilde_tp1' -> '\\tilde{C}_{t+1}', 'grad_W_hi' -> '\\nabla W^{hi}'."""
    if name.startswith(GRAD):
        inner = name[len(GRAD):]
        # the given loss gradient of the LSTM is itself named grad_y
        parts = split_time(name)
        if parts and parts[0] in {g for g, _ in model.given.values()}:
            return rf"{model.latex_of(parts[0])}_{{{_subscript(parts[1], parts[2])}}}"
        return r"\nabla " + latex_name(model, inner)
    if name in ("t", "T"):
        return name
    parts = split_time(name)
    if parts is None:
        return model.latex_of(name)
    base, kind, index = parts
    return f"{model.latex_of(base)}_{{{_subscript(kind, index)}}}"


def to_text(expr: sympy.Expr) -> str:
    """Plain text in SymPy syntax (sigma, tanh, **, Sum(..., (t, 1, T)))."""
    return sympy.sstr(expr, order="none")


def to_latex(model: Model, expr: sympy.Expr) -> str:
    names = {s: latex_name(model, s.name) for s in expr.free_symbols}
    if isinstance(expr, sympy.Sum) or expr.has(sympy.Sum):
        for s in expr.atoms(sympy.Symbol):
            names.setdefault(s, latex_name(model, s.name))
    return sympy.latex(expr, symbol_names=names)
