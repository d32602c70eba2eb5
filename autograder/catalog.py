"""The assignments the grader knows and the model each one is about."""
from __future__ import annotations

from .models import Model


def model_for(assignment: str) -> Model:
    """The model an assignment's spec names, declared in its course folder."""
    from .grading import spec
    from .models import assignment_model

    return assignment_model(spec.load(assignment))


def spec_question(assignment: str, question: str):
    """The spec's question of that id, or None (no spec, or not a spec question id)."""
    from .grading.spec import find_question

    return find_question(assignment, question)


def check_question(assignment: str, question, text: str, *, show_reference: bool | None = None,
                   last_step: bool | None = None):
    """Check an answer to a spec question (expression or derivation) as the spec says:
    its target, step, partial credit and show_reference. `last_step` overrides the spec's
    step when given (a student asking about t = T of a general-step question)."""
    from .expressions.check import PartialCredit, check_derivation, check_expression
    from .grading import spec

    q = question
    if isinstance(q, str):
        q = spec.load(assignment).question(q)
    if q.kind not in ("expression", "derivation"):
        raise KeyError(f"question {q.id!r} of {assignment} is a {q.kind} question; only expression "
                       "and derivation questions are checked from text")
    model = model_for(assignment)
    pc = q.partial_credit
    partial = PartialCredit(per_branch=pc.per_branch, mistake=pc.mistake, broken_step=pc.broken_step,
                            credit=q.credit)
    show = q.show_reference if show_reference is None else show_reference
    run = check_derivation if q.kind == "derivation" else check_expression
    step = q.last_step if last_step is None else last_step
    return run(model, q.target, text, last_step=step, partial=partial, show_reference=show)


def check_answer(assignment: str, question: str, text: str, *, last_step: bool | None = None):
    """Check an answer to a question named by its spec id (e.g. grad_C_general) or by its
    reference (e.g. grad_C_t). A spec id brings the spec's partial credit and step; an
    explicit `last_step` still overrides the step. A reference name is the general step
    unless `last_step` says otherwise."""
    q = spec_question(assignment, question)
    if q is not None:
        # other kinds: a usage error naming the kind
        return check_question(assignment, q, text, last_step=last_step)
    last_step = bool(last_step)
    from .derive.references import resolve
    from .expressions.check import PartialCredit, check_derivation, check_expression
    from .expressions.parse import parse_lines

    from .derive.references import PATH, path_reference

    model = model_for(assignment)
    if question.startswith(PATH):
        path_reference(model, question)
    else:
        resolve(model, question)  # unknown questions: a usage error that lists the valid ones
    partial = PartialCredit()    # the credit table of expressions/credit.py
    if len(parse_lines(text)) > 1:
        return check_derivation(model, question, text, last_step=last_step, partial=partial)
    return check_expression(model, question, text, last_step=last_step, partial=partial)


def list_assignments() -> list[str]:
    from .derive.references import question_names

    from .grading import spec

    lines = []
    found = spec.available()
    for name in found:
        a = spec.load(name)
        lines.append(f"{name}  {a.title}  ({a.total_points:g} points)")
        for q in a.questions:
            lines.append(f"  {q.id:<24} {q.kind:<11} {q.points:>5g}  {q.title}")
    from .models import available_models, get_model

    for name in available_models():
        model = get_model(name)
        lines.append(f"model {name}: reference names ({model.title})")
        lines.append("  " + ", ".join(question_names(model)))
    return lines
