"""An assignment's spec may change the credit table: a notebook graded by the pipeline
against a copy of the fixture assignment whose code question forbids modifying inputs."""
import shutil

import pytest

from autograder.grading.pipeline import Options, grade_submission, load_assignment
from autograder.grading.spec import SpecError, load
from tests.grading.notebooks import FIXTURES, RNN_STEPS, submission, write

MUTATING = RNN_STEPS.replace("dz = dnext_h * (1 - next_h ** 2)", "dnext_h *= (1 - next_h ** 2)\n    dz = dnext_h")


def course(tmp_path, credit: str):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES, root)
    toml = root / "fixture_hw" / "assignment.toml"
    text = toml.read_text()
    marker = 'functions = ["rnn_step_forward", "rnn_step_backward"]\n'
    assert marker in text
    toml.write_text(text.replace(marker, marker + credit))
    return str(root)


def rnn_steps(tmp_path, root, zygote):
    path = write(submission({"answer_rnn_steps": MUTATING}), tmp_path / "student.ipynb")
    result = grade_submission(load_assignment("fixture_hw", root), path, "student", zygote=zygote,
                              options=Options(root=root))
    return next(t for t in result["tests"] if t["number"] == "rnn_steps")


def test_modifying_an_input_is_a_warning_by_default(tmp_path, zygote):
    t = rnn_steps(tmp_path, course(tmp_path, ""), zygote)
    assert t["score"] == t["max_score"], t["output"]
    assert "modifies its input(s) dnext_h" in t["output"] and "warn" in t["output"]


def test_a_spec_that_forbids_it_takes_points(tmp_path, zygote):
    root = course(tmp_path, "[question.credit]\nmodifies_inputs = 0.1\n")
    t = rnn_steps(tmp_path, root, zygote)
    # rnn_step_backward is 3 of the checker's 5 points of this question: 10% of 3 points
    assert t["score"] == pytest.approx(t["max_score"] * (1 - 0.1 * 3 / 5)), t["output"]
    assert "credit rules" in t["output"]


def test_an_unknown_rule_is_refused_when_the_spec_loads(tmp_path):
    root = course(tmp_path, "[question.credit]\nmodifies_input = 0.1\n")
    with pytest.raises(SpecError, match="unknown credit rule 'modifies_input'"):
        load("fixture_hw", __import__("pathlib").Path(root))
