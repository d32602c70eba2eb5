"""Checking one answer to one question: parse, compare, diagnose, score, explain.

This is the function the CLI, the notebook `check()` and the grading pipeline all call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Iterator

import sympy

from ..derive.adjoint import expanded, one_level, weight_summand
from ..derive.local import edges, links
from ..derive.paths import one_level_branches
from ..derive.references import reference as derive_reference
from ..derive.references import PATH, resolve
from ..derive.printing import to_text
from ..derive.timeshift import shift
from ..models.graph import Model
from ..models.naming import GRAD, T_HORIZON, T_INDEX, at_offset, split_time, sym
from .diagnosis import Component, Diagnosis, describe_terms, fit_components, match_mistake
from .equivalence import (EQUIVALENT, NOT_EQUIVALENT, Comparison, MissingQuantity, Setting,
                          compare)
from . import credit, prose, readings
from .errors import AnswerError, ForbiddenConstruct
from .limits import prescan_derivation
from .confusions import second_chances
from .mistakes import Mutant, _pretty, mutants
from .model_vocabulary import vocabulary_for
from .parse import parse_answer, parse_lines
from .placement import PlacementError

CORRECT, INCORRECT, INVALID, UNDECIDED = "correct", "incorrect", "invalid", "undecided"


@dataclass(frozen=True)
class PartialCredit:
    """How much of the points a wrong answer keeps: the table of credit.py, with a spec's
    overrides. `credit` overrides fractions by kind ((kind, fraction) pairs); the older
    switches still work: `per_branch` gives the share of right terms of a fitted answer,
    `mistake` one fraction for every catalogued mistake, `broken_step` a derivation's."""
    per_branch: bool = False
    mistake: float | None = None
    broken_step: float | None = None
    credit: tuple = ()

    def table(self) -> dict:
        return credit.question_table(self.credit, self.broken_step)


@dataclass
class CheckResult:
    verdict: str
    score: float
    feedback: str
    diagnosis: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "score": self.score, "feedback": self.feedback,
                "diagnosis": self.diagnosis}


def _meaning(model: Model):
    def where(label: str) -> str:
        if label.startswith("step "):
            return f"from {label}"
        if " -> " in label:
            return "along the path " + " -> ".join(_pretty(p) for p in label.split(" -> "))
        parts = split_time(label)
        if parts and parts[0] in model.node_names:
            return f"through {_pretty(label)} ({model.meaning_of(parts[0])})"
        if parts and parts[0] in {g for g, _ in model.given.values()}:
            return f"from the loss at {_pretty(label)}"
        return f"through {label}"
    return where


def reachable(model: Model, node: str, offset: int, depth: int = 4) -> set[tuple[str, int]]:
    """Quantities computed from node_{t+offset}, within a few steps (forward closure)."""
    seen = {(node, offset)}
    frontier = [(node, offset)]
    while frontier:
        n, o = frontier.pop()
        for consumer, lag in links(model).get(n, ()):
            nxt = (consumer, o + lag)
            if nxt[1] <= offset + depth and nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def _circular_gradients(model: Model, target: str, expr: sympy.Expr) -> list[str]:
    """Gradient symbols an answer for `target` may not use: those of quantities that are
    not computed from the target (their gradients do not flow into it)."""
    if target.startswith(PATH):
        return sorted(s.name for s in expr.free_symbols if s.name.startswith(GRAD))
    t = resolve(model, target)
    # a weight's gradient collects every step's gradients: it never flows into one quantity
    weights = sorted(s.name for s in expr.free_symbols
                     if s.name.startswith(GRAD) and s.name[len(GRAD):] in model.weight_names)
    if t.kind != "generic":
        return weights
    ok = reachable(model, t.quantity, t.step)
    given = {g for g, _ in model.given.values()}
    bad = []
    for s in expr.free_symbols:
        if not s.name.startswith(GRAD):
            continue
        parts = split_time(s.name[len(GRAD):])
        if not parts or parts[1] != "offset" or parts[0] in given:
            continue
        if (parts[0], parts[2]) not in ok and parts[0] in model.node_names:
            bad.append(s.name)
    return sorted(bad + weights)


