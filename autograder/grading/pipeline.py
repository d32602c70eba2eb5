"""From submitted files to results: one submission (`grade_submission`) or a class
(`grade_many`, in parallel processes).

Per submission: read the notebook (statically), run its code cells in a sandbox worker
(only when a code, function or value question needs it), decide every score in this process
(`score`), and write the feedback report. Every submission always gets a results entry,
even when it cannot be read or the grader fails on it.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..value_seed import DEFAULT_STUDENT_ID, value_seed
from ..questions.kinds import kind_of
from . import score as scoring
from .result_types import Failure, SubmissionResult
from . import warm
from .submissions import Submission, read
from .warm import Zygotes, alive


@dataclass(frozen=True)
class Options:
    cell_seconds: float = 10.0        # wall time of one code cell
    total_seconds: float = 120.0      # wall time of all of a submission's code: cells, then checks
    memory_mb: int = 2048             # address space of a worker
    feedback_dir: str | None = None   # write Markdown + HTML reports (and plots) there
    root: str | None = None           # where assignments live (default: spec.assignments_root())

    def limits(self):
        from autograder.sandbox import Limits
        return Limits(call_seconds=self.cell_seconds, cpu_seconds=int(self.total_seconds) + 30,
                      address_space=self.memory_mb << 20)


def load_assignment(name: str, root: str | os.PathLike | None = None):
    from .spec import load
    return load(name, Path(root) if root else None)


def numeric_checkers(root: str | None = None) -> set[str]:
    from autograder.numeric import specs
    from autograder.numeric.function_grade import with_functions
    return set(specs.known(root)) | set(with_functions())


# -- one submission ----------------------------------------------------------------

def grade_submission(assignment, path, student_id: str | None = None, *, zygote=None,
                     options: Options = Options()) -> dict:
    """Grade one submission file; returns a Gradescope-shaped dict (never raises for the
    student's faults). `assignment` is an id or a loaded `spec.Assignment`."""
    from .spec import grading_root

    with grading_root(options.root):
        return _grade_submission(assignment, path, student_id, zygote, options)


def _grade_submission(assignment, path, student_id, zygote, options: Options) -> dict:
    # one wall-time budget for all the student code of a submission, whatever its form: every
    # request to a worker (cells, their replays, value reads, function checks) stops at it
    deadline = time.monotonic() + options.total_seconds
    path = Path(path)
    student_id = student_id or path.stem
    aid = assignment if isinstance(assignment, str) else assignment.id
    if path.suffix == ".py" and aid in numeric_checkers(options.root):
        # a plain .py file of a code assignment: graded by its numeric checker, as it always was
        return _grade_py_only(aid, path, student_id, zygote, options, deadline)
    if isinstance(assignment, str):
        assignment = load_assignment(assignment, options.root)
    own = zygote is None and _needs_sandbox(assignment)
    if own:
        from autograder.sandbox import Zygote
        warm.mutants_meanwhile(assignment, options)
        zygote = Zygote(preload=warm.notebook_imports(assignment))
    try:
        result = _grade(assignment, path, student_id, zygote, options, deadline)
    finally:
        if own:
            zygote.close()
    if options.feedback_dir:
        from .report import write_reports
        result["extra_data"]["reports"] = write_reports(result, assignment, options.feedback_dir)
    return result


def _grade_py_only(checker: str, path: Path, student_id: str, zygote, options: Options,
                   deadline: float) -> dict:
    """A .py file for a code assignment without a spec: the numeric checker alone."""
    from autograder.numeric import function_grade, specs
    from autograder.numeric.grade_py import grade_source

    source = path.read_text(encoding="utf-8", errors="replace")
    plots = str(Path(options.feedback_dir) / student_id) if options.feedback_dir else None
    if checker in specs.known(options.root):
        result = grade_source(checker, source, student_id, filename=path.name, zygote=zygote,
                              limits=options.limits(), plots_dir=plots, deadline=deadline, root=options.root)
    else:        # an assignment whose code is its function questions
        result = function_grade.grade_source(load_assignment(checker, options.root), source, student_id,
                                             filename=path.name, zygote=zygote, limits=options.limits(),
                                             deadline=deadline)
    result["extra_data"].pop("seconds", None)
    result["extra_data"].update(student_id=student_id, submission=path.name)
    if options.feedback_dir:
        from types import SimpleNamespace

        from .report import write_reports
        result["extra_data"]["reports"] = write_reports(
            result, SimpleNamespace(title=f"{checker} (code)", model=""), options.feedback_dir)
    return result


def _grade(assignment, path: Path, student_id: str, zygote, options: Options, deadline: float) -> dict:
    nb = read(path)
    problems = list(nb.warnings)
    results: dict[str, scoring.QuestionResult] = {}
    execution = None
    failure = None
    has_answers = any(c.grade_id in {q.answer_cell for q in assignment.questions} for c in nb.cells)
    values_id, values_note = _values_id(assignment, student_id)
    if values_note:
        problems.append(values_note)
    other = _other_assignment(assignment, nb)     # named by its metadata: none of its code runs
    if nb.error or other:
        why = f"the submission could not be read: {nb.error}" if nb.error else other
        failure = Failure.UNREADABLE if nb.error else None
        for q in assignment.questions:
            results[q.id] = scoring.failed(q, why)
        problems.insert(0, nb.error or other)
    else:
        if not has_answers:
            problems.append(f"none of the answer cells of {assignment.id} are in the notebook (were they "
                            "deleted, or copied into new cells without their metadata?)")
        try:
            if _needs_sandbox(assignment):
                from .execute import run_notebook
                execution = run_notebook(nb, zygote, options.limits(), options.cell_seconds,
                                         options.total_seconds, deadline, student_id=values_id)
                if execution.problem:
                    failure = Failure.SANDBOX
                    problems.append(f"the sandbox failed: {execution.problem}")
            _questions(assignment, nb, execution, student_id, zygote, options, results, deadline,
                       value_seed(assignment.id, values_id))
        finally:
            if execution is not None:
                execution.close()
    tests = [results[q.id].test() for q in assignment.questions]
    cells = [o.__dict__ for o in execution.outcomes if o.status != "ok"] if execution else []
    for c in cells:
        c.pop("seconds", None)
    return SubmissionResult(
        score=round(sum(t.score for t in tests), 4),
        max_score=assignment.total_points,
        output="\n".join(problems + [c["message"] for c in cells]),
        tests=tests,
        failure=failure,
        extra_data={
            "student_id": student_id,
            "values_student_id": values_id,
            "assignment": assignment.id,
            "submission": path.name,
            "questions": {qid: _details(r) for qid, r in results.items()},
            "cells": cells,
            "problems": problems,
            "pending": [q for q, r in results.items() if r.status == scoring.PENDING],
            "review": [q for q, r in results.items() if r.review],
            "ungradable": [q for q, r in results.items() if r.ungradable],
            "sandbox_restarts": execution.restarts if execution else 0,
        },
    ).to_dict()


def _details(r: scoring.QuestionResult) -> dict:
    return json.loads(json.dumps({
        "kind": r.kind, "verdict": r.verdict, "answer": r.answer, "diagnosis": r.diagnosis,
        "plots": r.plots, "test_cell": r.test_cell, "answer_cell": r.answer_cell,
        "review": r.review, "ungradable": r.ungradable}, default=str))


def _values_id(assignment, student_id: str) -> tuple[str, str]:
    """The id whose inputs the value questions are graded with, and what the feedback says
    when no student id is known (a notebook named after the assignment, given on its own):
    then the documented default id, said aloud, never a silent shared one."""
    if student_id and student_id not in (assignment.id, Path(assignment.notebook).stem):
        return student_id, ""
    if not any(kind_of(q).per_student for q in assignment.questions):
        return DEFAULT_STUDENT_ID, ""
    return DEFAULT_STUDENT_ID, (
        f"No student id is known for this submission (its file is named after the assignment), so "
        f"its value questions were graded with the numbers of the default id {DEFAULT_STUDENT_ID!r}; "
        "grade it with --student-id ID, or from a folder named after the student.")


def _needs_sandbox(assignment) -> bool:
    return any(kind_of(q).needs_sandbox for q in assignment.questions)


@dataclass
class Grading:
    """What a question's kind scores from (questions/kinds.py): the submission, its
    running code, the student's value seed, and each numeric checker's result, run once."""
    assignment: object
    nb: object
    execution: object
    seed: int
    run_checker: object                       # checker name -> (result | None, problem, failure)
    run_function: object                      # function question -> (result | None, problem, failure)
    checked: dict = field(default_factory=dict)

    def checker_result(self, checker: str) -> tuple[dict | None, str, Failure | None]:
        if checker not in self.checked:
            self.checked[checker] = self.run_checker(checker)
        return self.checked[checker]

    def function_result(self, q) -> tuple[dict | None, str, Failure | None]:
        """A function question's check: each its own (its cases are its own)."""
        return self.run_function(q)


def _questions(assignment, nb, execution, student_id, zygote, options, results, deadline=None,
               seed: int | None = None):
    seed = value_seed(assignment.id, student_id) if seed is None else seed
    grading = Grading(
        assignment, nb, execution, seed,
        lambda checker: _run_checker(checker, execution, student_id, zygote, options, deadline),
        lambda q: _run_function(assignment, q, execution, student_id, zygote, options, deadline))
    # code checks last: they may use up the time budget, and values were computed already
    for q in sorted(assignment.questions, key=lambda q: kind_of(q).graded_last):
        try:
            r = kind_of(q).score(q, grading)
        except Exception as e:           # the grader's fault: never the student's loss of a result
            r = scoring.failed(q, f"this question could not be graded ({type(e).__name__}: {e}); "
                                  "it will be looked at by hand", ungradable=True)
            r.review = True
        note = _cell_type_note(q, nb)
        if note:
            r.output = f"{r.output}\n{note}" if r.output else note
        results[q.id] = r


def _other_assignment(assignment, nb) -> str:
    """A sentence when a notebook names another assignment (see submissions._assignment_of):
    its cells are not graded even where an answer cell id is shared between assignments."""
    if nb.error or not nb.assignment or nb.assignment == assignment.id:
        return ""
    return (f"this looks like the notebook of assignment {nb.assignment!r}, not {assignment.id!r} "
            f"(so none of it was graded or run); submit your {assignment.notebook}")


def _cell_type_note(q, nb) -> str:
    """Code and values are run only from code cells: say so when the answer cell was turned
    into markdown (its code silently did not run)."""
    if not kind_of(q).needs_sandbox:
        return ""
    cell, _ = nb.by_grade_id(q.answer_cell)
    if cell is None or cell.kind == "code":
        return ""
    return (f"the answer cell {q.answer_cell!r} is a {cell.kind} cell, so its code was not run; "
            "change it back to a code cell")


def _run_checker(checker, execution, student_id, zygote, options, deadline=None
                 ) -> tuple[dict | None, str, Failure | None]:
    """The numeric checker's result, or None with why and the kind of failure."""
    from autograder.numeric.grade_py import grade_source
    from autograder.sandbox import SandboxUnavailable

    if execution is None or execution.problem:
        return (None, "the notebook's code could not be run" + (f": {execution.problem}" if execution else ""),
                Failure.SANDBOX)
    plots = str(Path(options.feedback_dir) / student_id) if options.feedback_dir else None
    try:
        # checked in the worker the cells ran in: the functions are already defined there
        result = grade_source(checker, execution.source(), student_id, filename="<notebook>",
                              zygote=zygote, limits=options.limits(), plots_dir=plots, deadline=deadline,
                              sandbox=execution.sandbox, root=options.root)
    except SandboxUnavailable as e:
        return None, f"the sandbox failed: {e.message}", Failure.SANDBOX
    if plots:
        root = Path(options.feedback_dir)
        result["extra_data"]["plots"] = [os.path.relpath(p, root / student_id)
                                         for p in result["extra_data"].get("plots", [])]
    return result, "", None


def _run_function(assignment, q, execution, student_id, zygote, options, deadline=None
                  ) -> tuple[dict | None, str, Failure | None]:
    """Function question `q`'s result, checked in the worker its cells ran in, or None with
    why and the kind of failure."""
    from autograder.numeric.function_grade import grade_source
    from autograder.sandbox import SandboxUnavailable

    if execution is None or execution.problem:
        return (None, "the notebook's code could not be run" + (f": {execution.problem}" if execution else ""),
                Failure.SANDBOX)
    try:
        return grade_source(assignment, execution.source(), student_id, questions=[q], filename="<notebook>",
                            zygote=zygote, limits=options.limits(), deadline=deadline,
                            sandbox=execution.sandbox), "", None
    except SandboxUnavailable as e:
        return None, f"the sandbox failed: {e.message}", Failure.SANDBOX


def unreadable(assignment, sub: Submission, message: str, failure: Failure = Failure.GRADER) -> dict:
    """The entry of a submission the grader could not grade at all, and why (`failure`)."""
    tests = [scoring.failed(q, message, ungradable=True, failure=failure).test()
             for q in assignment.questions] if assignment is not None else []
    return SubmissionResult(
        score=0.0, max_score=assignment.total_points if assignment is not None else 0.0,
        output=message, tests=tests, failure=failure,
        extra_data={"student_id": sub.student_id, "submission": sub.path.name,
                    "assignment": getattr(assignment, "id", ""), "problems": [message],
                    "questions": {}, "cells": [], "pending": [], "review": [],
                    "ungradable": [q.id for q in assignment.questions] if assignment is not None else [],
                    "error": True}).to_dict()


# -- a class ------------------------------------------------------------------------

def _grade_one(assignment_name: str, sub: Submission, options: Options, zygotes: Zygotes | None = None) -> dict:
    """Grade one submission, never raising. A zygote that dies while the submission is
    graded is replaced and the submission graded once more: its first result cannot be
    trusted (a worker may have been cut off mid-way)."""
    from autograder.sandbox import SandboxUnavailable

    zygotes = zygotes or warm.process_zygotes()
    try:
        asg = load_assignment(assignment_name, options.root)
    except KeyError:
        asg = None
    warm.mutants_meanwhile(asg, options)
    for _attempt in range(2):
        try:
            zygote = zygotes.get(warm.notebook_imports(asg) if asg is not None else ())
        except SandboxUnavailable as e:
            return unreadable(asg, sub, f"the sandbox failed: {e.message}", Failure.SANDBOX)
        try:
            result = grade_submission(asg or assignment_name, sub.path, sub.student_id,
                                      zygote=zygote, options=options)
        except Exception as e:
            result = unreadable(asg, sub, f"the grader failed on this submission ({type(e).__name__}: {e}); "
                                          "it will be looked at by hand")
        if alive(zygote):
            return result
        zygotes.discard()
    return unreadable(asg, sub, "the sandbox stopped twice while this submission was graded; "
                                "it will be looked at by hand", Failure.PROCESS_DIED)


def grade_many(assignment_name: str, subs: list[Submission], *, jobs: int = 1,
               options: Options = Options(), on_done=None, known: dict[int, dict] | None = None) -> list[dict]:
    """Grade a class; results in the order of `subs`. `known` holds results decided
    earlier (by index, e.g. read from a journal): those submissions are not graded again.
    `on_done(index, result)` is called in this process as each new result is decided (to
    journal it, for a progress bar). With jobs > 1, submissions are graded in that many
    processes, each with its own sandbox zygote; a process that dies is replaced and its
    submissions are graded again (twice at most, then reported as not graded)."""
    results: list[dict | None] = [None] * len(subs)
    for i, r in (known or {}).items():
        results[i] = r
    todo = [i for i in range(len(subs)) if results[i] is None]
    if jobs <= 1 or len(todo) <= 1:
        zygotes = Zygotes()
        try:
            for i in todo:
                results[i] = _grade_one(assignment_name, subs[i], options, zygotes)
                if on_done:
                    on_done(i, results[i])
        finally:
            zygotes.close()
        return results
    warm.prewarm(_try_load(assignment_name, options), options)
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    attempts = [0] * len(subs)
    while todo:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=mp.get_context("fork"),
                                 initializer=_end_with, initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(_grade_one, assignment_name, subs[i], options): i for i in todo}
            todo = []
            for f in as_completed(futures):
                i = futures[f]
                try:
                    results[i] = f.result()
                except BrokenProcessPool:
                    attempts[i] += 1
                    if attempts[i] < 2:
                        todo.append(i)
                        continue
                    results[i] = unreadable(_try_load(assignment_name, options), subs[i],
                                            "the grading process died twice on this submission",
                                            Failure.PROCESS_DIED)
                except Exception as e:
                    results[i] = unreadable(_try_load(assignment_name, options), subs[i],
                                            f"the grader failed ({type(e).__name__})")
                if on_done:
                    on_done(i, results[i])
    return results


def _end_with(grader: int) -> None:
    """In a grading process: end when the grader does, even killed (otherwise it waits for
    work forever), closing its sandbox zygote on the way out."""
    import ctypes
    import signal

    signal.signal(signal.SIGTERM, _orphaned)
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != grader:                                   # it died before that took effect
        _orphaned()


def _orphaned(*_) -> None:
    try:
        warm.close_process_zygotes()
    finally:
        os._exit(1)


def _try_load(name, options):
    try:
        return load_assignment(name, options.root)
    except Exception:
        return None
