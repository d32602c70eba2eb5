"""The hidden test cells under `nbgrader autograde`: each one's value is our score of its
question, so nbgrader's totals equal ours.

nbgrader takes a grade cell's last value, a number between 0 and the cell's points, as
partial credit (`nbgrader.utils.get_partial_grade`), an error or anything on stderr as 0.
nbgrader runs the notebook from its copy in autograded/<student>/<assignment>/, so the
first hidden test grades that very file with our grader (the student's code in our
sandbox, every score decided in this process), and the others read the same result.
"""
from __future__ import annotations

import contextlib
import io
import os
import warnings
from pathlib import Path

_GRADED: dict[tuple, dict] = {}      # one grading per notebook file and version


def running_autograde() -> bool:
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def question_points(asg, question_id: str, folder: Path | None = None) -> float:
    """Our score of one question (in points) for the notebook nbgrader is running."""
    from .pipeline import grade_submission
    from .submissions import discover

    path = (folder or Path.cwd()) / asg.notebook
    if not path.is_file():
        raise FileNotFoundError(f"the hidden check looks for the notebook {path} that nbgrader runs, "
                                "and it is not there")
    key = (str(path.resolve()), path.stat().st_mtime_ns, asg.id)
    if key not in _GRADED:
        student = discover([path], asg.notebook, asg.id)[0].student_id   # as `autograder grade` names it
        with _quiet():
            _GRADED[key] = grade_submission(asg, path, student)
    test = next((t for t in _GRADED[key]["tests"] if t.get("number") == question_id), None)
    if test is None:
        raise KeyError(f"{asg.id} has no question {question_id!r}")
    return round(min(max(float(test["score"]), 0.0), float(test["max_score"])), 6)


@contextlib.contextmanager
def _quiet():
    """Nothing may reach the cell's stderr (nbgrader gives such a cell 0): warnings and the
    output of child processes are dropped."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null, warnings.catch_warnings(), \
                contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
