"""Formative checks inside a student's notebook.

    from autograder.student import check
    check("grad_C_general", grad_C_general)     # an expression or derivation answer
    check("step_functions")                     # code: your functions, checked in-process
    check("spectral_radius", spectral_radius)   # a number

The assignment is found from `ASSIGNMENT = "..."` in the notebook's first cell (the
released notebook has it). `check` prints a verdict and an explanation and never prints
the reference answer; it refuses politely when the spec turns the local check off.
These checks run in the student's own kernel and are only advice: the grade comes from
the trusted grader, which runs the submission in a sandbox. In a student's install (no
references) they use the sealed data `release` put beside the notebook (sealed.py); value
questions are then checked when graded.

`verify(question_id, answer)` is the strict form used by the hidden tests of the source
notebook (instructor side): it returns the question's score in points (see `verify`).

A question whose spec says `local_check = false` gets no verdict from either, in any form:
the answer is not looked at, nothing is computed, the same sentence is printed whatever
the answer is, nothing is raised and `verify` returns None.
"""
from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .questions.kinds import kind_of

_MISSING = object()

CORRECT, INCORRECT, INVALID, UNDECIDED = "correct", "incorrect", "invalid", "undecided"
NOT_ANSWERED, REFUSED, MANUAL = "not answered", "refused", "manual"


@dataclass
class LocalResult:
    question: str
    status: str
    message: str = ""
    score: float | None = None

    def __str__(self) -> str:
        head = {CORRECT: "correct", INCORRECT: "not right yet", INVALID: "could not read your answer",
                UNDECIDED: "could not decide", NOT_ANSWERED: "not answered yet",
                REFUSED: "no local check", MANUAL: "graded by a person"}.get(self.status, self.status)
        text = f"[{self.question}] {head}"
        if self.score is not None and self.status == INCORRECT and self.score > 0:
            text += f" (about {self.score:.0%} of the points as it stands)"
        return text + (f"\n{self.message}" if self.message else "")


def _caller_globals(depth: int) -> dict:
    frame = inspect.currentframe()
    for _ in range(depth):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def _assignment_id(namespace: dict, assignment: str | None) -> str:
    aid = assignment or namespace.get("ASSIGNMENT") or os.environ.get("AUTOGRADER_ASSIGNMENT")
    if not aid:
        raise LookupError("This notebook does not say which assignment it is: its first cell should "
                          'set ASSIGNMENT = "<assignment id>".')
    return aid


def _folders(aid: str) -> list[Path]:
    """Where a released folder's files are: the kernel's working directory, or its <aid>/."""
    here = Path.cwd()
    return [here, here / aid]


def _references() -> bool:
    """Does this install carry the references (the instructor's), or only sealed checks?"""
    from .answer_key import references_installed

    return references_installed()


def _sealed(aid: str):
    from .sealed import find

    return find(aid, _folders(aid))


def _no_sealed(q) -> LocalResult:
    return LocalResult(q.id, REFUSED, "The local checks need sealed.json (and sealed.npz) beside the "
                       "notebook: keep the files of the released folder together.")


def _load(aid: str, validate: bool = True):
    """The spec of assignment `aid`: the copy that `release` put beside the notebook (the
    kernel's working directory, whatever the folder is called), else the instructor's
    assignments folder (None there when not `validate`: only a released copy is read so)."""
    from .grading import spec

    here = Path.cwd()
    for path in (here / "assignment.toml", here / aid / "assignment.toml"):
        if path.is_file():
            asg = _released(str(path), path.stat().st_mtime_ns, validate)
            if asg.id == aid:
                return asg
    return spec.load(aid) if validate else None


@lru_cache(maxsize=8)
def _released(path: str, mtime_ns: int, validate: bool = True):
    from .grading import spec

    return spec.load_file(Path(path), validate=validate)


def evaluate(question_id: str, answer=_MISSING, *, namespace: dict | None = None,
             assignment: str | None = None, strict: bool = False) -> LocalResult:
    """The local check of one question (no printing). `strict` (verify) differs only in
    what the caller does with the result; local_check = false is a refusal either way."""
    namespace = namespace if namespace is not None else _caller_globals(2)
    aid = _assignment_id(namespace, assignment)
    asg = _load(aid)
    try:
        q = asg.question(question_id)
    except KeyError:
        return LocalResult(question_id, INVALID, f"{aid} has no question {question_id!r}; its questions: "
                           + ", ".join(x.id for x in asg.questions))
    kind = kind_of(q)
    if kind.automatic and not q.local_check:      # before the answer is even read: no verdict, no timing
        return _no_local_check(q.id)
    if answer is _MISSING and q.variable:
        answer = namespace.get(q.variable)
    return kind.local_check(asg, q, answer, namespace)