def _fixed_horizon(model: Model, target: str) -> int | None:
    """The T a concrete-step question's reference is derived for (grad_C_3: T = 3, so
    grad_C_4 is zero there), or None where T is free."""
    if target.startswith(PATH):
        return None
    t = resolve(model, target)
    return t.step if t.kind == "step" and t.step >= 1 else None


def _components(model: Model, target: str, last_step: bool) -> list[Component]:
    if target.startswith(PATH):
        return []
    t = resolve(model, target)
    if t.kind == "weight":
        return [Component(at_offset(e.consumer, 0), e.factor * sym(GRAD + at_offset(e.consumer, 0)))
                for e in edges(model)[t.quantity]]
    if t.kind != "generic":
        return []
    return [Component(at_offset(*_split_via(b.via, t.step)), shift(b.term, t.step))
            for b in one_level_branches(model, t.quantity, last_step)]


def _split_via(via: str, by: int) -> tuple[str, int]:
    parts = split_time(via)
    return (parts[0], parts[2] + by) if parts else (via, 0)


def _mutants(model: Model, target: str, ref: sympy.Expr, last_step: bool) -> Iterator[Mutant]:
    """The catalogue of mistakes for this question, in the order they are tried, made lazily."""
    if target.startswith(PATH):
        return mutants(ref, model)
    t = resolve(model, target)
    if t.kind == "weight":
        summand = weight_summand(model, t.quantity)
        extra = []
        # the seed's slip: the last-step form of each gradient used at every step
        last = summand
        for s in summand.free_symbols:
            parts = split_time(s.name[len(GRAD):]) if s.name.startswith(GRAD) else None
            if parts and parts[0] in model.node_names and parts[0] not in model.given:
                last = last.xreplace({s: expanded(model, parts[0], 0)})
        if last != summand:
            extra.append(Mutant("last_step_form_in_sum",
                                "Inside the sum, each step's gradient is written as if that step "
                                "were the last; for t < T the later steps contribute too.",
                                sympy.Sum(last, (T_INDEX, 1, T_HORIZON))))
        for lo, hi, msg in [
                (1, T_HORIZON - 1, "The sum over time leaves out the last step T."),
                (2, T_HORIZON, "The sum over time leaves out step 1."),
                (0, T_HORIZON, "The sum over time includes a step 0, before the first input: "
                               "the weight is used at steps 1..T only."),
                (2, T_HORIZON - 1, "The sum over time leaves out both step 1 and step T.")]:
            extra.append(Mutant("sum_limits", msg, sympy.Sum(summand, (T_INDEX, lo, hi))))
        extra.append(Mutant("missing_sum",
                            "The weight is shared by every step: its gradient adds up the "
                            "contributions of all steps t = 1..T.", summand))
        inner = mutants(summand, model)
        return chain(extra, (Mutant(m.code, _in_sum(m), sympy.Sum(m.expr, (T_INDEX, 1, T_HORIZON)))
                             for m in inner))
    general_last = None
    if t.kind == "generic" and not last_step:
        general_last = shift(one_level(model, t.quantity, True), t.step)
    out = [mutants(ref, model, general_last=general_last)]
    if t.kind == "generic":
        out.append(_inner_mutants(model, t.quantity, t.step, ref, last_step))
        out.append(_activation_mutants(model, t.quantity, t.step, ref))
    if t.kind == "generic" and last_step:
        # answers written out in forward values: mutate the expanded form too
        out.append(mutants(shift(expanded(model, t.quantity, 0), t.step), model))
    return chain.from_iterable(out)


def _in_sum(m: Mutant) -> str:
    if m.code == "time_shift":
        return ("Each step's contribution is taken one step off: the sum misses one end of "
                "t = 1..T and reaches a step outside it.")
    return m.message


