"""Where every score is decided: in the trusted process, from the spec.

One function per question kind turns what the submission holds (an answer's text read
statically, values and code read back from the sandbox as plain data) into a
`QuestionResult`. Nothing here trusts the student's process: expression answers are
checked by the expression engine, code by the numeric checker, values against the spec's
trusted value. An undecided expression verdict is flagged for review: 0 points for now,
status "pending", never counted right or wrong.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from ..questions.kinds import kind_of
from .answers import read_answer
from .result_types import Failure, TestResult
from ..watchdog import CheckTimeout, time_limit

PASSED, FAILED, PENDING = "passed", "failed", "pending"
# Checking one expression answer takes milliseconds; this hard stop is for what slips past
# the engine's own input bounds and budgets.
ANSWER_SECONDS = 20.0


@dataclass
class QuestionResult:
    id: str
    title: str
    kind: str
    points: float
    score: float = 0.0
    status: str = FAILED
    output: str = ""
    answer: str = ""
    verdict: str = ""
    diagnosis: dict = field(default_factory=dict)
    review: bool = False              # a person should look (undecided, grader error)
    ungradable: bool = False          # the grader itself failed on this question
    failure: Failure | None = None    # why there is no real verdict, when there is none
    plots: list = field(default_factory=list)
    test_cell: str = ""
    answer_cell: str = ""

    def test(self) -> TestResult:
        return TestResult(self.title, self.id, round(self.score, 4), self.points, self.status,
                          self.output, self.failure)


def _new(q) -> QuestionResult:
    return QuestionResult(q.id, q.title, q.kind, q.points, answer_cell=q.answer_cell,
                          test_cell=getattr(q, "test_cell", f"test_{q.id}" if kind_of(q).has_test_cell else ""))


def _finish(r: QuestionResult, fraction: float) -> QuestionResult:
    fraction = min(1.0, max(0.0, float(fraction)))
    r.score = round(r.points * fraction, 4)
    if r.status != PENDING:
        r.status = PASSED if fraction >= 1.0 else FAILED
    return r


def failed(q, message: str, *, ungradable: bool = False, failure: Failure | None = None) -> QuestionResult:
    """0 points and why. An ungradable question is the grader's failure unless `failure`
    names another (the sandbox's, a time limit's)."""
    r = _new(q)
    r.output = message
    r.ungradable = ungradable
    r.failure = failure or (Failure.GRADER if ungradable else None)
    if not kind_of(q).automatic:
        return manual(q)
    return _finish(r, 0.0)


def manual(q) -> QuestionResult:
    r = _new(q)
    r.status = PENDING
    r.output = f"pending: graded by hand (0 of {q.points:g} points until then)"
    return r


# -- expressions ------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _check(model_name: str, models: tuple[str, ...] | None, kind: str, target: str, last_step: bool,
           per_branch: bool, mistake: float | None, broken_step: float | None, credit: tuple,
           show_reference: bool, text: str):
    """The expression engine's verdict; the same text always gets the same verdict, so it
    is cached (a class gives the same right answer many times). `models` is the folder
    the model is declared in (None: the package's course folder)."""
    from ..expressions.check import PartialCredit, check_derivation, check_expression
    from ..models import get_model

    model = get_model(model_name, beside=models)
    partial = PartialCredit(per_branch=per_branch, mistake=mistake, broken_step=broken_step,
                            credit=credit)
    if kind == "derivation":
        return check_derivation(model, target, text, last_step=last_step, partial=partial,
                                show_reference=show_reference)
    return check_expression(model, target, text, last_step=last_step, partial=partial,
                            show_reference=show_reference)


def expression_verdict(q, model_name: str, text: str, *, show_reference: bool | None = None,
                       models: tuple[str, ...] | None = None):
    """The verdict on an answer's text, for the grader and the local check alike; `models`
    are the folders its model is declared in (models.model_folders of its spec)."""
    pc = q.partial_credit
    show = q.show_reference if show_reference is None else show_reference
    with time_limit(ANSWER_SECONDS):
        return _check(model_name, models, q.kind, q.target, q.last_step, pc.per_branch, pc.mistake,
                      pc.broken_step, q.credit, show, text)


def expression(q, model_name: str, nb, models: tuple[str, ...] | None = None) -> QuestionResult:
    r = _new(q)
    cell, note = nb.by_grade_id(q.answer_cell)
    if cell is None:
        return failed(q, note)
    answer = read_answer(cell, q.variable)
    if answer.problem:
        return failed(q, answer.problem + (f" ({note})" if note else ""))
    r.answer = answer.text
    try:
        res = expression_verdict(q, model_name, answer.text, models=models)
    except Exception as e:       # the engine failed: a person decides, the student is not penalised
        r.review = r.ungradable = True
        r.status = PENDING
        r.failure = Failure.TIMEOUT if isinstance(e, CheckTimeout) else Failure.GRADER
        why = str(e) if isinstance(e, CheckTimeout) else type(e).__name__
        r.output = f"pending: this answer could not be checked automatically ({why}); it will be graded by hand"
        return _finish(r, 0.0)
    r.verdict, r.diagnosis = res.verdict, dict(res.diagnosis or {})
    lines = [res.feedback] + ([note] if note else [])
    if res.verdict == "undecided":
        r.review = True
        r.status = PENDING
        r.output = "pending review: the grader could not decide this answer; a person will check it.\n" + \
            "\n".join(lines)
        return _finish(r, 0.0)
    text = "\n".join(x for x in lines if x and x != "Correct.")
    r.output = res.verdict + (f": {text}" if text else "")
    return _finish(r, res.score)


# -- values -----------------------------------------------------------------------

def value(q, execution, seed: int) -> QuestionResult:
    """`seed` is the student's (autograder.value_seed): the expected value is that of the
    inputs the notebook drew for the student the grader grades."""
    from autograder.sandbox import BadValue, MissingName, SandboxError

    r = _new(q)
    if execution is None or execution.sandbox is None:
        infra = execution is not None and bool(execution.problem)
        return failed(q, "the notebook's code could not be run, so "
                         f"{q.variable} has no value" + (f" ({execution.problem})" if infra else ""),
                      failure=Failure.SANDBOX if infra else None)
    try:
        got = execution.sandbox.get_value(q.variable, timeout=10)
    except MissingName:
        return failed(q, f"the notebook does not define {q.variable} (did its cell run without error?)")
    except SandboxError as e:
        return failed(q, f"{q.variable} could not be read: {e.message}")
    from .course_code import MissingCourseCode

    try:
        expected = q.expected_value(seed)
    except MissingCourseCode:      # a released copy of the spec: the instructor's grading decides
        r.status = PENDING
        r.output = (f"pending: {q.variable} is checked when your instructor grades the notebook (this copy "
                    f"of the assignment does not hold the code that computes each student's value; "
                    f"0 of {q.points:g} points until then)")
        return r
    except Exception as e:
        return failed(q, f"the expected value could not be computed ({type(e).__name__}); "
                         "this is the grader's fault and will be looked at", ungradable=True)
    if isinstance(got, BadValue):       # desc names what it was, read without calling its methods
        return failed(q, f"{q.variable} should be a number, but it is {got.desc}")
    verdict, r.output, r.answer = compare_value(q, got, expected)
    if not verdict:
        return failed(q, r.output)
    r.verdict = verdict
    return _finish(r, 1.0 if verdict == "correct" else 0.0)


def compare_value(q, got, expected) -> tuple[str, str, str]:
    """(verdict, sentence, value as shown) for a value answer, for the grader and the local
    check alike; the verdict is "" when `got` is not a usable number."""
    import numpy as np

    if isinstance(got, (str, bytes, type(None))):
        return "", f"{q.variable} should be a number, but it is {type(got).__name__}", ""
    try:
        g = np.asarray(got, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return "", (f"{q.variable} should be a number, but it is a {type(got).__name__} "
                    "that is not a plain list of numbers"), ""
    if g.shape != e.shape and g.size == e.size == 1:
        g, e = g.reshape(()), e.reshape(())
    if g.shape != e.shape:
        return "", f"{q.variable} has shape {g.shape}, expected {e.shape}", ""
    if not np.all(np.isfinite(g)):
        return "", f"{q.variable} is not finite", ""
    shown = f"{float(g.reshape(-1)[0]):.10g}" if g.size == 1 else f"array of shape {g.shape}"
    if np.allclose(g, e, rtol=q.rel_tol, atol=q.abs_tol):
        return "correct", f"correct: {q.variable} = {shown}", shown
    return "incorrect", (f"incorrect: {q.variable} = {shown} is not the expected value "
                         f"(relative tolerance {q.rel_tol:g})"), shown


# -- code -------------------------------------------------------------------------

def code(q, checker_result: dict | None, problem: str = "", failure: Failure | None = None) -> QuestionResult:
    """A code question's share of the numeric checker's result (one entry per function);
    without a result, `problem` says why and `failure` is what kind of failure it was."""
    r = _new(q)
    if checker_result is None:
        return failed(q, problem or "the code could not be checked", ungradable=bool(problem), failure=failure)
    tests = {t["name"]: t for t in checker_result.get("tests", [])}
    overrides = dict(getattr(q, "credit", ()) or ())
    if overrides:
        tests = _rescored(tests, checker_result.get("extra_data", {}).get("credit", {}), overrides)
    wanted = [tests[f] for f in q.functions if f in tests]
    if not wanted:
        return failed(q, "the checker reported nothing for " + ", ".join(q.functions), ungradable=True)
    got = sum(t["score"] for t in wanted)
    top = sum(t["max_score"] for t in wanted)
    blocks = []
    for t in wanted:
        mark = "ok" if t["status"] == "passed" else "FAIL"
        blocks.append(f"[{mark}] {t['name']} ({t['score']:g}/{t['max_score']:g})\n{t['output']}".rstrip())
    r.output = "\n".join(blocks) + (f"\n{problem}" if problem else "")
    diag = checker_result.get("extra_data", {}).get("diagnosis", {})
    r.diagnosis = {f: diag[f] for f in q.functions if f in diag}
    r.plots = [p for p in checker_result.get("extra_data", {}).get("plots", [])
               if any(f"_{f}_" in p for f in q.functions)]
    r.verdict = "correct" if got >= top else "incorrect"
    return _finish(r, got / top if top else 0.0)


def _rescored(tests: dict, records: dict, overrides: dict) -> dict:
    """Each function's score under the spec's credit weights (autograder/numeric/credit.py),
    from the checks the numeric checker recorded."""
    from ..numeric.credit import fraction

    out = {}
    for name, t in tests.items():
        rec = records.get(name)
        if rec is None:
            out[name] = t
            continue
        frac = 0.0 if rec.get("error") else fraction(rec.get("checks", []), overrides)
        score = round(t["max_score"] * frac, 4)
        output = t["output"]
        if score != t["score"]:
            output = output.replace("(a warning: no points lost)", "(this assignment counts it)")
            output += f"\n(this assignment's credit rules {sorted(overrides)} apply: {score:g} of {t['max_score']:g})"
        out[name] = dict(t, score=score, status=PASSED if score >= t["max_score"] else FAILED, output=output)
    return out


def is_finite_number(x) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)
