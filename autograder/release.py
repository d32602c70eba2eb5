"""The student version of an assignment, made from its authored notebook.

The authored notebook (`<course>/<id>/source/<id>.ipynb`) is checked first (authoring/
validate.py: a release with a question without its cells, unbalanced markers or a broken spec
is refused). Its solution regions become placeholders and its hidden tests go
(authoring/notebook.py); nbgrader's own preprocessors then lock the read-only and test cells
and record the checksums an nbgrader course expects. The notebook goes to OUT/<assignment>/
together with a copy of the spec (the local checks need it: titles, points, kinds, targets; it
holds no answers) and the sealed local checks (sealing.py: values at secret states and
inputs, never a formula) with, for expression questions, the model's declaration they read
names from. Nothing else is copied.

Per-student variants need no separate release: the numeric checks draw their random inputs
from the student's id when grading.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from .authoring.notebook import MARKERS, read, student_notebook

# text that must never reach a student
FORBIDDEN = (*MARKERS, 'verify("')


class ReleaseError(RuntimeError):
    """The student version could not be made; the message says why."""


def _nbgrader_bookkeeping(nb) -> None:
    """Locked cells and checksums, by nbgrader's own preprocessors (as generate_assignment)."""
    try:
        from nbgrader.preprocessors import ComputeChecksums, LockCells
    except ModuleNotFoundError as err:   # a student install: nbgrader is in the instructor extra
        raise ReleaseError(f"release needs nbgrader ({err.name} is not installed): "
                           "pip install 'bptt-grader[instructor]'") from None
    resources = {"language": "python"}
    for step in (LockCells(), ComputeChecksums()):
        nb, resources = step.preprocess(nb, resources)


def release(assignment_id: str, out: str | Path) -> Path:
    """Write the student version of ASSIGNMENT to OUT/<assignment>/; returns that folder."""
    from .authoring.validate import assignment_problems
    from .grading import spec

    asg = spec.load(assignment_id)
    problems = assignment_problems(asg.directory)
    if problems:
        raise ReleaseError(f"{assignment_id} is not released while the course has problems:\n"
                           + "\n".join(str(p) for p in problems))
    nb = student_notebook(read(asg.solution_path))
    _nbgrader_bookkeeping(nb)
    text = nbformat.writes(nb)
    leaks = [f for f in FORBIDDEN if f in text]
    if leaks:
        raise ReleaseError(f"{assignment_id}: the student version still contains {leaks}")
    target = Path(out) / assignment_id
    target.mkdir(parents=True, exist_ok=True)
    (target / asg.notebook).write_text(text, encoding="utf-8")
    shutil.copy2(asg.directory / "assignment.toml", target / "assignment.toml")
    from .sealing import seal

    seal(asg, target)     # the local checks of a student's install: values, never a formula
    # a student's local check of an expression reads the model's names and one-line
    # definitions: its declaration goes beside sealed.json (a student has no course folder)
    from .models import shipped_declaration

    model = shipped_declaration(asg)
    if model is not None:
        shutil.copy2(model, target / model.name)
    return target