def _inner_mutants(model: Model, node: str, step: int, ref: sympy.Expr, last_step: bool
                   ) -> Iterator[Mutant]:
    """Mistakes inside a larger answer: the same-step gradients the reference uses (grad_C_t
    in grad_f_t) written out one level, then mutated; and their last-step form used at a
    general step."""
    same_step = {}
    for s in ref.free_symbols:
        parts = split_time(s.name[len(GRAD):]) if s.name.startswith(GRAD) else None
        if parts and parts[1] == "offset" and parts[2] == step and parts[0] in model.definitions:
            same_step[s] = parts[0]
    for s, base in sorted(same_step.items(), key=lambda kv: kv[0].name):
        written = ref.xreplace({s: shift(one_level(model, base, last_step), step)})
        what = _pretty(s.name[len(GRAD):])
        for m in mutants(written, model):
            if m.code in ("sign",):
                continue
            yield Mutant(m.code, f"Inside the gradient of {what} you wrote out: {m.message}", m.expr)
        if not last_step:
            last = shift(one_level(model, base, True), step)
            if last != shift(one_level(model, base, False), step):
                yield Mutant("last_step_form_inside",
                             f"The gradient of {what} inside your answer has the form for the "
                             f"last step t = T; at a step t < T, {what} is also used at step t+1.",
                             ref.xreplace({s: last}))


def _activation_mutants(model: Model, node: str, step: int, ref: sympy.Expr) -> list[Mutant]:
    """The gradient of a gate's pre-activation given for the gate (an extra sigma' or tanh')."""
    from ..models.functions import sigma as _sigma
    definition = model.definitions.get(node)
    g = sym(at_offset(node, step))
    if isinstance(definition, _sigma):
        extra = g * (1 - g)
    elif isinstance(definition, sympy.tanh):
        extra = 1 - g ** 2
    else:
        return []
    return [Mutant("pre_activation_gradient",
                   f"This is the gradient of the pre-activation of {_pretty(g.name)}; the question asks "
                   f"for the gradient of {_pretty(g.name)} itself, which stops before the derivative of "
                   "its activation.", ref * extra)]


def _invalid(err: AnswerError, text: str) -> CheckResult:
    return CheckResult(INVALID, 0.0, err.render(text) if hasattr(err, "render") else err.message,
                       {"error": err.code, "position": err.position})


def _explain_missing(err: MissingQuantity, last_step: bool) -> str:
    names = ", ".join(sorted(s.name for s in err.symbols))
    if last_step:
        return (f"Your answer uses {names}, which has no value here: t is the last step, so there is "
                "no step t+1.")
    return f"Your answer uses {names}, which has no value in this question."


# answers parsed for a check in this process, by (model, text): a report prints them
# without parsing them again. Bounded: oldest first out.
_PARSED: dict = {}
_PARSED_MAX = 8192


def _remember(model_name: str, text: str, expr: sympy.Expr) -> None:
    if len(_PARSED) >= _PARSED_MAX:
        del _PARSED[next(iter(_PARSED))]
    _PARSED[(model_name, text)] = expr


def parsed_before(model_name: str, text: str) -> sympy.Expr | None:
    """The expression a check in this process parsed from `text`, if any."""
    return _PARSED.get((model_name, text))


def check_expression(model: Model, target: str, text: str, *, last_step: bool = False,
                     partial: PartialCredit = PartialCredit(), show_reference: bool = False,
                     setting: Setting | None = None, diagnose: bool = True) -> CheckResult:
    """Check one answer (text or LaTeX) for the gradient `target` (e.g. 'grad_C_t')."""
    vocab = vocabulary_for(model)
    if not target.startswith(PATH) and prose.is_prose(text):
        return check_prose(model, target, text, last_step=last_step, partial=partial,
                           show_reference=show_reference)
    try:
        with readings.collect() as notes:
            student = parse_answer(text, vocab, forbid=() if target.startswith(PATH) else {target})
    except AnswerError as err:
        return _invalid(err, text)
    _remember(model.name, text, student)
    result = check_parsed(model, target, student, last_step=last_step, partial=partial,
                          show_reference=show_reference, setting=setting, diagnose=diagnose)
    return _with_readings(result, notes)


def _with_readings(result: CheckResult, notes: list) -> CheckResult:
    """Say how variant notation was read (c_t as C_t), so a surprise can be spotted."""
    if notes:
        result.feedback = f"{result.feedback} ({readings.sentence(notes)})"
        result.diagnosis["read_as"] = [{"written": w, "read_as": m} for w, m in notes]
    return result


