"""Plain `nbgrader autograde`, the usual nbgrader habit, does not mislead: in a kernel without
the autograder package the hidden checks fail closed (a blank notebook earns nothing, and so
does a right one: nothing could check it); with the package, each hidden test cell's value is
our score of its question, so nbgrader's totals equal ours."""
import csv
import json
import shutil
import sys

import pytest

from .conftest import CLASS, STUDENTS, grade_cli, nbgrader

NO_PACKAGE = ("import sys; sys.modules['autograder'] = None  # this kernel cannot import the autograder\n"
              "from ipykernel.kernelapp import launch_new_instance; launch_new_instance()")


@pytest.fixture
def kernel_without_package(tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "nopkg"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", NO_PACKAGE, "-f", "{connection_file}"],
        "display_name": "Python without autograder", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "nopkg"


def totals(course, aid):
    nbgrader(course, "export", "--to", course / "grades.csv")
    return {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader((course / "grades.csv").open())
            if r["assignment"] == aid}


def test_without_the_package_hidden_checks_earn_nothing(course, kernel_without_package):
    for aid in CLASS:
        blank = course / "release" / aid / f"{aid}.ipynb"
        shutil.copy(blank, course / "submitted" / "carol" / aid / f"{aid}.ipynb")   # handed in untouched
        nbgrader(course, "autograde", aid, f"--Execute.kernel_name={kernel_without_package}")
        got = totals(course, aid)
        assert got == {s: 0.0 for s in STUDENTS}, (aid, got)       # alice and bob answered; unchecked
        html = (course / "autograded" / "alice" / aid / f"{aid}.ipynb").read_text()
        assert "autograder package is not installed" in html


def test_with_the_package_nbgrader_totals_are_ours(course, alone):
    for aid in CLASS:
        nbgrader(course, "autograde", aid)
        assert totals(course, aid) == pytest.approx({s: alone[aid, s] for s in STUDENTS}, abs=1e-6), aid
    # per question too: each test cell's nbgrader score is our score of its question
    from nbgrader.api import Gradebook

    code, ours, err = grade_cli("--assignment", "rnn_bptt", course / "submitted" / "bob")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for t in ours["tests"]:
            cell = ours["extra_data"]["questions"][t["number"]]["test_cell"]
            assert gb.find_grade(cell, "rnn_bptt", "rnn_bptt", "bob").score == pytest.approx(t["score"], abs=1e-6)


def test_our_grading_ignores_hidden_tests_that_raise_in_the_sandbox(course, alone):
    """The autograded copy holds the hidden tests; in our sandbox they raise. Same scores."""
    nbgrader(course, "autograde", "rnn_bptt", "--student", "bob")
    copy = course / "autograded" / "bob" / "rnn_bptt" / "rnn_bptt.ipynb"
    sources = ["".join(c["source"]) for c in json.loads(copy.read_text())["cells"]]
    assert sum('verify("' in src for src in sources) == 7
    code, result, err = grade_cli("--assignment", "rnn_bptt", copy)
    assert code == 0, err
    assert result["extra_data"]["student_id"] == "bob" and result["score"] == alone["rnn_bptt", "bob"]
