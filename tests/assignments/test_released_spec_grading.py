"""Grading against a released copy of a spec, as a student's CI does: the spec and the sealed
checks `release` put beside it, no support.py (it computes the answers). Function questions
are checked with the sealed cases; value questions wait for the instructor's grading."""
import shutil

import nbformat
import pytest

from autograder.grading import pipeline, spec
from autograder.sealing import seal

from .conftest import ROOT, solution_notebook

AID = "lstm_gradient_flow"


@pytest.fixture(scope="module")
def released_specs(tmp_path_factory):
    """specs/<aid>/ holding what the CI template copies: assignment.toml and sealed.*"""
    root = tmp_path_factory.mktemp("specs")
    folder = root / AID
    folder.mkdir()
    shutil.copy2(ROOT / "assignments" / AID / "assignment.toml", folder / "assignment.toml")
    seal(spec.load(AID), folder)
    assert not (folder / "support.py").exists()
    return root


@pytest.fixture(scope="module")
def solution(tmp_path_factory):
    path = tmp_path_factory.mktemp("solution") / f"{AID}.ipynb"
    nbformat.write(solution_notebook(AID), path)
    return path


def grade(path, root, zygote):
    return pipeline.grade_submission(spec.load(AID, root), path, "alice", zygote=zygote)


def by_id(result):
    return {t["number"]: t for t in result["tests"]}


@pytest.mark.parametrize("name, full", [("solution", True), ("clipping_each_array", False),
                                        ("clipping_nan_on_zero", False)])
def test_function_questions_are_checked_with_the_sealed_cases(name, full, released_specs, solution, zygote):
    path = solution if name == "solution" else spec.load(AID).samples_dir / f"{name}.ipynb"
    released = by_id(grade(path, released_specs, zygote))["clipping"]
    course = by_id(grade(path, None, zygote))["clipping"]
    assert (released["score"] == released["max_score"]) == full, released["output"]
    # the same verdict and the same named mistake as with the course's support.py
    assert released["status"] == course["status"]
    if not full:
        assert 0 < released["score"] < released["max_score"]
        failed = {ln for ln in course["output"].splitlines() if ln.startswith("FAIL")}
        assert failed and failed == {ln for ln in released["output"].splitlines() if ln.startswith("FAIL")}


def test_value_questions_wait_for_the_instructors_grading(released_specs, solution, zygote):
    tests = by_id(grade(solution, released_specs, zygote))
    for qid in ("cell_path_value", "output_path_bound"):
        assert tests[qid]["status"] == "pending" and "instructor" in tests[qid]["output"], tests[qid]