def check_parsed(model: Model, target: str, student: sympy.Expr, *, last_step: bool = False,
                 partial: PartialCredit = PartialCredit(), show_reference: bool = False,
                 setting: Setting | None = None, diagnose: bool = True) -> CheckResult:
    circular = _circular_gradients(model, target, student)
    if circular:
        if target.startswith(PATH):
            return CheckResult(INVALID, 0.0, "A product of local partials along a path uses no "
                               f"gradients; your answer uses {', '.join(circular)}.",
                               {"error": "uses_gradient", "symbols": circular})
        what = _pretty(target[len(GRAD):])
        return CheckResult(INVALID, 0.0,
                           f"Your answer uses {', '.join(circular)}: that gradient is not computed from "
                           f"{what}, so it cannot appear in the gradient of {what}. Write the answer "
                           f"through the quantities that use {what}.",
                           {"error": "circular", "symbols": circular})
    ref = derive_reference(model, target, last_step=last_step)
    setting = setting or Setting(model, last_step=last_step, horizon=_fixed_horizon(model, target))
    try:
        cmp = compare(student, ref, setting)
    except MissingQuantity as err:
        return CheckResult(INVALID, 0.0, _explain_missing(err, last_step), {"error": "missing_quantity"})
    except PlacementError as err:
        return CheckResult(INVALID, 0.0, str(err), {"error": "placement"})
    return _verdict(model, target, student, ref, cmp, last_step, partial, show_reference, setting, diagnose)


def _verdict(model, target, student, ref, cmp: Comparison, last_step, partial, show_reference,
             setting, diagnose) -> CheckResult:
    info = {"how": cmp.how, "points": cmp.points}
    if cmp.verdict == EQUIVALENT:
        return CheckResult(CORRECT, 1.0, "Correct.", info)
    if cmp.verdict != NOT_EQUIVALENT:
        return CheckResult(UNDECIDED, 0.0,
                           "Your answer could not be checked automatically"
                           + (f" ({cmp.detail})" if cmp.detail else "")
                           + "; it is left for a person to review.", {**info, "needs_review": True})
    diag = Diagnosis()
    # a number (0, 1, ...) is no answer: it can equal a catalogued mistake that vanishes at
    # the last step, but it earns no partial credit and gets no mistake's hint
    if diagnose and student.free_symbols:
        comps = _components(model, target, last_step)
        fit = fit_components(student, comps, setting) if len(comps) > 1 else None
        if fit is not None and any(fit.values()):
            diag.explained = True
            diag.coefficients = fit
            diag.messages = describe_terms(fit, _meaning(model))
        else:
            diag.mistake = match_mistake(student, _mutants(model, target, ref, last_step), setting)
            if diag.mistake is None and not target.startswith(PATH):
                diag.mistake = match_mistake(
                    student, second_chances(model, target, ref, last_step, comps, _meaning(model)),
                    setting)
            if diag.mistake is not None:
                diag.messages = [diag.mistake.message]
    kinds = _mistake_kinds(model, target, diag)
    if diag.explained and partial.per_branch:
        score = diag.fraction_right()
    elif diag.mistake is not None and partial.mistake is not None:
        score = partial.mistake
    else:
        score = credit.fraction(kinds, partial.table())
    lines = ["Not equal to the gradient asked for" + (f" ({cmp.detail})." if cmp.detail else ".")]
    lines += diag.messages
    if show_reference:
        lines.append(f"Expected: {to_text(ref)}")
    said = {**info, **diag.to_dict()}
    if kinds:
        said["credit"] = {"mistakes": kinds, "fraction": round(score, 4)}
    return CheckResult(INCORRECT, round(score, 4), " ".join(lines), said)


def _mistake_kinds(model: Model, target: str, diag: Diagnosis) -> list[str]:
    """The kinds of mistake (credit.py) the diagnosis found: one per wrong fitted term, or
    the catalogued mistake's. Every term through step t+1 missing and the rest right is
    the last-step form, whichever question it is in."""
    if diag.explained:
        return credit.fitted_kinds((c, _after_the_step(model, target, label))
                                   for label, c in diag.coefficients.items())
    if diag.mistake is not None:
        kind = credit.kind_of(diag.mistake.code)
        return [kind, *diag.mistake.also] if kind else []
    return []


def _after_the_step(model: Model, target: str, label: str) -> bool:
    """A fitted term that reaches the target through a later step (C_tp1 for grad_C_t)."""
    if target.startswith(PATH) or " -> " in label or label.startswith("step "):
        return False
    parts = split_time(label)
    t = resolve(model, target)
    return bool(parts) and t.kind == "generic" and parts[1] == "offset" and parts[2] > t.step


