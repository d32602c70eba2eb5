"""Formative checks inside a student's notebook.

    from autograder.student import check
    check("grad_C_general", grad_C_general)     # an expression or derivation answer
    check("step_functions")                     # code: your functions, checked in-process
    check("spectral_radius", spectral_radius)   # a number

The assignment is found from `ASSIGNMENT = "..."` in the notebook's first cell (the
released notebook has it). `check` prints a verdict and an explanation and never prints
the reference answer; it refuses politely when the spec turns the local check off.
These checks run in the student's own kernel and are only advice: the grade comes from
the trusted grader, which runs the submission in a sandbox.

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


def _load(aid: str):
    """The spec of assignment `aid`: the copy that `release` put beside the notebook (the
    kernel's working directory, whatever the folder is called), else the instructor's
    assignments folder."""
    from .grading import spec

    here = Path.cwd()
    for path in (here / "assignment.toml", here / aid / "assignment.toml"):
        if path.is_file():
            asg = _released(str(path), path.stat().st_mtime_ns)
            if asg.id == aid:
                return asg
    return spec.load(aid)


@lru_cache(maxsize=8)
def _released(path: str, mtime_ns: int):
    from .grading import spec

    return spec.load_file(Path(path))


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
    if q.kind == "manual":
        return LocalResult(q.id, MANUAL, "A person reads this answer; there is nothing to check here.")
    if not q.local_check:      # before the answer is even read: no verdict, no timing
        return _no_local_check(q.id)
    if answer is _MISSING and q.variable:
        answer = namespace.get(q.variable)
    if q.kind in ("expression", "derivation"):
        return _expression(asg, q, answer)
    if q.kind == "value":
        return _value(q, answer)
    return _code(q, namespace)


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
    from .grading.score import expression_verdict

    if answer is None:
        return LocalResult(q.id, NOT_ANSWERED, f"Write your answer in the string {q.variable} = r\"...\".")
    if not isinstance(answer, str):
        return LocalResult(q.id, INVALID, f"The answer should be a string (text or LaTeX), not "
                           f"{type(answer).__name__}.")
    text = answer_from_text(answer).text     # the grader's placeholder rule
    if not text:
        return LocalResult(q.id, NOT_ANSWERED, f"Write your answer in the string {q.variable} = r\"...\".")
    result = expression_verdict(q, asg.model, text, show_reference=False)  # never the reference here
    return LocalResult(q.id, result.verdict, "" if result.verdict == CORRECT else result.feedback,
                       result.score)


# -- value answers -----------------------------------------------------------------------

def _value(q, value) -> LocalResult:
    from .grading.score import compare_value

    if value is None:
        return LocalResult(q.id, NOT_ANSWERED, f"Set {q.variable} to a number.")
    verdict, sentence, _ = compare_value(q, value, q.expected_value(None))   # the grader's rule
    if not verdict:
        return LocalResult(q.id, INVALID, sentence + ".")
    if verdict == CORRECT:
        return LocalResult(q.id, CORRECT)
    return LocalResult(q.id, INCORRECT, f"{q.variable} does not match the expected value within the "
                       "tolerance; check the code that computes it.")


# -- code answers: small in-process checks of the student's own functions ---------------

def _code(q, namespace) -> LocalResult:
    missing = [f for f in q.functions if not callable(namespace.get(f))]
    if missing:
        return LocalResult(q.id, NOT_ANSWERED, f"Define {', '.join(missing)} first.")
    try:
        if q.checker == "lstm_gradient_flow":
            problems = _clipping_problems(namespace[q.functions[0]])
        else:
            problems = _numeric_problems(q.checker, q.functions, namespace)
    except _NotImplemented as err:
        return LocalResult(q.id, NOT_ANSWERED, str(err))
    if not problems:
        how = ("below, above and at zero norm, one and several arrays" if q.checker == "lstm_gradient_flow"
               else "small random inputs and finite differences of your own forward")
        return LocalResult(q.id, CORRECT, f"Your functions pass the local checks ({how}).")
    return LocalResult(q.id, INCORRECT, "\n".join(f"- {p}" for p in problems))


class _NotImplemented(Exception):
    pass


def _call(fn, *args):
    value = fn(*args)
    if value is None:
        raise _NotImplemented(f"{fn.__name__} returns None: it is not written yet.")
    return value


def _numeric_problems(checker: str, names, namespace) -> list[str]:
    import numpy as np

    from .numeric import inputs as inp
    from .numeric.finite_diff import directional_errors
    from .numeric.specs import ASSIGNMENTS
    from .numeric.tolerances import FINITE_DIFF, REFERENCE, rel_error

    asg = ASSIGNMENTS[checker]
    problems = []
    for name in names:
        spec = asg.spec(name)
        rng = inp.make_rng(checker, "local check", name)
        fspec = spec if spec.is_forward else asg.spec(spec.forward)
        x = inp.forward_inputs(fspec, rng, asg.gates, 3)
        fwd = namespace.get(fspec.name)
        ref_fwd = getattr(asg.reference, fspec.name)
        *ref_out, ref_cache = ref_fwd(**x)
        try:
            out = _call(fwd, *[v.copy() for v in x.values()])
            if not isinstance(out, tuple) or len(out) != len(fspec.outputs):
                problems.append(f"{fspec.name} should return {len(fspec.outputs)} values "
                                f"({', '.join(fspec.outputs)})")
                continue
            *s_out, s_cache = out
            if spec.is_forward:
                for nm, a, r in zip(spec.outputs, s_out, ref_out):
                    if np.shape(a) != r.shape:
                        problems.append(f"{name}: {nm} has shape {np.shape(a)}; expected {r.shape}")
                    elif rel_error(a, r) > REFERENCE:
                        problems.append(f"{name}: {nm} is not what the network computes")
                continue
            ups = [rng.normal(size=r.shape) for r in ref_out]
            grads = _call(namespace[name], *ups, s_cache)
            if not isinstance(grads, tuple) or len(grads) != len(spec.outputs):
                problems.append(f"{name} should return {len(spec.outputs)} values ({', '.join(spec.outputs)})")
                continue
            ref_grads = getattr(asg.reference, name)(*ups, ref_cache)
            for g, a, r in zip(spec.outputs, grads, ref_grads):
                if np.shape(a) != r.shape:
                    problems.append(f"{name}: {g} has shape {np.shape(a)}; expected {r.shape}")
                elif rel_error(a, r) > REFERENCE:
                    problems.append(f"{name}: {g} is not the gradient")

            def loss(values):
                o = fwd(*values.values())
                return float(sum(np.sum(a * u) for a, u in zip(o[:-1], ups)))

            shaped = {n: g for n, g in zip(x, grads) if np.shape(g) == np.shape(x[n])}
            fd = directional_errors(loss, x, shaped, rng)
            off = [g for g, n in zip(spec.outputs, x) if n in fd and not fd[n] < FINITE_DIFF]
            if off:
                problems.append(f"{name}: {', '.join(off)} disagree with finite differences of your "
                                f"own {fspec.name}")
        except _NotImplemented:
            raise
        except Exception as err:
            problems.append(f"{name} raised {type(err).__name__}: {err}")
    return problems


def _clipping_problems(fn) -> list[str]:
    import numpy as np

    from .numeric import clipping
    from .numeric.tolerances import REFERENCE, rel_error

    problems = []
    for name, _, grads, m in clipping.cases("local check"):
        try:
            got = _call(fn, [g.copy() for g in grads], m)
            got = clipping._as_arrays(got, grads)
        except _NotImplemented:
            raise
        except Exception as err:
            problems.append(f"{name}: {type(err).__name__}: {err}")
            continue
        want = clipping.reference(grads, m)
        if not grads[0].any():
            ok = all(np.all(np.isfinite(a)) and not a.any() for a in got)
        else:
            ok = max(rel_error(a, b) for a, b in zip(got, want)) < REFERENCE
        if not ok:
            problems.append(f"{name}: {clipping._diagnose(name, grads, m, got)}")
    return problems
