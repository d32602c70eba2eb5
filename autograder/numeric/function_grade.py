"""Grading function questions: the student's function called in the sandbox on each case.

The student's code runs only in a sandbox worker; the cases, the reference's results, the
variants' and every score are computed here (function_cases.py, from the assignment's
support.py, or sealed beside a released spec). Each case carries its share of the points; a passive case (one that returning
the input passes) counts only on top of the others (credit.py's "passive_cases" rule). The
result has the shape of grade_py.grade_source: one test per function question.
"""
from __future__ import annotations

import time

from autograder.sandbox import Limits, Sandbox, SandboxError, SandboxUnavailable, Zygote

from ..grading.course_code import MissingCourseCode
from . import function_cases, function_verdict
from .checks import FunctionReport, _describe
from .grade_py import _open, _output, _release


def _add(rep: FunctionReport, case, ok: bool, message: str) -> None:
    if case.passive:
        rep.rule(case.name, "passive_cases", 1.0 if ok else 0.0, case.weight, message)
    else:
        rep.add(case.name, ok, case.weight, message)


def check_function(sb: Sandbox, assignment_id: str, q, student_id) -> FunctionReport:
    """The report of function question `q` for the student's function loaded in `sb`."""
    fq = q.function
    rep = FunctionReport(fq.name)
    try:
        cases, explain = function_cases.cases_for(assignment_id, q, student_id, [q.folder])
    except MissingCourseCode as e:
        return FunctionReport(fq.name, error=f"{fq.name} could not be checked here: {e}")
    wrong = {}
    for case in cases:
        try:
            value, _ = sb.call_full(fq.name, *function_cases.copied(case.args), writable=True)
            got = function_verdict.like(value, case.want, _describe)
        except SandboxError as e:
            _add(rep, case, False, e.message)
            rep.diagnosis.setdefault("failures", {})[case.name] = e.to_dict()
            continue
        except ValueError as e:
            _add(rep, case, False, f"{fq.name} {e}")
            continue
        ok = function_verdict.agrees(got, case.want)
        message = "" if ok else function_verdict.diagnose(
            got, case.mistakes, fq.nonfinite, explain and (lambda g, a=case.args: explain(a, g)))
        _add(rep, case, ok, message)
        if not ok:
            wrong[case.name] = message
            if message not in rep.feedback:
                rep.feedback.append(message)
    rep.diagnosis["wrong_cases"] = wrong
    return rep


def function_questions(asg) -> list:
    return [q for q in asg.questions if q.kind == "function"]


def grade_source(asg, source: str, student_id: str | None = None, *, questions=None,
                 filename: str = "submission.py", zygote: Zygote | None = None,
                 limits: Limits | None = None, deadline: float | None = None,
                 sandbox: Sandbox | None = None) -> dict:
    """Grade the function questions of assignment `asg` (a loaded spec; `questions`: some of
    them) in code text, or in `sandbox` where the code already runs (kept open). Each test is
    worth its question's points."""
    questions = function_questions(asg) if questions is None else questions
    started = time.monotonic()
    sb, restarts_before = _open(sandbox, limits, zygote, deadline)
    reports = []
    try:
        load_error = None
        try:
            if sandbox is None:
                sb.load_source(source, filename)
        except SandboxUnavailable:
            raise
        except SandboxError as e:
            load_error = e
        for q in questions:
            if load_error is not None:
                rep = FunctionReport(q.function.name,
                                     error=f"the submission could not be loaded: {load_error.message}")
                rep.diagnosis["failure"] = load_error.to_dict()
            else:
                rep = check_function(sb, asg.id, q, student_id)
            reports.append(rep)
        protections = sb.protections
    finally:
        _release(sb, sandbox)
    tests = []
    for q, rep in zip(questions, reports):
        score = round(q.points * rep.fraction, 4)
        tests.append({"name": rep.name, "score": score, "max_score": q.points,
                      "status": "passed" if score == q.points else "failed", "output": _output(rep)})
    return {
        "score": round(sum(t["score"] for t in tests), 4),
        "max_score": sum(q.points for q in questions),
        "tests": tests,
        "extra_data": {
            "assignment": asg.id,
            "diagnosis": {r.name: r.diagnosis for r in reports},
            "credit": {r.name: r.credit_record() for r in reports},
            "sandbox": {"protections": protections, "restarts": sb.restarts - restarts_before},
            "seconds": round(time.monotonic() - started, 3),
        },
    }


def with_functions() -> list[str]:
    """The assignments (of the course folder) that have function questions."""
    from ..grading import spec

    return [aid for aid in spec.available() if function_questions(spec.load(aid))]


def grade_file(assignment: str, path: str, student_id: str | None = None, **kw) -> dict:
    """Grade the .py file at `path` for the function questions of `assignment` (its spec from
    the course folder); `student_id` defaults to the file's stem."""
    from pathlib import Path

    from ..grading import spec

    p = Path(path)
    source = p.read_text(encoding="utf-8", errors="replace")
    return grade_source(spec.load(assignment), source, student_id or p.stem, filename=p.name, **kw)