def check_derivation(model: Model, target: str, text: str, *, last_step: bool = False,
                     partial: PartialCredit = PartialCredit(), show_reference: bool = False) -> CheckResult:
    """A derivation: every step must follow from the one before, the last must be right."""
    vocab = vocabulary_for(model)
    if prose.is_prose(text):
        try:
            prescan_derivation(text, 0)
        except AnswerError as err:
            return _invalid(err, text)
        return check_prose(model, target, text, last_step=last_step, partial=partial,
                           show_reference=show_reference)
    try:
        prescan_derivation(text, 0)              # the length, before the text is split
        lines = parse_lines(text)
        prescan_derivation(text, len(lines))
    except AnswerError as err:
        return _invalid(err, text)
    if not lines:
        return check_expression(model, target, text, last_step=last_step, partial=partial)
    steps = []
    notes: list = []
    for k, line in enumerate(lines, 1):
        try:
            with readings.collect() as step_notes:
                steps.append(parse_answer(line, vocab, forbid={target}))
            notes += [n for n in step_notes if n not in notes]
        except AnswerError as err:
            res = _invalid(err, line)
            res.feedback = f"Step {k}: {res.feedback}"
            res.diagnosis["step"] = k
            return res
    return _grade_steps(model, target, steps, notes, last_step, partial, show_reference)


def _grade_steps(model, target, steps, notes, last_step, partial, show_reference) -> CheckResult:
    """Each step must equal the one before; the last is graded as the answer."""
    setting = Setting(model, last_step=last_step, horizon=_fixed_horizon(model, target))
    broken = None
    for k in range(1, len(steps)):
        try:
            c = compare(steps[k], steps[k - 1], setting)
        except (MissingQuantity, PlacementError):
            c = None
        if c is None or c.verdict == NOT_EQUIVALENT:
            broken = k + 1
            break
    final = check_parsed(model, target, steps[-1], last_step=last_step, partial=partial,
                         show_reference=show_reference, setting=setting)
    final.diagnosis["steps"] = len(steps)
    final = _with_readings(final, notes)
    if broken is None:
        return final
    final.diagnosis["first_broken_step"] = broken
    note = f"Step {broken} does not follow from step {broken - 1}."
    if final.verdict == CORRECT:
        final.diagnosis["credit"] = {"mistakes": ["broken_step"],
                                     "fraction": partial.table()["broken_step"]}
        return CheckResult(INCORRECT, partial.table()["broken_step"],
                           f"Your final answer is right, but the derivation has a broken step: {note}",
                           final.diagnosis)
    final.feedback = f"{note} {final.feedback}"
    return final


def check_prose(model: Model, target: str, text: str, *, last_step: bool = False,
                partial: PartialCredit = PartialCredit(), show_reference: bool = False) -> CheckResult:
    """A markdown answer with sentences and equations: grade the chain for the gradient
    asked for (see prose.py) and say which equation that was."""
    vocab = vocabulary_for(model)
    try:
        prescan_derivation(text, 0)
        with readings.collect() as notes:
            reading = prose.read(text, vocab, target, last_step)
    except AnswerError as err:
        res = _invalid(err, text)
        res.feedback = err.message
        return res
    if not reading.steps:
        return CheckResult(INVALID, 0.0, f"Equation {reading.chain.number} has no expression "
                           "that could be read.", {"error": "no_expression"})
    chain = reading.chain
    graded = f"{chain.sides[0]} = ... = {chain.sides[-1]}"
    if len(graded) > 120:
        graded = f"{chain.sides[0]} = ... = {chain.sides[-1][:60]}..."
    result = _grade_steps(model, target, reading.steps, notes, last_step, partial, show_reference)
    head = f"Graded equation {chain.number} of your answer ({graded})."
    if reading.skipped:
        head += (" Left out of the step check (could not be read): the expression"
                 f"{'s' if len(reading.skipped) > 1 else ''} after '=' number "
                 + ", ".join(str(k) for k in reading.skipped) + ".")
    result.feedback = f"{head} {result.feedback}"
    result.diagnosis["graded_equation"] = chain.number
    if reading.skipped:
        result.diagnosis["unread_sides"] = list(reading.skipped)
    return result