def check(question_id: str, answer=_MISSING, *, assignment: str | None = None) -> None:
    """Print the local check of one question (see the module docstring)."""
    try:
        result = evaluate(question_id, answer, namespace=_caller_globals(2), assignment=assignment)
    except Exception as err:  # a formative check never crashes the notebook
        print(f"[{question_id}] the local check could not run: {err}")
        return
    print(result)


def verify(question_id: str, answer=_MISSING, *, assignment: str | None = None) -> float | None:
    """The hidden test of a question (instructor side): its score in points, the value of
    the test cell, which nbgrader takes as partial credit. Under `nbgrader autograde` it is
    our grader's score of the notebook nbgrader runs; elsewhere (an instructor trying the
    source notebook) the local check's, strictly. Without this package the notebook's own
    fallback raises, so a hidden test never earns points it cannot check. A question with
    local_check = false prints that it is graded when handed in and returns None, whatever
    the answer (outside `nbgrader autograde`)."""
    namespace = _caller_globals(2)
    aid = _assignment_id(namespace, assignment)
    asg = _load(aid)
    from .grading.in_nbgrader import question_points, running_autograde

    if running_autograde():
        return question_points(asg, question_id)
    if not _has_local_check(asg, question_id):
        print(_no_local_check(question_id))
        return None
    result = evaluate(question_id, answer, namespace=namespace, assignment=assignment, strict=True)
    points = float(asg.question(question_id).points)
    if result.status in (CORRECT, MANUAL):
        return points
    return round(points * (result.score or 0.0), 6) if result.status == INCORRECT else 0.0


def _no_local_check(question_id: str) -> LocalResult:
    return LocalResult(question_id, REFUSED, "This question has no local check on purpose; it is "
                       "graded when you hand in the notebook.")


def _has_local_check(asg, question_id: str) -> bool:
    try:
        return asg.question(question_id).local_check
    except KeyError:
        return True          # evaluate() names the unknown question


# -- expression and derivation answers ---------------------------------------------------

def _expression(asg, q, answer) -> LocalResult:
    from .grading.answers import answer_from_text

    if answer is None:
        return LocalResult(q.id, NOT_ANSWERED, f"Write your answer in the string {q.variable} = r\"...\".")
    if not isinstance(answer, str):
        return LocalResult(q.id, INVALID, f"The answer should be a string (text or LaTeX), not "
                           f"{type(answer).__name__}.")
    text = answer_from_text(answer).text     # the grader's placeholder rule
    if not text:
        return LocalResult(q.id, NOT_ANSWERED, f"Write your answer in the string {q.variable} = r\"...\".")
    if not _references():
        return _sealed_expression(asg, q, text)
    from .grading.score import expression_verdict

    from .models import model_folders

    result = expression_verdict(q, asg.model, text, show_reference=False,  # never the reference here
                                models=model_folders(asg.directory))
    return LocalResult(q.id, result.verdict, "" if result.verdict == CORRECT else result.feedback,
                       result.score)


def quick_check(aid: str, question_id: str, text: str) -> LocalResult | None:
    """`autograder check` in a student's install, for an answer to an expression
    question: the sealed check's result without SymPy (sealed.quick_verdict), or None when
    the answer (or the folder) needs the whole check."""
    from .grading import spec
    from .grading.answers import answer_from_text
    from .sealed import SealedError

    try:
        asg = _load(aid, validate=False)       # validating a spec needs the model, so SymPy
        q = asg.question(question_id) if asg is not None else None
        sealed = _sealed(aid) if q is not None else None
    except (KeyError, spec.SpecError, SealedError, OSError, ValueError):
        return None
    if sealed is None or q.kind != "expression" or not q.local_check:
        return None
    entry = sealed.entry(q.id)
    text = answer_from_text(text).text
    return _quick_result(q, entry, sealed, text) if entry is not None and text else None


def _quick_result(q, entry, sealed, text: str) -> LocalResult | None:
    from .sealed import quick_verdict

    v = quick_verdict(entry, sealed.data["dps"], q, text)
    return None if v is None else LocalResult(q.id, v.verdict, "" if v.verdict == CORRECT else v.feedback, v.score)


