"""A course as an instructor has it: two assignments, three students, their notebooks."""
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.grading import spec

REPO = Path(__file__).resolve().parents[2]
# two assignments that share an answer cell id (answer_step_functions), three students each
CLASS = {
    "rnn_bptt": {"alice": spec.load("rnn_bptt").solution_path,
                 "bob": spec.load("rnn_bptt").samples_dir / "missing_terms.ipynb",
                 "carol": spec.load("rnn_bptt").samples_dir / "overwritten_dWh.ipynb"},
    "lstm_numpy": {"alice": spec.load("lstm_numpy").samples_dir / "gate_order_ifgo.ipynb",
                   "bob": spec.load("lstm_numpy").solution_path,
                   "carol": spec.load("lstm_numpy").samples_dir / "overwritten_dWh.ipynb"},
}


def grade_cli(*args) -> tuple[int, object, str]:
    """`autograder grade ... --json -` from the outside: exit code, parsed results, stderr."""
    r = CliRunner().invoke(main, ["grade", *map(str, args), "--json", "-", "-q"])
    out = json.loads(r.stdout) if r.exit_code == 0 else None
    return r.exit_code, out, r.stderr if hasattr(r, "stderr") else r.output


def as_list(results):
    return results if isinstance(results, list) else [results]


@pytest.fixture(scope="session")
def alone():
    """Each student's score when that notebook alone is graded: {(assignment, student): score}."""
    scores = {}
    for aid, students in CLASS.items():
        for student, nb in students.items():
            code, res, err = grade_cli("--assignment", aid, nb)
            assert code == 0, err
            scores[aid, student] = res["score"]
    return scores


def place(root: Path, layout: str) -> Path:
    """Lay the class out under root; returns the folder to grade for each assignment's parent."""
    for aid, students in CLASS.items():
        for student, nb in students.items():
            target = {"flat": root / aid / f"{student}.ipynb",
                      "per_student": root / aid / student / f"{aid}.ipynb",
                      "nbgrader": root / "submitted" / student / aid / f"{aid}.ipynb"}[layout]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(nb, target)
    return root


def nbgrader(course: Path, *args, check=True, python=None):
    """The `nbgrader` command in the course folder, as an instructor runs it."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    out = subprocess.run([python or sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                         capture_output=True, text=True, timeout=600)
    if check:
        assert out.returncode == 0, out.stdout + out.stderr
    return out


@pytest.fixture(scope="session")
def nbgrader_course(tmp_path_factory):
    """A real nbgrader course: both assignments generated from their source notebooks, three
    students in the gradebook, each with both assignments in submitted/ (not yet autograded)."""
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'gtt'\n")
    for aid in CLASS:
        (course / "source" / aid).mkdir(parents=True)
        shutil.copy(spec.load(aid).solution_path, course / "source" / aid)
        nbgrader(course, "generate_assignment", aid, "--force")
    for student in STUDENTS:
        nbgrader(course, "db", "student", "add", student)
    place(course, "nbgrader")
    return course


@pytest.fixture
def course(nbgrader_course, tmp_path):
    """A fresh copy of the course for one test."""
    return Path(shutil.copytree(nbgrader_course, tmp_path / "course"))


STUDENTS = ["alice", "bob", "carol"]
