"""Grading a .py submission (or code text) for a code assignment (its `[code]` layout).

Returns Gradescope's results.json shape. Student code is only ever executed inside a
sandbox worker; every number that decides a score is computed here.
"""
from __future__ import annotations

import time
from pathlib import Path

from autograder.sandbox import Limits, Sandbox, SandboxError, SandboxUnavailable, Zygote

from . import checks, portability
from . import specs

POINTS = {True: 2.0, False: 3.0}      # forward, backward


class UnknownAssignment(ValueError):
    pass


def grade_file(assignment: str, path: str, student_id: str | None = None, **kw) -> dict:
    """Grade the student file at `path`. `student_id` defaults to the file's stem."""
    p = Path(path)
    source = p.read_text(encoding="utf-8", errors="replace")
    return grade_source(assignment, source, student_id or p.stem, filename=p.name, **kw)


def grade_source(assignment: str, source: str, student_id: str | None = None, *,
                 filename: str = "submission.py", zygote: Zygote | None = None,
                 limits: Limits | None = None, plots_dir: str | None = None, deadline: float | None = None,
                 load_seconds: float | None = None, sandbox: Sandbox | None = None,
                 root: str | None = None) -> dict:
    """Grade student code given as text (e.g. a notebook's concatenated code cells).

    `student_id` seeds the random inputs (each student gets different numbers, always the
    same ones). Pass a shared `zygote` to grade many submissions without restarting Python.
    `plots_dir` turns on PNG pictures of per-timestep and per-gate errors. `deadline`
    (time.monotonic()) bounds all the calls; `load_seconds` bounds loading the source
    (default: one call's limit; a notebook's cells together may rightly need more). With
    `sandbox`, the code already runs there (a notebook's worker after its cells ran):
    `source` is not loaded again and the sandbox stays open. `root`: where assignments live
    (default: the course's)."""
    known = specs.known(root)
    if assignment not in known:
        raise UnknownAssignment(f"unknown assignment {assignment!r}; known: {', '.join(known)}")
    asg = specs.get(assignment, root)
    started = time.monotonic()
    sb, restarts_before = _open(sandbox, limits, zygote, deadline)
    reports, load_error = [], None
    try:
        try:
            if sandbox is None:
                sb.load_source(source, filename, timeout=load_seconds)
        except SandboxError as e:
            load_error = e
        for spec in asg.functions:
            if load_error is not None and not isinstance(load_error, SandboxUnavailable):
                rep = checks.FunctionReport(spec.name, error="the submission could not be loaded: "
                                                             + portability.message(load_error))
                rep.diagnosis["failure"] = load_error.to_dict()
            else:
                run = checks.check_forward if spec.is_forward else checks.check_backward
                try:
                    rep = run(sb, asg, spec, student_id)
                except SandboxUnavailable:
                    raise
                except SandboxError as e:  # should not escape the checks, but never crash
                    rep = checks.FunctionReport(spec.name, error=e.message)
            reports.append(rep)
        protections = sb.protections
    finally:
        _release(sb, sandbox)
    result = _results(asg, reports, protections, sb.restarts - restarts_before, time.monotonic() - started)
    if plots_dir:        # SVG drawn by plots itself: no plotting library needed
        from . import plots
        result["extra_data"]["plots"] = plots.draw(reports, plots_dir, student_id or "submission")
    return result


def _open(sandbox, limits, zygote, deadline) -> tuple[Sandbox, int]:
    """The sandbox to check in (given, or a new one) and its restart count so far."""
    if sandbox is None:
        sandbox = Sandbox(limits=limits or Limits(), zygote=zygote, deadline=deadline)
    elif deadline is not None:
        # the owner's deadline is the submission's: a check may only shorten it
        sandbox.deadline = deadline if sandbox.deadline is None else min(sandbox.deadline, deadline)
    return sandbox, sandbox.restarts


def _release(sb: Sandbox, given: Sandbox | None) -> None:
    if given is None:
        sb.close()


def _output(rep: checks.FunctionReport) -> str:
    if rep.error:
        return rep.error
    lines = [f"{'ok ' if c.passed else 'warn' if c.warning else 'FAIL'} {c.name}"
             + (f": {c.message}" if c.message else "") + (" (a warning: no points lost)" if c.warning else "")
             for c in rep.checks]
    lines += [f"hint: {f}" for f in rep.feedback]
    return "\n".join(lines)


def _results(asg, reports, protections, restarts, seconds) -> dict:
    tests = []
    for spec, rep in zip(asg.functions, reports):
        pts = POINTS[spec.is_forward]
        score = round(pts * rep.fraction, 4)
        tests.append({"name": spec.name, "score": score, "max_score": pts,
                      "status": "passed" if score == pts else "failed", "output": _output(rep)})
    return {
        "score": round(sum(t["score"] for t in tests), 4),
        "max_score": sum(t["max_score"] for t in tests),
        "tests": tests,
        "extra_data": {
            "assignment": asg.name,
            "diagnosis": {r.name: r.diagnosis for r in reports},
            "credit": {r.name: r.credit_record() for r in reports},
            "sandbox": {"protections": protections, "restarts": restarts},
            "seconds": round(seconds, 3),
        },
    }