def _sealed_expression(asg, q, text: str) -> LocalResult:
    """A student's install: the answer against the values `release` sealed."""
    sealed = _sealed(asg.id)
    entry = sealed.entry(q.id) if sealed is not None else None
    if entry is None:
        return _no_sealed(q)
    quick = _quick_result(q, entry, sealed, text)      # as `autograder check` decides it
    if quick is not None:
        return quick
    from .models import get_model, model_folders
    from .sealed import check_expression
    from .watchdog import CheckTimeout, time_limit

    try:
        with time_limit(20.0):
            # the declaration `release` put beside sealed.json: a student has no course folder
            model = get_model(asg.model, beside=(sealed.folder, *model_folders(asg.directory)))
            v = check_expression(entry, sealed.data["dps"], model, q, text)
    except CheckTimeout:
        return LocalResult(q.id, UNDECIDED, "Your answer could not be checked in time; it is left for a "
                           "person to review.")
    return LocalResult(q.id, v.verdict, "" if v.verdict == CORRECT else v.feedback, v.score)


# -- value answers -----------------------------------------------------------------------

def _with_course_code(asg, q):
    """`q` as the course folder has it when the spec beside the notebook is a released copy
    (which never carries support.py, the code that computes the answers): an instructor's
    install checks a released folder with the course's support.py."""
    if not _references():        # a student's install: no support.py anywhere
        return q
    from .grading import course_code, spec

    if course_code.has_code(q.folder):
        return q
    try:
        course = spec.load(asg.id)
    except (KeyError, spec.SpecError):
        return q
    try:
        return course.question(q.id)
    except KeyError:
        return q


def _value(q, value, aid: str, student_id) -> LocalResult:
    """Checked for the student id the notebook's setup cell drew its inputs for (STUDENT_ID),
    with the grader's seed and rule; an install without the code that computes the expected
    values (a student's) gives no verdict: each student's value is their own, nothing is sealed."""
    if value is None:
        return LocalResult(q.id, NOT_ANSWERED, f"Set {q.variable} to a number.")
    refused = LocalResult(q.id, REFUSED, "This number has no local check here; it is graded, for your "
                          "student id, when you hand in the notebook.")
    if not _references():
        return refused
    from .grading.score import compare_value
    from .value_seed import value_seed

    try:
        expected = q.expected_value(value_seed(aid, student_id))
    except ImportError:
        return refused
    verdict, sentence, _ = compare_value(q, value, expected)   # the grader's rule
    if not verdict:
        return LocalResult(q.id, INVALID, sentence + ".")
    if verdict == CORRECT:
        return LocalResult(q.id, CORRECT)
    return LocalResult(q.id, INCORRECT, f"{q.variable} does not match the expected value within the "
                       "tolerance; check the code that computes it.")


# -- code answers: small in-process checks of the student's own functions ---------------

def _code(asg, q, namespace) -> LocalResult:
    missing = [f for f in q.functions if not callable(namespace.get(f))]
    if missing:
        return LocalResult(q.id, NOT_ANSWERED, f"Define {', '.join(missing)} first.")
    if _references():
        cases = _reference_cases(q)
    else:        # a student's install: inputs and the reference's outputs sealed by `release`
        from .sealed import code_case

        sealed = _sealed(asg.id)
        if sealed is None or sealed.entry(q.id) is None:
            return _no_sealed(q)
        cases = lambda name: code_case(sealed, q.id, name)        # noqa: E731
    try:
        problems = _numeric_problems(q, namespace, cases)
    except _NotImplemented as err:
        return LocalResult(q.id, NOT_ANSWERED, str(err))
    if not problems:
        return LocalResult(q.id, CORRECT, "Your functions pass the local checks (small random inputs and "
                           "finite differences of your own forward).")
    return LocalResult(q.id, INCORRECT, "\n".join(f"- {p}" for p in problems))


class _NotImplemented(Exception):
    pass


def _call(fn, *args):
    value = fn(*args)
    if value is None:
        raise _NotImplemented(f"{fn.__name__} returns None: it is not written yet.")
    return value


def _reference_cases(q):
    """Cases from the reference implementation (an instructor's install)."""
    from .numeric import inputs as inp
    from .sealing import reference_case

    rng = inp.make_rng(q.checker, "local check", q.id)
    return lambda name: reference_case(q.checker, name, rng)


