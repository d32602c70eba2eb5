"""The cases of a function question, with what the reference and each wrong variant return.

Each student gets their own inputs, always the same ones: `cases_from` in the assignment's
support.py draws them from a generator seeded by the assignment, the student and the
function; a case may instead declare its arguments in the spec (lists become float arrays).
Where the spec is a released copy (a student's install, a student's CI), there is no
support.py: the cases `release` sealed beside it stand in (sealing.py), with the reference's
and the variants' results computed then. Holds no reference.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .function_verdict import agrees, finite
from .inputs import make_rng


@dataclass
class Case:
    name: str
    weight: float
    passive: bool
    args: list
    want: object = None                            # what the reference returns
    mistakes: list = field(default_factory=list)   # (message, what the variant returns)


def copied(value):
    """A deep copy of arrays and lists of them: nobody's call changes another's inputs."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(copied(v) for v in value)
    return value


def _declared(value):
    if isinstance(value, list):
        return np.asarray(value, dtype=np.float64)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def draw(assignment_id: str, q, student_id: str | None) -> list[Case]:
    """The student's cases of function question `q`, in the spec's order (inputs only)."""
    from ..grading.course_code import function

    fq = q.function
    drawn = {}
    if fq.cases_from:
        drawn = function(fq.cases_from, q.folder)(make_rng(assignment_id, student_id, fq.name))
    out = []
    for c in fq.cases:
        if c.args is not None:
            args = [_declared(a) for a in c.args]
        elif c.name in drawn:
            args = list(drawn[c.name])
        else:
            raise KeyError(f"{fq.cases_from} drew no case named {c.name!r} (it drew: {', '.join(drawn)})")
        out.append(Case(c.name, c.weight, c.passive, args))
    return out


def with_answers(q, cases: list[Case]) -> list[Case]:
    """The cases with the reference's result and every variant's that tells something there:
    a variant that raises, returns NaN or inf, or agrees with the reference says nothing."""
    from ..grading.course_code import function

    fq = q.function
    reference = function(fq.reference, q.folder)
    variants = [(v.message, function(v.function, q.folder)) for v in fq.variants]
    for case in cases:
        case.want = reference(*copied(case.args))
        case.mistakes = []
        for message, fn in variants:
            try:
                got = fn(*copied(case.args))
            except (ArithmeticError, ValueError):
                continue
            if finite(got) and not agrees(got, case.want):
                case.mistakes.append((message, got))
    return cases


def cases_for(assignment_id: str, q, student_id: str | None, sealed_folders=()) -> tuple[list[Case], object]:
    """(cases with their answers, explain or None) of function question `q`: the student's own
    from the support.py of the spec's folder, else those sealed in the first of
    `sealed_folders` that has them (MissingCourseCode when neither is there)."""
    from ..grading.course_code import MissingCourseCode, has_code

    if has_code(q.folder):
        return with_answers(q, draw(assignment_id, q, student_id)), explainer(q)
    from ..sealed import find, function_cases

    sealed = find(assignment_id, sealed_folders)
    if sealed is None or sealed.entry(q.id) is None:
        raise MissingCourseCode(f"neither support.py nor the sealed checks of {assignment_id} are beside "
                                "its spec")
    cases = []
    for c in function_cases(sealed, q.id):
        declared = q.function.case(c["name"])
        cases.append(Case(c["name"], declared.weight, declared.passive, c["args"], c["want"], c["mistakes"]))
    return cases, None


def explainer(q):
    """The support function that words what else is off ((args, result) -> sentence), or None."""
    from ..grading.course_code import function

    return function(q.function.explain, q.folder) if q.function.explain else None
