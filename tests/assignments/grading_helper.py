"""Grade a notebook against its spec with the project's checkers (a stand-in until the
pipeline's `autograder.grading` functions exist). Returns {question id: (fraction, feedback)}
for every auto-graded question."""
from __future__ import annotations

import math

from autograder.catalog import check_question
from autograder.grading import spec
from autograder.grading.answer_cells import cell_answer
from autograder.numeric.grade_py import grade_source
from autograder.sandbox import Sandbox
from autograder.value_seed import ENV_VARIABLE, value_seed


def code_source(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


def grade_notebook(aid: str, nb, student_id: str = "student", zygote=None) -> dict:
    asg = spec.load(aid)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    out, by_checker = {}, {}
    source = code_source(nb)
    values = {}
    if any(q.kind == "value" for q in asg.questions):
        sb = Sandbox(zygote=zygote)
        try:
            # the student's id reaches the notebook as it does under the grader
            sb.load_source(f"import os\nos.environ[{ENV_VARIABLE!r}] = {student_id!r}\n" + source, f"{aid}.py")
            values = {q.id: sb.get_value(q.variable) for q in asg.questions if q.kind == "value"}
        except Exception as err:   # a notebook that does not run: every value is missing
            values = {q.id: err for q in asg.questions if q.kind == "value"}
        finally:
            sb.close()
    for q in asg.questions:
        if q.kind in ("expression", "derivation"):
            text = cell_answer(cells[q.answer_cell], q.variable)
            if not text:
                out[q.id] = (0.0, "not answered")
                continue
            r = check_question(aid, q, text)
            out[q.id] = (r.score, r.feedback)
        elif q.kind == "code":
            if q.checker not in by_checker:
                by_checker[q.checker] = grade_source(q.checker, source, student_id, zygote=zygote)
            tests = [t for t in by_checker[q.checker]["tests"] if t["name"] in q.functions]
            frac = sum(t["score"] for t in tests) / sum(t["max_score"] for t in tests)
            out[q.id] = (frac, "\n".join(t["output"] for t in tests))
        elif q.kind == "value":
            v = values.get(q.id)
            try:
                ok = math.isclose(float(v), q.expected_value(value_seed(aid, student_id)), rel_tol=q.rel_tol, abs_tol=q.abs_tol)
            except (TypeError, ValueError):
                ok = False
            out[q.id] = (1.0 if ok else 0.0, "" if ok else f"{q.variable} = {v!r} does not match")
    return out


def points(aid: str, result: dict) -> tuple[float, float]:
    asg = spec.load(aid)
    auto = [q for q in asg.questions if q.kind != "manual"]
    return (sum(q.points * result[q.id][0] for q in auto), sum(q.points for q in auto))
