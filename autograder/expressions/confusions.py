"""Mistakes the first catalogue (mistakes.py) does not reach, tried only when it found none.

- A slip inside a gradient the answer writes out: the reference says grad_Z_t, the student
  writes what grad_Z_t is one level down ((1 - H_t^2) grad_H_t) and slips there.
- The gradient of another quantity of the model given for this one (grad_U for grad_W),
  or added to it.
- Another weight where one belongs (W_xf for W_hf), or a weight too many in a term.
- A contribution through a quantity that does not use this one (grad_f_tp1 added to grad_f_t).
- A factor written as the square root of its square, which drops its sign.
- One time index off in one term only (z_t for z_tp1 where z_tp1 appears twice).
- One term of the multiplied-out local derivative left out, or its sign flipped.
- One contribution missing and one slip in the rest (two mistakes at once).

The sealed local check (sealing.py) carries the first catalogue only: this one is large
(a weight swap per pair of weights) and is the grader's.

Every message names the kind of slip and where, never the expected expression.
"""
from __future__ import annotations

from typing import Iterator

import sympy

from ..derive.adjoint import one_level
from ..derive.references import reference as derive_reference
from ..derive.references import resolve
from ..derive.timeshift import pin, shift
from ..models.graph import Model
from ..models.naming import GRAD, at_offset, split_time, sym
from .mistakes import Mutant, _pretty, mutants
from . import credit

# slips worth pairing with a missing contribution: the ones a derivation really makes
_PAIRED = ("wrong_derivative", "missing_derivative", "wrong_time_step", "extra_derivative")


def written_out(model: Model, expr: sympy.Expr, last_step: bool) -> sympy.Expr:
    """`expr` with every gradient of a computed quantity replaced by its one-level form
    (grad_Z_t -> (1 - H_t**2)*grad_H_t ...); the loss's given gradients stay."""
    repl = {}
    for s in expr.free_symbols:
        if not s.name.startswith(GRAD):
            continue
        parts = split_time(s.name[len(GRAD):])
        if not parts or parts[0] not in model.definitions:
            continue
        base, kind, k = parts
        if kind == "offset":
            repl[s] = shift(one_level(model, base, last_step and k == 0), k)
        elif k >= 1:
            repl[s] = pin(one_level(model, base, False), k)
    return expr.xreplace(repl) if repl else expr


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def second_chances(model: Model, target: str, ref: sympy.Expr, last_step: bool,
                   components, meaning) -> Iterator[Mutant]:
    """The second catalogue, made lazily; `meaning(label)` says where a component enters."""
    t = resolve(model, target)
    if t.kind == "weight":
        yield from _in_weight_sum(model, t.quantity, ref)
        yield from _other_weights(model, t.quantity, ref)
        return
    yield from _written_out_slips(model, ref, last_step)
    if t.kind == "generic":
        yield from _other_nodes(model, t.quantity, t.step, ref, last_step)
    yield from _wrong_weights(model, ref)
    yield from _extra_paths(model, t.quantity, t.step, ref, components)
    yield from _lost_sign(ref)
    yield from _time_index_in_one_term(ref)
    yield from _expanded_terms(ref)
    yield from _missing_and_slip(model, ref, components, last_step, meaning)


def _extra_paths(model, node, step, ref, components) -> Iterator[Mutant]:
    used_by = {c.label for c in components}
    mine = _pretty(at_offset(node, step))
    for other in model.node_names:
        for k in (step, step + 1):
            label = at_offset(other, k)
            if label in used_by or (other == node and k == step):
                continue
            g = sym(GRAD + label)
            yield Mutant("extra_path", f"Your answer adds a contribution through {_pretty(label)}, "
                         f"but {_pretty(label)} does not use {mine}.", ref + g)


def _time_index_in_one_term(ref) -> Iterator[Mutant]:
    terms = sympy.Add.make_args(ref)
    if len(terms) < 2:
        return
    for term in terms:
        for s in sorted(term.free_symbols, key=lambda s: s.name):
            if s.name.startswith(GRAD):
                continue
            parts = split_time(s.name)
            if not parts or parts[1] != "offset":
                continue
            for d in (-1, 1):
                wrong = sym(at_offset(parts[0], parts[2] + d))
                yield Mutant("time_index", f"Check the time step of {_pretty(wrong.name)} in your answer.",
                             ref.xreplace({term: term.xreplace({s: wrong})}))


