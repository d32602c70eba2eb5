"""The instructor's answer key: every question of an assignment with its answer.

Expression and derivation questions: the SymPy-derived reference, as text and as LaTeX.
Value questions: the expected value for a student id, with the grader's own seed
(autograder/value_seed.py). Code questions:
where the reference implementation lives. Nothing here exists in a student's install: the
references are not part of it (see `references_installed`).
"""
from __future__ import annotations

import importlib.util


class InstructorOnly(RuntimeError):
    """Asked for an answer in an install that has none (a student's)."""


def references_installed() -> bool:
    """Does this install carry the derivation engine (the instructor's full install)?"""
    try:
        return importlib.util.find_spec("autograder.derive.references") is not None
    except ModuleNotFoundError:
        return False


def require_references(what: str) -> None:
    if not references_installed():
        raise InstructorOnly(f"{what} is for instructors: this is the student install of the grader, "
                             "which holds no references (install the full bptt-grader).")


def spec_reference(assignment: str, question: str, *, last_step: bool | None = None):
    """(model, reference expression) of a spec question id, or None when `question` is not
    one; `last_step` overrides the spec's step."""
    from .derive.references import reference
    from .grading import spec
    from .models import assignment_model

    if assignment not in spec.available():
        return None
    asg = spec.load(assignment)
    try:
        q = asg.question(question)
    except KeyError:
        return None
    if q.kind not in ("expression", "derivation"):
        raise KeyError(f"question {q.id!r} of {assignment} is a {q.kind} question; it has no reference "
                       f"expression (autograder key {assignment} lists every answer)")
    step = q.last_step if last_step is None else last_step
    model = assignment_model(asg)
    return model, reference(model, q.target, last_step=step)


def key_lines(assignment: str, student_id: str | None = None) -> list[str]:
    """The answer key, one block per question."""
    require_references("The answer key")
    from .derive.printing import to_latex, to_text
    from .grading import spec
    from .value_seed import value_seed

    asg = spec.load(assignment)
    lines = [f"{asg.id}: {asg.title} ({asg.total_points:g} points)"
             + (f", values for student {student_id}" if student_id else "")]
    for q in asg.questions:
        lines.append("")
        lines.append(f"{q.id}  ({q.kind}, {q.points:g} points{'' if q.local_check else ', no local check'})"
                     f"  {q.title}")
        if q.kind in ("expression", "derivation"):
            model, expr = spec_reference(assignment, q.id)
            lines.append(f"  target: {q.target} at the {'last' if q.last_step else 'general'} step")
            lines.append(f"  text:   {to_text(expr)}")
            lines.append(f"  latex:  {to_latex(model, expr)}")
        elif q.kind == "value":
            lines.append(f"  {q.variable} = {q.expected_value(value_seed(assignment, student_id))!r}"
                         f"  (rel_tol {q.rel_tol:g}, abs_tol {q.abs_tol:g})")
        elif q.kind == "code":
            lines.append(f"  functions: {', '.join(q.functions)}; reference implementation: "
                         f"{_code_reference(q.checker)}")
        elif q.kind == "function":
            lines.append(f"  function: {q.function.name}; reference implementation: {q.function.reference} "
                         f"in {q.folder}; {len(q.function.cases)} cases, "
                         f"{len(q.function.variants)} named wrong variants")
        else:
            lines.append("  graded by a person")
    return lines


def _code_reference(checker: str) -> str:
    from .numeric import specs

    return f"the answer cells of {specs.get(checker).solution}"
