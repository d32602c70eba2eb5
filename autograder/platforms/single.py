"""One submission handed over by a platform: find its notebook in the folder the platform
wrote, grade it, and never raise. Whatever goes wrong (no notebook, several, a file that
is not one, the grader itself), the result is a complete result with every question and a
sentence a student can act on."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# What a student's upload may hold besides the notebook: never graded, never counted.
_IGNORED_DIRS = {".ipynb_checkpoints", "__MACOSX", "__pycache__", ".git"}
MAX_LISTED = 8
MAX_ENTRIES = 10_000           # an upload is a notebook and a few files, not a file system


class TooMany(Exception):
    """An upload with more than MAX_ENTRIES files and folders."""


@dataclass(frozen=True)
class Found:
    path: Path | None        # the file to grade, or None
    problem: str = ""        # why nothing can be graded (student-facing)
    note: str = ""           # what was chosen among several files, if anything


def _candidates(folder: Path) -> list[Path]:
    out = []
    for n, p in enumerate(folder.rglob("*")):     # symbolic links to folders are not followed
        if n >= MAX_ENTRIES:
            raise TooMany()
        rel = p.relative_to(folder).parts
        if any(part in _IGNORED_DIRS or part.startswith(".") for part in rel):
            continue
        if p.is_file() and not p.is_symlink():
            out.append(p)
    return sorted(out)


def _names(folder: Path, files: list[Path]) -> str:
    shown = [str(f.relative_to(folder)) for f in files[:MAX_LISTED]]
    more = len(files) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def find_notebook(folder: Path, notebook: str) -> Found:
    """The submission in `folder`: the file named as the assignment's notebook (`notebook`,
    e.g. rnn_bptt.ipynb) wherever it is, else the only .ipynb, else the only .py."""
    if not folder.is_dir():
        return Found(None, "no submission folder was found (nothing was uploaded)")
    try:
        files = _candidates(folder)
    except TooMany:
        return Found(None, f"the upload holds more than {MAX_ENTRIES} files; upload only your {notebook}")
    named = [f for f in files if f.name == notebook]
    if len(named) == 1:
        others = [f for f in files if f.suffix == ".ipynb" and f != named[0]]
        return Found(named[0], note=(f"graded {named[0].relative_to(folder)}; other notebooks were not "
                                     f"graded: {_names(folder, others)}") if others else "")
    if len(named) > 1:
        return Found(None, f"{len(named)} files are named {notebook} ({_names(folder, named)}); "
                           "upload only one")
    for suffix in (".ipynb", ".py"):
        found = [f for f in files if f.suffix == suffix]
        if len(found) == 1:
            return Found(found[0])
        if len(found) > 1:
            return Found(None, f"{len(found)} {suffix} files were uploaded ({_names(folder, found)}) and "
                               f"none is named {notebook}; upload only your {notebook}")
    if not files:
        return Found(None, f"nothing was uploaded; upload your {notebook}")
    return Found(None, f"no notebook was uploaded (found: {_names(folder, files)}); upload your {notebook}")


def not_graded(assignment, student_id: str, message: str, *, submission: str = "") -> dict:
    """The result of a submission without a gradable file: every question at 0 (manual ones
    pending), with `message` as the reason."""
    from autograder.grading import score as scoring
    from autograder.grading.result_types import SubmissionResult

    tests = [scoring.failed(q, message).test() for q in assignment.questions]
    return SubmissionResult(
        score=0.0, max_score=assignment.total_points, output=message, tests=tests,
        extra_data={"student_id": student_id, "assignment": assignment.id, "submission": submission,
                    "problems": [message], "questions": {}, "cells": [], "pending": [],
                    "review": [], "ungradable": []}).to_dict()


def grade_folder(assignment, folder: Path, student_id: str, options) -> dict:
    """Grade the submission in `folder` under `student_id` (options: pipeline.Options, whose
    `root` is where the spec lives). Never raises for the student's faults or the grader's."""
    from autograder.grading.pipeline import grade_many
    from autograder.grading.submissions import Submission

    found = find_notebook(folder, assignment.notebook)
    if found.path is None:
        return not_graded(assignment, student_id, found.problem)
    (result,) = grade_many(assignment.id, [Submission(student_id, found.path)], jobs=1, options=options)
    if found.note:
        result["output"] = "\n".join(x for x in (found.note, result.get("output", "")) if x)
    result.setdefault("extra_data", {})["submission"] = str(found.path.relative_to(folder))
    return result
