"""A student's feedback shows the diagnosis in words; its data (coefficients, term names,
catalogue keys) stays in the instructor's results."""
import json

from autograder.grading.pipeline import Options, grade_submission, load_assignment

from .notebooks import WRONG, submission, write

# an answer with one of the gradient's branches left out: the diagnosis fits coefficients
MISSING_BRANCH = {"answer_grad_f_last": 'answer_grad_f_last = r"grad_h_t*C_tm1"'}


def test_feedback_has_words_not_diagnosis_data(tmp_path, root, zygote):
    path = write(submission({**WRONG, **MISSING_BRANCH}), tmp_path / "student.ipynb")
    fb = tmp_path / "fb"
    result = grade_submission(load_assignment("fixture_hw", root), path, "student", zygote=zygote,
                              options=Options(root=root, feedback_dir=str(fb)))
    questions = result["extra_data"]["questions"]
    # the instructor's results keep the whole diagnosis
    assert questions["grad_f_last"]["diagnosis"] and questions["rnn_steps"]["diagnosis"]
    data = json.dumps({q: d["diagnosis"] for q, d in questions.items()})
    assert '"coefficient"' in data or '"catalogue"' in data
    for page in ("feedback.md", "feedback.html"):
        text = (fb / "student" / page).read_text()
        assert "Diagnosis:" not in text
        for internal in ('"coefficient"', '"via"', '"catalogue"', "relative_errors", "explained_by_terms",
                         "drop_square", "rnn_step_backward:", "gate_blocks"):
            assert internal not in text, (page, internal)
    assert "a square is missing (1 - y where the derivative needs 1 - y²" in (fb / "student" / "feedback.md").read_text()
