"""What the CI templates put in the student's repository is words: results.json there
keeps scores, statuses and feedback sentences; the raw diagnosis (terms, coefficients,
paths, expected values) stays in the grader's own output, which is not uploaded."""
from __future__ import annotations

import json

import pytest

from tests.grading.notebooks import WRONG, submission, write
from tests.grading.test_ci import REPO, run_block, run_step, shim  # noqa: F401  (shim: a fixture)

RAW = ("extra_data\": {\"questions", "diagnosis", "coefficient", "\"via\"", "explained_by_terms", "answer_cell")


@pytest.mark.parametrize("yml, marker, ids", [
    ("github/grade.yml", "- name: Grade", dict(GITHUB_REPOSITORY="course/hw1-alice")),
    ("gitlab/.gitlab-ci.yml", "script:", dict(CI_PROJECT_PATH="course/hw1/alice")),
])
def test_results_json_in_the_students_repository_has_words_only(yml, marker, ids, tmp_path, shim):  # noqa: F811
    script = run_block(REPO / "ci" / yml, marker)
    nb = write(submission(WRONG), tmp_path / "student" / "hw.ipynb")
    out, _, work = run_step(script, tmp_path, shim, nb, **ids)
    assert out.returncode == 0, out.stderr
    text = (work / "results.json").read_text()
    assert not [r for r in RAW if r in text], text[:2000]
    result = json.loads(text)
    # the score of tests/grading/test_ci.py's same step: 2.4 for the code question and the
    # credit table's share of two expression mistakes
    assert result["score"] == 4.15 and result["max_score"] == 18
    failed = [t for t in result["tests"] if t.get("status") == "failed"]
    assert failed and all(t["output"] for t in failed)        # the feedback sentences stay
    assert result["extra_data"]["student_id"]
    # nothing else the grader wrote lies in the repository's folder (the upload's source)
    assert sorted(p.name for p in work.iterdir()) == ["assignment.toml", "feedback", "results.json"]


def test_words_only_keeps_scores_and_sentences():
    from autograder.grading.student_results import words_only

    raw = {"score": 5, "max_score": 10, "output": "o",
           "tests": [{"name": "n", "number": "q", "score": 5, "max_score": 10, "status": "failed",
                      "output": "incorrect: Your answer has no contribution from the loss.",
                      "extra": {"diagnosis": {"terms": [{"via": "delta_tm1", "coefficient": 0}]}}}],
           "extra_data": {"student_id": "a", "assignment": "x",
                          "questions": {"q": {"diagnosis": {"terms": [{"via": "delta_tm1"}]}}}}}
    view = words_only(raw)
    assert "delta_tm1" not in json.dumps(view)
    assert view["tests"][0]["output"].endswith("from the loss.") and view["score"] == 5
    assert view["extra_data"] == {"student_id": "a", "assignment": "x"}
