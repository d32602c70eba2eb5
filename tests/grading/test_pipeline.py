"""grade_submission from the outside: real notebooks of the fixture assignment."""
import json

import pytest

from autograder.grading.pipeline import Options, grade_submission, load_assignment
from autograder.grading.submissions import discover

from .notebooks import RNN_STEPS, WRONG, submission, write


def grade(tmp_path, root, zygote, nb, name="student", **opts):
    path = write(nb, tmp_path / f"{name}.ipynb") if isinstance(nb, dict) else nb
    return grade_submission(load_assignment("fixture_hw", root), path, name, zygote=zygote,
                            options=Options(root=root, **opts))


def by_id(result):
    return {t["number"]: t for t in result["tests"]}


def test_solution_gets_every_automatic_point_and_manual_is_pending(tmp_path, root, zygote):
    r = grade(tmp_path, root, zygote, submission())
    t = by_id(r)
    assert r["max_score"] == 18 and r["score"] == 15
    assert all(t[q]["status"] == "passed" for q in ("grad_f_last", "derive_o_last", "rnn_steps", "sum_squares"))
    assert t["why"]["status"] == "pending" and t["why"]["score"] == 0 and "pending" in t["why"]["output"]
    assert set(t["why"]) >= {"name", "score", "max_score", "status", "output"}


def test_wrong_answers_are_diagnosed(tmp_path, root, zygote):
    r = grade(tmp_path, root, zygote, submission(WRONG))
    t = by_id(r)
    # the gradient of f's pre-activation given for f: the credit table's extra_derivative
    assert t["grad_f_last"]["score"] == 4 * 0.25 and t["grad_f_last"]["status"] == "failed"
    assert "pre-activation" in t["grad_f_last"]["output"]
    assert "sigmoid" in t["derive_o_last"]["output"]
    assert 0 < t["rnn_steps"]["score"] < 6 and "a square is missing" in t["rnn_steps"]["output"]
    assert t["sum_squares"]["score"] == 0 and "30" not in t["sum_squares"]["output"]


def test_same_submission_same_student_same_result(tmp_path, root, zygote):
    a = grade(tmp_path, root, zygote, submission(WRONG), feedback_dir=str(tmp_path / "fb1"))
    md1 = (tmp_path / "fb1" / "student" / "feedback.md").read_text()
    b = grade(tmp_path, root, zygote, submission(WRONG), feedback_dir=str(tmp_path / "fb2"))
    md2 = (tmp_path / "fb2" / "student" / "feedback.md").read_text()
    for r in (a, b):
        r["extra_data"].pop("reports")
    assert json.dumps(a) == json.dumps(b) and md1 == md2


def test_a_cell_that_raises_fails_only_its_question(tmp_path, root, zygote):
    broken = "sum_squares = float(np.sum(np.arange(5) ** 2))\nraise ValueError('oops')"
    r = grade(tmp_path, root, zygote, submission({"answer_rnn_steps": RNN_STEPS + "\n1/0\n",
                                                   "answer_sum_squares": broken}))
    t = by_id(r)
    assert t["rnn_steps"]["score"] == 6           # definitions before the error count
    assert t["sum_squares"]["score"] == 2
    assert any("ZeroDivisionError" in c["message"] for c in r["extra_data"]["cells"])
    assert any("ValueError" in c["message"] for c in r["extra_data"]["cells"])


def test_a_cell_that_loops_forever_is_stopped_and_grading_goes_on(tmp_path, root, zygote):
    r = grade(tmp_path, root, zygote, submission({"answer_sum_squares": "while True:\n    pass"}),
              cell_seconds=1.0)
    t = by_id(r)
    assert t["sum_squares"]["score"] == 0 and "does not define sum_squares" in t["sum_squares"]["output"]
    assert t["rnn_steps"]["score"] == 6 and t["grad_f_last"]["score"] == 4
    assert [c["status"] for c in r["extra_data"]["cells"]] == ["timeout"]
    assert r["extra_data"]["sandbox_restarts"] == 1