def _numeric_problems(q, namespace, cases) -> list[str]:
    """`cases(name)`: inputs of the function's forward and the reference's outputs (and,
    for a backward, upstream gradients and the reference's gradients)."""
    import numpy as np

    from .numeric import inputs as inp
    from .numeric.finite_diff import directional_errors
    from .numeric.tolerances import FINITE_DIFF, REFERENCE, rel_error

    rng = inp.make_rng(q.checker, "local check", "directions")
    problems = []
    for name in q.functions:
        case = cases(name)
        fname, x, ref_out = case["forward"], case["x"], case["outputs"]
        is_forward = fname == name
        fwd = namespace.get(fname)
        outputs = case["output_names"]     # the forward's, its cache last
        try:
            out = _call(fwd, *[v.copy() for v in x.values()])
            if not isinstance(out, tuple) or len(out) != len(ref_out) + 1:
                problems.append(f"{fname} should return {len(ref_out) + 1} values "
                                f"({', '.join(outputs)})")
                continue
            *s_out, s_cache = out
            if is_forward:
                for nm, a, r in zip(outputs, s_out, ref_out):
                    if np.shape(a) != r.shape:
                        problems.append(f"{name}: {nm} has shape {np.shape(a)}; expected {r.shape}")
                    elif rel_error(a, r) > REFERENCE:
                        problems.append(f"{name}: {nm} is not what the network computes")
                continue
            ups, ref_grads = case["ups"], case["grads"]
            grad_names = case["grad_names"]
            grads = _call(namespace[name], *[u.copy() for u in ups], s_cache)
            if not isinstance(grads, tuple) or len(grads) != len(ref_grads):
                problems.append(f"{name} should return {len(ref_grads)} values ({', '.join(grad_names)})")
                continue
            for g, a, r in zip(grad_names, grads, ref_grads):
                if np.shape(a) != r.shape:
                    problems.append(f"{name}: {g} has shape {np.shape(a)}; expected {r.shape}")
                elif rel_error(a, r) > REFERENCE:
                    problems.append(f"{name}: {g} is not the gradient")

            def loss(values):
                o = fwd(*values.values())
                return float(sum(np.sum(a * u) for a, u in zip(o[:-1], ups)))

            shaped = {n: g for n, g in zip(x, grads) if np.shape(g) == np.shape(x[n])}
            fd = directional_errors(loss, x, shaped, rng)
            off = [g for g, n in zip(grad_names, x) if n in fd and not fd[n] < FINITE_DIFF]
            if off:
                problems.append(f"{name}: {', '.join(off)} disagree with finite differences of your "
                                f"own {fname}")
        except _NotImplemented:
            raise
        except Exception as err:
            problems.append(f"{name} raised {type(err).__name__}: {err}")
    return problems


# -- function answers: the student's function on the question's cases -------------------

def _function(asg, q, namespace) -> LocalResult:
    """The cases of the course's support.py (an instructor's install that has it), else the
    cases `release` sealed; judged by the grader's rule (numeric/function_verdict.py)."""
    fn = namespace.get(q.function.name)
    if not callable(fn):
        return LocalResult(q.id, NOT_ANSWERED, f"Define {q.function.name} first.")
    from .grading.course_code import MissingCourseCode
    from .numeric.function_cases import cases_for

    try:
        cases, explain = cases_for(asg.id, _with_course_code(asg, q), "local check", _folders(asg.id))
    except MissingCourseCode:
        return _no_sealed(q)
    try:
        problems = _function_problems(fn, q.function.nonfinite, cases, explain)
    except _NotImplemented as err:
        return LocalResult(q.id, NOT_ANSWERED, str(err))
    if not problems:
        return LocalResult(q.id, CORRECT, "Your function passes the local checks ("
                           + ", ".join(c.name for c in cases) + ").")
    return LocalResult(q.id, INCORRECT, "\n".join(f"- {p}" for p in problems))


def _function_problems(fn, nonfinite: str, cases: list, explain=None) -> list[str]:
    from .numeric import function_verdict as verdict

    from .numeric.function_cases import copied

    problems = []
    for case in cases:
        try:
            got = verdict.like(_call(fn, *copied(case.args)), case.want)
        except _NotImplemented:
            raise
        except Exception as err:
            problems.append(f"{case.name}: {type(err).__name__}: {err}")
            continue
        if not verdict.agrees(got, case.want):
            why = verdict.diagnose(got, case.mistakes, nonfinite,
                                   explain and (lambda g, a=case.args: explain(a, g)))
            problems.append(f"{case.name}: {why}")
    return problems
