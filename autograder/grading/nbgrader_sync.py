"""Writing our grades into an nbgrader gradebook database (nbgrader.api.Gradebook).

An instructor who already uses nbgrader keeps its gradebook, formgrader, `nbgrader
generate_feedback` and `nbgrader export`: for each graded question we set the `auto_score` of
its nbgrader grade cell (the question's test cell, else its answer cell) and put our feedback
in the answer cell's `auto_comment`. Manual questions are left alone (still waiting for a
person in formgrader), and so are questions under review. A manual score an instructor already
gave is never overwritten (nbgrader's score is the manual score when there is one).

Nothing is written unless all of it fits: the gradebook exists and has the assignment and its
notebook, every result is of that assignment, every student is in the gradebook and has a
submission in the course (a row of the gradebook, or a folder in `submitted/`). A submission
nbgrader has not seen yet is recorded by nbgrader's own autograde with its first half only
(copy to `autograded/`, restore the instructor's cells, record it in the gradebook; no
execution), so formgrader, generate_feedback and export find what they expect; our scores
then replace nbgrader's empty ones.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .result_types import is_pending


class SyncError(ValueError):
    """The gradebook or the results do not fit (a usage error); nothing was written."""


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


def _sqlite_file(db: str) -> Path | None:
    if "://" not in db:
        return Path(db)
    if db.startswith("sqlite:///"):
        return Path(db[len("sqlite:///"):])
    return None


@contextmanager
def _gradebook(db: str):
    from nbgrader.api import Gradebook

    ensure_alembic_on_path()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # SQLAlchemy warnings from inside nbgrader
        with Gradebook(_url(db)) as gb:
            yield gb


@dataclass
class Plan:
    """What a sync will do, decided before anything is written."""
    db: str
    assignment: object
    notebook: str
    course: Path | None                                  # the folder of an sqlite gradebook
    to_record: list[str] = field(default_factory=list)   # submissions nbgrader has not seen yet


def plan(db: str, assignment, students) -> Plan:
    """Check that grades of `students` for `assignment` can go into the gradebook at `db`;
    raises SyncError naming every misfit. Reads only."""
    from nbgrader.api import MissingEntry

    file = _sqlite_file(db)
    if file is not None and not file.is_file():
        raise SyncError(f"the gradebook {db} does not exist; give the course's gradebook.db "
                        "(nbgrader generate_assignment creates it)")
    course = file.resolve().parent if file is not None else None
    notebook = Path(assignment.notebook).stem
    p = Plan(db, assignment, notebook, course)
    unknown, missing = [], []
    with _gradebook(db) as gb:
        try:
            nbs = [n.name for n in gb.find_assignment(assignment.id).notebooks]
        except MissingEntry:
            raise SyncError(f"the gradebook {db} has no assignment {assignment.id!r} "
                            "(run nbgrader generate_assignment first)") from None
        if notebook not in nbs:
            raise SyncError(f"assignment {assignment.id!r} of the gradebook {db} has no notebook "
                            f"{notebook!r} (it has {', '.join(nbs) or 'none'})")
        for s in dict.fromkeys(students):
            try:
                gb.find_student(s)
            except MissingEntry:
                unknown.append(s)
                continue
            try:
                gb.find_submission(assignment.id, s)
            except MissingEntry:
                if _submitted(p, s) is None:
                    missing.append(s)
                else:
                    p.to_record.append(s)
    if unknown:
        raise SyncError(f"the gradebook {db} has no student {', '.join(map(repr, unknown))}; add them "
                        "first (nbgrader db student add ID, or nbgrader db student import FILE)")
    if missing:
        where = f"{p.course}/submitted/<student>/{assignment.id}/" if p.course else "the gradebook"
        raise SyncError(f"no submission of {assignment.id!r} in {where} for {', '.join(map(repr, missing))}; "
                        "collect it first (nbgrader collect or zip_collect), then grade it from there")
    return p


def _submitted(p: Plan, student: str) -> Path | None:
    if p.course is None:
        return None
    nb = p.course / "submitted" / student / p.assignment.id / f"{p.notebook}.ipynb"
    return nb if nb.is_file() else None


def _check_results(assignment, results: list[dict]) -> None:
    qids = {q.id for q in assignment.questions}
    for r in results:
        if not (isinstance(r, dict) and isinstance(r.get("tests"), list) and isinstance(r.get("extra_data"), dict)
                and all(isinstance(t, dict) for t in r["tests"])):
            raise SyncError("these are not results of `autograder grade --json` (each needs tests and "
                            "extra_data); nothing was written")
        extra = r["extra_data"]
        other = extra.get("assignment")
        strange = [t.get("number") for t in r["tests"] if t.get("number") not in qids]
        if (other and other != assignment.id) or strange:
            who = extra.get("student_id", "?")
            what = f"of assignment {other!r}" if other and other != assignment.id else \
                f"with questions {assignment.id} does not have ({', '.join(map(str, strange[:5]))})"
            raise SyncError(f"the results of {who} are {what}, not of {assignment.id!r}; nothing was written")


def _record(p: Plan) -> None:
    """nbgrader's autograde, without running anything: the submission enters the gradebook
    and autograded/<student>/<assignment>/ (instructor's cells restored, outputs cleared)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import CheckCellMetadata

    config = Config()
    if (p.course / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(p.course)).load_config())
    config.CourseDirectory.root = str(p.course)
    config.CourseDirectory.db_url = _url(p.db)
    config.Autograde.autograde_preprocessors = [CheckCellMetadata]   # no Execute, no SaveAutoGrades
    ensure_alembic_on_path()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        for student in p.to_record:
            done = api.autograde(p.assignment.id, student, force=True, create=False)
            if not done.get("success"):
                raise SyncError(f"nbgrader could not record the submission of {student}: "
                                + (done.get("error") or done.get("log") or "no details")[-600:])


def sync(db: str, assignment, results: list[dict]) -> dict:
    """Write `results` (from grade_submission) for `assignment` into the gradebook at `db`
    (a path to gradebook.db or a SQLAlchemy URL). Returns counts of what was written."""
    from nbgrader.api import MissingEntry

    _check_results(assignment, results)
    written = {"students": 0, "grades": 0, "comments": 0, "skipped": []}
    graded = []
    for r in results:
        extra = r.get("extra_data", {})
        if not extra.get("student_id") or extra.get("error"):   # not graded: nothing to record
            written["skipped"].append(extra.get("student_id") or "?")
        else:
            graded.append(r)
    p = plan(db, assignment, [r["extra_data"]["student_id"] for r in graded])
    if p.to_record:
        _record(p)
    with _gradebook(db) as gb:
        for r in graded:
            student = r["extra_data"]["student_id"]
            written["students"] += 1
            by_id = {t.get("number"): t for t in r["tests"]}
            for q in assignment.questions:
                t = by_id.get(q.id)
                if t is None or q.kind == "manual" or is_pending(t):
                    continue
                grade = None
                for cell in (getattr(q, "test_cell", "") or f"test_{q.id}", q.answer_cell):
                    try:
                        grade = gb.find_grade(cell, p.notebook, assignment.id, student)
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
                    comment = gb.find_comment(q.answer_cell, p.notebook, assignment.id, student)
                    comment.auto_comment = t["output"][:4000]
                    written["comments"] += 1
                except MissingEntry:
                    pass
            gb.db.commit()
    return written
