"""Whose numbers: the seed of a student's value questions.

The experiments of the value questions (a recurrent matrix, a network's weights, an input
sequence) are drawn from a seed that depends on the assignment and the student id, so one
student's numbers are nobody else's. The grader computes the expected values for the id it
grades under, the local check for the id the notebook used, and the notebook's setup cell
draws its inputs from the same seed.

The setup cell runs in a plain kernel (no autograder package), so it repeats this recipe in
a few lines of standard library (`SETUP_CODE`); a test runs that cell and compares. This
module imports nothing of the grader, so a student's install may carry it.
"""
from __future__ import annotations

import hashlib
import re

# The grader puts the student id here in the process that runs the notebook.
ENV_VARIABLE = "AUTOGRADER_STUDENT_ID"
# The id used when none is known: said in the notebook and in the grader's feedback.
DEFAULT_STUDENT_ID = "no-student-id"


def normal_id(student_id: str | None) -> str:
    """The id as the grader writes it (the rule of grading.submissions.safe_id), the default
    when there is none."""
    cleaned = re.sub(r"[^A-Za-z0-9_.@-]+", "_", str(student_id or "")).strip("._")
    return cleaned or DEFAULT_STUDENT_ID


def value_seed(assignment: str, student_id: str | None) -> int:
    """The seed of the value questions of `assignment` for this student: sha256, stable across
    runs, machines and Python versions (never Python's salted hash())."""
    text = f"values\0{assignment}\0{normal_id(student_id)}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


# The notebook's copy of `normal_id` and `value_seed`, and where it finds the id: the grader's
# environment variable; nbgrader's autograded/<student>/<assignment>/ folder (the true
# student even when the notebook was copied); the id the student wrote in STUDENT_ID; the
# JupyterHub user; else the default, said aloud.
SETUP_CODE = r'''
# Your experiments use numbers drawn from your student id: nobody else has the same ones.
import hashlib as _hashlib, os as _os, re as _re


def _student_id():
    given = _os.environ.get("%(env)s", "")
    here = _os.path.abspath(_os.getcwd()).split(_os.sep)
    if not given and len(here) >= 3 and here[-3] == "autograded" and here[-1] == ASSIGNMENT:
        given = here[-2]
    given = given or str(globals().get("STUDENT_ID") or "") or _os.environ.get("JUPYTERHUB_USER", "")
    return _re.sub(r"[^A-Za-z0-9_.@-]+", "_", given).strip("._") or "%(default)s"


STUDENT_ID = _student_id()
SEED = int.from_bytes(_hashlib.sha256(f"values\0{ASSIGNMENT}\0{STUDENT_ID}".encode("utf-8")).digest()[:8], "big")
if STUDENT_ID == "%(default)s":
    print("No student id: write yours in STUDENT_ID above and run this cell again "
          "(your numbers must be those of your id).")
else:
    print(f"The experiments use the numbers of student {STUDENT_ID}.")
''' % {"env": ENV_VARIABLE, "default": DEFAULT_STUDENT_ID}
