"""In a real nbgrader course, value questions are graded against the student who handed the
notebook in: Alice's notebook, numbers frozen as her Jupyter computed them (her id written
in it), handed in by Bob as well, earns Alice the value points and Bob none of them, under
our `grade` on the course's submitted/ and under plain `nbgrader autograde` (whose hidden
tests name the student from the autograded/<student>/<assignment>/ folder)."""
import nbformat
import pytest

from autograder.grading import spec
from tests.assignments.value_copy import frozen

from .conftest import as_list, grade_cli, nbgrader

VALUES = {"spectral_radius": "test_spectral_radius", "gradient_ratio": "test_gradient_ratio"}


@pytest.fixture
def copied(course):
    nb = frozen("rnn_bptt", "alice")
    for student in ("alice", "bob"):
        nbformat.write(nb, course / "submitted" / student / "rnn_bptt" / "rnn_bptt.ipynb")
    return course


def test_our_grade_on_the_course_folder(copied):
    code, results, err = grade_cli("--assignment", "rnn_bptt", copied / "submitted")
    assert code == 0, err
    by = {r["extra_data"]["student_id"]: {t["number"]: t for t in r["tests"]} for r in as_list(results)}
    for qid in VALUES:
        assert by["alice"][qid]["status"] == "passed"
        assert by["bob"][qid]["score"] == 0, by["bob"][qid]
    for qid, t in by["bob"].items():
        if qid not in VALUES:
            assert t["score"] == by["alice"][qid]["score"], qid


def test_plain_nbgrader_autograde(copied):
    from nbgrader.api import Gradebook

    for student in ("alice", "bob"):
        nbgrader(copied, "autograde", "rnn_bptt", "--student", student)
    with Gradebook(f"sqlite:///{copied / 'gradebook.db'}") as gb:
        def score(cell, student):
            return gb.find_grade(cell, "rnn_bptt", "rnn_bptt", student).score

        for qid, cell in VALUES.items():
            points = gb.find_grade(cell, "rnn_bptt", "rnn_bptt", "alice").max_score
            assert score(cell, "alice") == points, qid
            assert score(cell, "bob") == 0, qid
        totals = {s: gb.find_submission("rnn_bptt", s).score for s in ("alice", "bob")}
    # Bob loses exactly the value points
    asg = spec.load("rnn_bptt")
    assert totals["alice"] - totals["bob"] == pytest.approx(sum(asg.question(q).points for q in VALUES))