def _expanded_terms(ref) -> Iterator[Mutant]:
    """grad_C_t*(C_tm1 - Ctilde_t) multiplied out: one of its terms dropped or negated."""
    if ref.has(sympy.Sum):
        return
    expanded = sympy.expand(ref)
    terms = sympy.Add.make_args(expanded)
    if len(terms) < 2 or len(terms) > 12 or len(terms) == len(sympy.Add.make_args(ref)):
        return
    for term in terms:
        names = ", ".join(_pretty(s.name) for s in sorted(term.free_symbols, key=lambda s: s.name)
                          if not s.name.startswith(GRAD))
        yield Mutant("missing_factor", f"A term of your answer is missing: the one in {names}.",
                     expanded - term)
        yield Mutant("term_sign", f"The term of your answer in {names} has the wrong sign.",
                     expanded - 2 * term)


def _lost_sign(ref) -> Iterator[Mutant]:
    for term in sympy.Add.make_args(ref):
        for f in set(sympy.Mul.make_args(term)):
            if f.is_Number or (f.is_Symbol and f.name.startswith(GRAD)):
                continue
            yield Mutant("lost_sign", "A square root of a square in your answer is an absolute "
                         "value: it drops the sign of what is squared.",
                         ref.xreplace({term: term / f * sympy.sqrt(f ** 2)}))


def _wrong_weights(model, ref) -> Iterator[Mutant]:
    weights = [sym(w) for w in model.weight_names]
    for s in sorted(ref.free_symbols & set(weights), key=lambda s: s.name):
        for other in weights:
            if other != s:
                yield Mutant("wrong_weight", f"Check {other.name} in your answer: the chain rule "
                             "puts another weight there.", ref.xreplace({s: other}))
    for term in sympy.Add.make_args(ref):
        if not any(f.name.startswith(GRAD) for f in term.free_symbols):
            continue
        for w in weights:
            yield Mutant("extra_weight", f"One term of your answer has {w.name} as a factor too many.",
                         ref.xreplace({term: term * w}))


def _written_out_slips(model, ref, last_step) -> Iterator[Mutant]:
    written = written_out(model, ref, last_step)
    if written == ref:
        return
    for m in mutants(written, model):
        if m.code == "sign":
            continue
        yield Mutant(m.code, f"Where you wrote a gradient out one level further: {_lower(m.message)}", m.expr)


def _in_weight_sum(model, weight, ref) -> Iterator[Mutant]:
    if not isinstance(ref, sympy.Sum):
        return
    summand, limits = ref.function, ref.limits
    written = written_out(model, summand, False)
    if written == summand:
        return
    for m in mutants(written, model):
        if m.code in ("sign", "time_shift"):
            continue
        yield Mutant(m.code, f"Inside the sum, where you wrote a step's gradient out one level further: {_lower(m.message)}",
                     sympy.Sum(m.expr, *limits))


def _other_weights(model, weight, ref) -> Iterator[Mutant]:
    for other in model.weight_names:
        if other == weight:
            continue
        theirs = derive_reference(model, GRAD + other)
        yield Mutant("other_gradient",
                     f"This is the gradient of {other}, not of {weight}: check what {weight} "
                     "multiplies where it is used.", theirs)
        yield Mutant("other_gradient_added",
                     f"Your answer adds the gradient of {other} to the gradient of {weight}: "
                     f"only the uses of {weight} contribute.", ref + theirs)


def _other_nodes(model, node, step, ref, last_step) -> Iterator[Mutant]:
    mine = _pretty(at_offset(node, step))
    for other in model.node_names:
        if other == node or other not in model.definitions:
            continue
        try:
            theirs = derive_reference(model, GRAD + at_offset(other, step), last_step=last_step)
        except (ValueError, KeyError):
            continue
        name = _pretty(at_offset(other, step))
        yield Mutant("other_gradient", f"This is the gradient of {name}, not of {mine}.", theirs)


def _missing_and_slip(model, ref, components, last_step, meaning) -> Iterator[Mutant]:
    """A contribution left out and a slip in what remains: both are named."""
    if len(components) < 2:
        return
    for comp in components:
        rest = ref - comp.expr
        if rest == 0 or not rest.free_symbols:
            continue
        missing = f"Your answer has no contribution {meaning(comp.label)}."
        variants = [rest] + ([w] if (w := written_out(model, rest, last_step)) != rest else [])
        for v in variants:
            for m in mutants(v, model):
                kind = credit.kind_of(m.code)
                if kind not in _PAIRED:
                    continue
                yield Mutant(m.code, f"{missing} {m.message}", m.expr, also=("missing_path",))
