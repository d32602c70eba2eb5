"""The student version of an assignment, made by nbgrader's own `generate_assignment`.

The source notebook is copied into a temporary nbgrader course, nbgrader replaces every
solution region by a placeholder, removes the hidden tests and records checksums; the
result goes to OUT/<assignment>/ together with a copy of the spec (the local checks need
it: titles, points, kinds, targets; it holds no answers) and the sealed local checks
(sealing.py: values at secret states and inputs, never a formula). Nothing else is copied.

Per-student variants need no separate release: the numeric checks draw their random inputs
from the student's id when grading.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

CODE_STUB = "# YOUR ANSWER HERE"
TEXT_STUB = "YOUR ANSWER HERE"
# text that must never reach a student
FORBIDDEN = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS",
             "### END HIDDEN TESTS", 'verify("')


class ReleaseError(RuntimeError):
    """The student version could not be made; the message says why."""


def _generate(course: Path, assignment_id: str) -> None:
    from traitlets.config import Config
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = Config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
    config.ClearSolutions.code_stub = {"python": CODE_STUB}
    config.ClearSolutions.text_stub = TEXT_STUB
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    # nbgrader runs the `alembic` script of its environment: make sure it is on PATH
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old_path])
    try:
        result = api.generate_assignment(assignment_id, force=True, create=True)
    finally:
        os.environ["PATH"] = old_path
    if not result.get("success"):
        raise ReleaseError(f"nbgrader could not generate {assignment_id}: "
                           + (result.get("error") or result.get("log") or "no details"))


def release(assignment_id: str, out: str | Path) -> Path:
    """Write the student version of ASSIGNMENT to OUT/<assignment>/; returns that folder."""
    from .grading import spec

    asg = spec.load(assignment_id)
    if not asg.notebook_path.is_file():
        raise ReleaseError(f"{assignment_id}: source notebook {asg.notebook_path} does not exist")
    target = Path(out) / assignment_id
    with tempfile.TemporaryDirectory(prefix="ag-release-") as tmp:
        course = Path(tmp)
        source = course / "source" / assignment_id
        source.mkdir(parents=True)
        shutil.copy2(asg.notebook_path, source / asg.notebook)
        try:
            _generate(course, assignment_id)
        except ModuleNotFoundError as err:   # a student install: nbgrader is in the instructor extra
            raise ReleaseError(f"release needs nbgrader ({err.name} is not installed): "
                               "pip install 'bptt-grader[instructor]'") from None
        released = course / "release" / assignment_id / asg.notebook
        if not released.is_file():
            raise ReleaseError(f"nbgrader produced no {asg.notebook} for {assignment_id}")
        text = released.read_text(encoding="utf-8")
        leaks = [f for f in FORBIDDEN if f in text]
        if leaks:
            raise ReleaseError(f"{assignment_id}: the student version still contains {leaks}")
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(released, target / asg.notebook)
    shutil.copy2(asg.directory / "assignment.toml", target / "assignment.toml")
    from .sealing import seal

    seal(asg, target)     # the local checks of a student's install: values, never a formula
    return target
