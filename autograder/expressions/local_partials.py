"""`\\frac{\\partial f_{t+1}}{\\partial h_t}`: a partial of one model quantity by another.

Derivations start from the local partials of the graph. The model defines them: the
partial of node X at step s by quantity Y is the derivative of X's one-line definition,
written in node values (sigma' of the forget gate reads f(1 - f)). When X's definition
does not use Y directly, the partial is not a local one and the student is told why.
"""
from __future__ import annotations

import sympy

from ..derive.local import node_values, partial
from ..derive.timeshift import pin, shift
from ..models.graph import Model
from ..models.naming import GRAD, split_time


class NotLocal(ValueError):
    """A partial the model's definitions do not give directly (the message says why)."""


def local_partial(model: Model, num: sympy.Symbol, den: sympy.Symbol, shown) -> sympy.Expr:
    """d num / d den from num's definition; `shown(name)` prints a name for messages."""
    if num.name.startswith(GRAD) or den.name.startswith(GRAD):
        raise NotLocal("a partial derivative of or by a gradient is not part of the model; "
                       "write the gradient itself, as \\nabla h_t")
    parts = split_time(num.name)
    if parts is None or parts[0] not in model.definitions:
        what = "an input" if parts and parts[0] in model.input_names else "a weight"
        raise NotLocal(f"{shown(num.name)} is {what}, not computed from other quantities, so "
                       f"it has no partial derivative by {shown(den.name)}")
    base, kind, index = parts
    definition = model.definitions[base]        # at the generic step t
    if kind == "offset":
        at_num = shift(definition, index)
        values = {shift(k, index): shift(v, index) for k, v in node_values(model).items()}
    else:
        at_num = pin(definition, index)
        values = {pin(k, index): pin(v, index) for k, v in node_values(model).items()}
    if den not in at_num.free_symbols:
        raise NotLocal(
            f"{shown(num.name)} = {_formula(model, base, kind, index)} does not use "
            f"{shown(den.name)} directly, so this is not a local partial; write it as a "
            "product of local partials along the path")
    return partial(at_num, den).xreplace(values)


def _formula(model: Model, base: str, kind: str, index: int) -> str:
    from ..derive.printing import to_latex
    d = model.definitions[base]
    d = shift(d, index) if kind == "offset" else pin(d, index)
    return to_latex(model, d)


def partial_rule(model: Model):
    """The vocabulary's hook: (num, den, shown) -> expression, or NotLocal."""
    def rule(num, den, shown):
        return local_partial(model, num, den, shown)
    return rule


__all__ = ["NotLocal", "local_partial", "partial_rule"]