def test_sys_exit_and_a_dying_worker(tmp_path, root, zygote):
    r = grade(tmp_path, root, zygote, submission({
        "answer_sum_squares": "sum_squares = 30.0\nimport sys\nsys.exit(3)",
        "answer_grad_f_last": 'import os\nanswer_grad_f_last = r"grad_C_t*C_tm1"\nos._exit(1)'}))
    t = by_id(r)
    assert t["sum_squares"]["score"] == 2 and t["rnn_steps"]["score"] == 6
    assert t["grad_f_last"]["score"] == 4          # read statically, not from the dead worker
    kinds = sorted(c["status"] for c in r["extra_data"]["cells"])
    assert kinds == ["crash", "exit"]


def test_a_notebook_that_is_not_json(tmp_path, root, zygote):
    p = tmp_path / "carol.ipynb"
    p.write_text('{"cells": [ {"cell_type": "code", ')
    r = grade(tmp_path, root, zygote, p, name="carol")
    assert r["score"] == 0 and r["max_score"] == 18 and len(r["tests"]) == 5
    assert "not valid JSON" in r["output"]
    assert by_id(r)["why"]["status"] == "pending"


def test_missing_and_duplicated_answer_cells(tmp_path, root, zygote):
    nb = submission(drop=("answer_grad_f_last",))
    dup = dict(next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "answer_sum_squares"))
    nb["cells"].append(dup)
    r = grade(tmp_path, root, zygote, nb)
    t = by_id(r)
    assert t["grad_f_last"]["score"] == 0 and "missing" in t["grad_f_last"]["output"]
    assert t["sum_squares"]["score"] == 2 and t["derive_o_last"]["score"] == 3


def test_unanswered_and_non_literal_answers(tmp_path, root, zygote):
    r = grade(tmp_path, root, zygote, submission({
        "answer_grad_f_last": "# YOUR CODE HERE\nraise NotImplementedError()",
        "answer_derive_o_last": "derivation = open('x').read()"}))
    t = by_id(r)
    assert "not answered" in t["grad_f_last"]["output"]
    assert "not a plain string" in t["derive_o_last"]["output"]


def test_old_nbformat_and_bad_bytes(tmp_path, root, zygote):
    v4 = submission()
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {},
          "worksheets": [{"cells": [dict(c, input=c["source"]) if c["cell_type"] == "code" else c
                                    for c in v4["cells"]]}]}
    for c in v3["worksheets"][0]["cells"]:
        if c["cell_type"] == "code":
            del c["source"]
    r = grade(tmp_path, root, zygote, v3, name="old")
    assert r["score"] == 15 and "nbformat 3" in r["output"]
    p = tmp_path / "latin.ipynb"
    p.write_bytes(json.dumps(v4).replace("Fixture homework", "Fixture homework \\u00e9").encode()
                  .replace(b"One question", b"One \xe9 question"))
    r = grade(tmp_path, root, zygote, p, name="latin")
    assert r["score"] == 15 and "UTF-8" in r["output"]


def test_discover_students_from_files_and_folders(tmp_path):
    write(submission(), tmp_path / "class" / "alice.ipynb")
    write(submission(), tmp_path / "class" / "bob" / "fixture_hw.ipynb")
    write(submission(), tmp_path / "class" / "dave" / "fixture_hw" / "fixture_hw.ipynb")   # nbgrader layout
    (tmp_path / "class" / "erin.py").write_text("x = 1\n")
    subs = discover([tmp_path / "class"], "fixture_hw.ipynb")
    assert [s.student_id for s in subs] == ["alice", "bob", "dave", "erin"]
    one = discover([tmp_path / "class" / "bob"], "fixture_hw.ipynb")
    assert [s.student_id for s in one] == ["bob"]
