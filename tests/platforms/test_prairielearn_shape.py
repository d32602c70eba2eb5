"""PrairieLearn's score is the fraction of the automatically graded points: questions graded
by hand are PrairieLearn's manual points, listed but not counted."""
from __future__ import annotations

import json

import pytest

from autograder.grading.pipeline import load_assignment
from autograder.platforms.prairielearn import shape, student_id
from autograder.platforms.single import not_graded

from .prairielearn_schema import problems


def test_manual_questions_are_listed_and_not_counted():
    asg = load_assignment("lstm_univariate")
    result = not_graded(asg, "s", "x")
    manual = [q for q in asg.questions if q.kind == "manual"]
    auto = [q for q in asg.questions if q.kind != "manual"]
    assert manual and auto
    result["tests"][[q.kind for q in asg.questions].index("expression")]["score"] = auto[0].points
    data = shape(result)
    assert problems(json.dumps(data)) == []
    assert data["score"] == pytest.approx(auto[0].points / sum(q.points for q in auto))
    assert [t["max_points"] for t in data["tests"]] == [q.points for q in asg.questions]
    assert sum("graded by hand" in t["description"] for t in data["tests"]) == len(manual)
    assert "Graded by hand later" in data["message"]


def test_the_variant_seeds_the_checks(tmp_path):
    f = tmp_path / "data.json"
    f.write_text(json.dumps({"variant_seed": 5}))
    assert student_id(f) == "prairielearn-5"
    f.write_text("[]")
    assert student_id(f) == "student"
