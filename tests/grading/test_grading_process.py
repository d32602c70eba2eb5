"""The grading process a cluster worker keeps: the same result as grading here, and a
process that died is replaced without losing the submission."""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from autograder.grading.grading_process import GradingProcess
from autograder.grading.pipeline import Options, Zygotes, _grade_one
from autograder.grading.submissions import Submission

ROOT = Path(__file__).resolve().parents[2]
AID = "rnn_bptt"


@pytest.fixture
def grader():
    g = GradingProcess(prewarm_expressions=False)
    yield g
    g.close()


def test_same_result_as_here_and_a_killed_process_is_replaced(grader):
    options = Options(root=str(ROOT / "assignments"))
    sub = Submission("alice", ROOT / "assignments" / AID / "samples" / "missing_terms.ipynb")
    zygotes = Zygotes()
    try:
        here = _grade_one(AID, sub, options, zygotes)
    finally:
        zygotes.close()
    first = grader.grade(AID, sub, options)
    assert first == json.loads(json.dumps(here, default=str))
    assert 0 < first["score"] < first["max_score"]

    os.kill(grader.proc.pid, signal.SIGKILL)        # between two submissions
    grader.proc.wait()
    assert grader.grade(AID, sub, options) == first
