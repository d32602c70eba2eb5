"""A real nbgrader course, end to end: generate_assignment, a collected submission, nbgrader's
autograde, our checks written into its gradebook, a written answer graded by hand,
generate_feedback and export."""
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main

from .notebooks import ASSIGNMENT, FIXTURES, SOLUTIONS, WRONG, strip_markers

REPO = Path(__file__).resolve().parents[2]


def nbgrader(course: Path, *args):
    env = dict(os.environ, PYTHONPATH=str(REPO),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    out = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    return out


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'gtt'\n"
        f"c.CourseDirectory.root = {str(course)!r}\n")
    shutil.copytree(FIXTURES / ASSIGNMENT / "source", course / "source" / ASSIGNMENT)
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    released = json.loads((course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    answers = dict(SOLUTIONS, answer_sum_squares=WRONG["answer_sum_squares"])
    for cell in released["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = strip_markers(answers[gid])
    sub = course / "submitted" / "alice" / ASSIGNMENT
    sub.mkdir(parents=True)
    (sub / f"{ASSIGNMENT}.ipynb").write_text(json.dumps(released))
    from autograder.grading.nbgrader_sync import ensure_alembic_on_path
    from nbgrader.api import Gradebook
    ensure_alembic_on_path()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_student("alice")
    return course


def test_nbgrader_course_end_to_end(course):
    nbgrader(course, "autograde", ASSIGNMENT)
    r = CliRunner().invoke(main, ["grade", "--assignment", ASSIGNMENT, str(course / "submitted"),
                                  "--nbgrader-db", str(course / "gradebook.db"), "--json",
                                  str(course / "ours.json"), "--assignments-dir", str(FIXTURES)])
    assert r.exit_code == 0, r.output
    ours = json.loads((course / "ours.json").read_text())
    assert ours["extra_data"]["student_id"] == "alice" and ours["score"] == 13

    from nbgrader.api import Gradebook
    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db) as gb:
        nb = ASSIGNMENT
        assert gb.find_grade("test_sum_squares", nb, ASSIGNMENT, "alice").score == 0   # ours, not nbgrader's 2
        assert gb.find_grade("test_rnn_steps", nb, ASSIGNMENT, "alice").score == 6
        why = gb.find_grade("answer_why", nb, ASSIGNMENT, "alice")
        assert why.needs_manual_grade                                  # left to a person
        why.manual_score = 2                                           # as in formgrader
        gb.db.commit()
        assert "not the expected value" in gb.find_comment("answer_sum_squares", nb, ASSIGNMENT, "alice").auto_comment

    nbgrader(course, "generate_feedback", ASSIGNMENT)
    assert (course / "feedback" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    rows = list(csv.DictReader((course / "grades.csv").open()))
    alice = next(r for r in rows if r["student_id"] == "alice")
    assert float(alice["raw_score"]) == 15 and float(alice["max_score"]) == 18


def test_nbgrader_sync_command_from_results_json(course, tmp_path):
    results = [{"score": 4, "max_score": 18, "tests": [
        {"number": "grad_f_last", "name": "g", "score": 1.5, "max_score": 4, "status": "failed", "output": "x"}],
        "extra_data": {"student_id": "alice"}}]
    (tmp_path / "r.json").write_text(json.dumps(results))
    r = CliRunner().invoke(main, ["nbgrader-sync", "--assignment", ASSIGNMENT, "--db", str(course / "gradebook.db"),
                                  "--assignments-dir", str(FIXTURES), str(tmp_path / "r.json")])
    assert r.exit_code == 0, r.output
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_grade("test_grad_f_last", ASSIGNMENT, ASSIGNMENT, "alice").score == 1.5
    # a student the gradebook does not know, a gradebook that does not exist: refused, nothing made
    (tmp_path / "bob.json").write_text(json.dumps(results).replace('"alice"', '"bob"'))
    r = CliRunner().invoke(main, ["nbgrader-sync", "--assignment", ASSIGNMENT, "--db", str(course / "gradebook.db"),
                                  "--assignments-dir", str(FIXTURES), str(tmp_path / "bob.json")])
    assert r.exit_code == 2 and "no student 'bob'" in r.output
    r = CliRunner().invoke(main, ["nbgrader-sync", "--assignment", ASSIGNMENT, "--db", str(tmp_path / "empty.db"),
                                  "--assignments-dir", str(FIXTURES), str(tmp_path / "r.json")])
    assert r.exit_code == 2 and "does not exist" in r.output and not (tmp_path / "empty.db").exists()
