"""Writing our grades into an nbgrader gradebook database (nbgrader.api.Gradebook).

An instructor who already uses nbgrader keeps its gradebook, formgrader and `nbgrader
export`: for each graded question we set the `auto_score` of its nbgrader grade cell (the
question's test cell, else its answer cell) and put our feedback in the answer cell's
`auto_comment`. Manual questions are left alone (still waiting for a person in
formgrader), and so are questions under review. A manual score an instructor already
gave is never overwritten (nbgrader's score is the manual score when there is one).
"""
from __future__ import annotations

from pathlib import Path

from .results import is_pending


class SyncError(ValueError):
    """The gradebook does not fit (no such assignment or notebook): a usage error."""


def ensure_alembic_on_path() -> None:
    """nbgrader's Gradebook runs the `alembic` executable found on PATH; when the autograder
    runs from a virtual environment that is not activated, that is next to our Python."""
    import os
    import shutil
    import sys

    if shutil.which("alembic") is None:
        here = os.path.dirname(sys.executable)
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{Path(db).resolve()}"


def sync(db: str, assignment, results: list[dict]) -> dict:
    """Write `results` (from grade_submission) for `assignment` into the gradebook at `db`
    (a path to gradebook.db or a SQLAlchemy URL). Returns counts of what was written."""
    from nbgrader.api import Gradebook, MissingEntry

    ensure_alembic_on_path()
    notebook = Path(assignment.notebook).stem
    written = {"students": 0, "grades": 0, "comments": 0, "skipped": []}
    with Gradebook(_url(db)) as gb:
        try:
            gb.find_assignment(assignment.id)
        except MissingEntry:
            raise SyncError(f"the gradebook {db} has no assignment {assignment.id!r} "
                            "(run nbgrader generate_assignment first)") from None
        for r in results:
            extra = r.get("extra_data", {})
            student = extra.get("student_id")
            if not student or extra.get("error"):
                written["skipped"].append(student or "?")
                continue
            gb.update_or_create_student(student)
            try:
                gb.find_submission(assignment.id, student)
            except MissingEntry:
                gb.add_submission(assignment.id, student)
            written["students"] += 1
            by_id = {t.get("number"): t for t in r["tests"]}
            for q in assignment.questions:
                t = by_id.get(q.id)
                if t is None or q.kind == "manual" or is_pending(t):
                    continue
                grade = None
                for cell in (getattr(q, "test_cell", "") or f"test_{q.id}", q.answer_cell):
                    try:
                        grade = gb.find_grade(cell, notebook, assignment.id, student)
                        break
                    except MissingEntry:
                        continue
                if grade is None:
                    written["skipped"].append(f"{student}:{q.id}")
                    continue
                grade.auto_score = min(float(t["score"]), float(grade.max_score or t["max_score"]))
                grade.needs_manual_grade = False
                written["grades"] += 1
                try:
                    comment = gb.find_comment(q.answer_cell, notebook, assignment.id, student)
                    comment.auto_comment = t["output"][:4000]
                    written["comments"] += 1
                except MissingEntry:
                    pass
            gb.db.commit()
    return written
