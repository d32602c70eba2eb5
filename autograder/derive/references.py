"""Which gradient a question name means, and its reference in either form.

Question names follow the vocabulary: `grad_f_t` (a node at the generic step t),
`grad_C_3` (a node at a concrete step), `grad_h_0` (an initial state), `grad_W_hi`
(a weight, summed over time).
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..models.graph import Model
from ..models.naming import GRAD, split_time
from .adjoint import (Expander, expanded, initial_adjoint, is_given_only, one_level,
                      weight_gradient)
from .timeshift import pin

FORMS = ("one-level", "expanded")
PATH = "path:"  # 'path:C_t,C_tp1,C_tp2' asks for the product of local partials along a path


def path_reference(model: Model, question: str) -> sympy.Expr:
    from .paths import NotAPath, path_product

    try:
        return path_product(model, [v.strip() for v in question[len(PATH):].split(",") if v.strip()])
    except NotAPath as err:
        raise UnknownQuestion(f"{question!r}: {err}") from None


class UnknownQuestion(KeyError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class Target:
    quantity: str  # node or weight name
    kind: str  # 'generic' | 'step' | 'weight'
    step: int = 0  # offset for generic (always 0), concrete step otherwise


def question_names(model: Model) -> list[str]:
    """The generic questions a model answers (concrete steps are accepted too)."""
    names = [GRAD + n + "_t" for n in model.node_names if not is_given_only(model, n)]
    names += [GRAD + n + "_tm1" for n in model.node_names if not is_given_only(model, n)]
    names += [GRAD + n + "_0" for n in model.initial]
    names += [GRAD + w for w in model.weight_names]
    return names


def resolve(model: Model, question: str) -> Target:
    valid = question_names(model)
    if question.startswith(GRAD):
        inner = question[len(GRAD):]
        if inner in model.weight_names:
            return Target(inner, "weight")
        parts = split_time(inner)
        if parts and parts[0] in model.node_names and not is_given_only(model, parts[0]):
            base, kind, index = parts
            if kind == "offset":
                return Target(base, "generic", index)
            if index == 0 and base not in model.initial:
                raise UnknownQuestion(f"{base} has no value at step 0; steps start at 1")
            return Target(base, "step", index)
    import difflib   # only for a question name that is not known

    close = [v for v in valid if v.lower() == question.lower()]
    close = close or difflib.get_close_matches(question, valid, n=3)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise UnknownQuestion(
        f"unknown question {question!r} for {model.name}.{hint} Valid questions: {', '.join(valid)} "
        f"(a node may also be asked at a concrete step, e.g. {GRAD}{model.node_names[0]}_2)."
    )


def reference(model: Model, question: str, form: str = "one-level", *, last_step: bool = False,
              steps_after: int | None = None, horizon: int | None = None) -> sympy.Expr:
    """The reference gradient for a question.

    one-level: in terms of the users' gradients (general step t < T unless last_step).
    expanded:  down to forward values and given gradients; generic questions need the
               number of steps after t (default: 0 if last_step else 1); concrete steps and
               weights need a horizon T (default 3, or the step itself).
    """
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}; use one of {', '.join(FORMS)}")
    if question.startswith(PATH):
        return path_reference(model, question)
    target = resolve(model, question)
    from .timeshift import shift  # local: keeps the import list short

    if target.kind == "weight":
        if form == "one-level":
            return weight_gradient(model, target.quantity)
        return Expander(model, horizon or 3).weight(target.quantity)
    if target.kind == "generic":
        if form == "one-level":
            return shift(one_level(model, target.quantity, last_step), target.step)
        k = steps_after if steps_after is not None else (0 if last_step else 1)
        return shift(expanded(model, target.quantity, k), target.step)
    # concrete step
    T = horizon if horizon is not None else max(target.step, 1)
    if target.step > T:
        raise ValueError(f"step {target.step} is beyond the horizon T={T}")
    if target.step == 0:
        expr = pin(initial_adjoint(model, target.quantity), 0)
        if form == "one-level":
            return expr
        ex = Expander(model, T)
        return ex._expand(expr)
    if form == "one-level":
        return pin(one_level(model, target.quantity, target.step == T), target.step)
    return Expander(model, T).node(target.quantity, target.step)
