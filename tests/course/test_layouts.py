"""`autograder grade` on a course folder: whatever the layout, each student's score is the
score of that student's notebook graded alone, and the student id is the student's name."""
import json
import shutil

import pytest

from .conftest import CLASS, STUDENTS, as_list, grade_cli, place




@pytest.mark.parametrize("layout", ["flat", "per_student", "nbgrader"])
def test_every_layout_grades_each_student_as_alone(tmp_path, alone, layout):
    root = place(tmp_path, layout)
    for aid in CLASS:
        folder = root / "submitted" if layout == "nbgrader" else root / aid
        code, results, err = grade_cli("--assignment", aid, folder)
        assert code == 0, err
        got = {r["extra_data"]["student_id"]: r["score"] for r in as_list(results)}
        assert got == {s: alone[aid, s] for s in STUDENTS}, (layout, aid)
        assert not any("looks like the notebook" in r["output"] for r in as_list(results))


def test_nbgrader_student_folder_or_file_named_alone_keeps_the_student_id(tmp_path, alone):
    root = place(tmp_path, "nbgrader")
    for path in (root / "submitted" / "bob", root / "submitted" / "bob" / "rnn_bptt",
                 root / "submitted" / "bob" / "rnn_bptt" / "rnn_bptt.ipynb"):
        code, result, err = grade_cli("--assignment", "rnn_bptt", path)
        assert code == 0, err
        assert result["extra_data"]["student_id"] == "bob" and result["score"] == alone["rnn_bptt", "bob"]
    files = [root / "submitted" / s / "lstm_numpy" / "lstm_numpy.ipynb" for s in STUDENTS]
    code, results, err = grade_cli("--assignment", "lstm_numpy", *files)
    assert [r["extra_data"]["student_id"] for r in results] == STUDENTS


def test_a_student_without_this_assignment_is_not_graded_and_is_named(tmp_path, alone):
    root = place(tmp_path, "nbgrader")
    shutil.rmtree(root / "submitted" / "carol" / "rnn_bptt")       # carol handed in lstm_numpy only
    code, results, err = grade_cli("--assignment", "rnn_bptt", root / "submitted")
    assert code == 0
    assert [r["extra_data"]["student_id"] for r in results] == ["alice", "bob"]
    assert "carol: no submission of rnn_bptt" in err


def test_notebook_of_another_assignment_sharing_an_answer_cell_is_named_and_not_run(tmp_path):
    nb = json.loads(CLASS["lstm_numpy"]["bob"].read_text())
    # if any of its code ran, this cell would be reported among the submission's cells
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": "raise RuntimeError('this cell ran')"})
    path = tmp_path / "bob.ipynb"
    path.write_text(json.dumps(nb))
    code, result, err = grade_cli("--assignment", "rnn_bptt", path)
    assert code == 0, err
    assert result["score"] == 0
    assert "this looks like the notebook of assignment 'lstm_numpy', not 'rnn_bptt'" in result["output"]
    assert all("lstm_numpy" in t["output"] for t in result["tests"])
    assert result["extra_data"]["cells"] == [] and "this cell ran" not in json.dumps(result)
    # the same cell in the right assignment does run: the probe can see a run
    code, ran, err = grade_cli("--assignment", "lstm_numpy", path)
    assert "this cell ran" in json.dumps(ran)


def test_notebook_named_only_by_its_nbgrader_cell_ids(tmp_path):
    nb = json.loads(CLASS["lstm_numpy"]["bob"].read_text())
    nb["metadata"].pop("autograder")
    for c in nb["cells"]:
        c["source"] = "".join(c["source"]).replace('ASSIGNMENT = "lstm_numpy"', "")
    path = tmp_path / "bob.ipynb"
    path.write_text(json.dumps(nb))
    code, result, err = grade_cli("--assignment", "rnn_bptt", path)
    assert "notebook of assignment 'lstm_numpy'" in result["output"] and result["score"] == 0
