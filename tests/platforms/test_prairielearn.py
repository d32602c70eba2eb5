"""PrairieLearn's external grader, run as PrairieLearn runs it: a grading root laid out as
/grade (student/, data/data.json, tests/assignment.toml, support.py and the model's declaration; results/ not created beforehand),
the grader installed from its wheel in a fresh venv, `autograder prairielearn` as the
entry point, results.json checked against PrairieLearn's documented shape."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.grading import spec

from .gradescope_schema import looks_like_data
from .prairielearn_schema import problems
from .test_gradescope_bundle import clean_env

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = spec.load("rnn_bptt").solution_path

pytestmark = pytest.mark.slow


def grade(grader_install, tmp_path, files: dict, *, assignment="rnn_bptt", spec=None) -> dict:
    root = tmp_path / "grade"
    for d in ("student", "data", "tests"):
        (root / d).mkdir(parents=True)
    spec = Path(spec or ROOT / "assignments" / "rnn_bptt" / "assignment.toml")
    shutil.copy2(spec, root / "tests" / "assignment.toml")
    if (spec.parent / "support.py").is_file():      # the assignment's own code goes beside its spec
        shutil.copy2(spec.parent / "support.py", root / "tests" / "support.py")
    shutil.copy2(SOLUTION, root / "tests" / "rnn_bptt.ipynb")     # the reference of the code questions
    shutil.copy2(ROOT / "assignments" / "models" / "rnn.model.toml", root / "tests")   # beside the spec
    (root / "data" / "data.json").write_text(json.dumps({"variant_seed": 1234, "params": {}}))
    for name, content in files.items():
        (root / "student" / name).write_bytes(content.read_bytes() if isinstance(content, Path) else content)
    autograder = Path(grader_install["python"]).parent / "autograder"
    r = subprocess.run([str(autograder), "prairielearn", assignment, "--root", str(root)], capture_output=True,
                       text=True, timeout=600, cwd=tmp_path, env=clean_env(root))
    assert r.returncode == 0, r.stdout + r.stderr
    text = (root / "results" / "results.json").read_text(encoding="utf-8")
    assert problems(text) == [], problems(text)
    data = json.loads(text)
    said = [data["message"]] + [t["message"] for t in data["tests"]]
    assert not any(looks_like_data(s) for s in said), said
    return data


def test_the_solution_scores_one(grader_install, tmp_path):
    data = grade(grader_install, tmp_path, {"rnn_bptt.ipynb": SOLUTION})
    assert data["gradable"] is True and data["score"] == 1.0
    assert all(t["points"] == t["max_points"] for t in data["tests"]) and len(data["tests"]) == 7


def test_a_wrong_submission_scores_its_fraction(grader_install, tmp_path):
    wrong = ROOT / "assignments/rnn_bptt/samples/missing_terms.ipynb"
    data = grade(grader_install, tmp_path, {"anything.ipynb": wrong})
    got = sum(t["points"] for t in data["tests"])
    assert 0 < data["score"] < 1 and data["score"] == pytest.approx(got / 100, abs=1e-6)
    assert any(t["points"] < t["max_points"] and t["message"] for t in data["tests"])


@pytest.mark.parametrize("files, said", [
    ({"rnn_bptt.ipynb": b"garbage {"}, "not valid JSON"),
    ({}, "Nothing was uploaded"),
    ({"a.ipynb": b"{}", "b.ipynb": b"{}"}, "2 .ipynb files were uploaded"),
])
def test_an_upload_without_a_notebook_is_not_gradable(grader_install, tmp_path, files, said):
    data = grade(grader_install, tmp_path, files)
    assert data["gradable"] is False and said in data["message"] and data["format_errors"]


def test_a_spec_of_another_assignment_is_said_not_graded(grader_install, tmp_path):
    data = grade(grader_install, tmp_path, {"rnn_bptt.ipynb": SOLUTION}, assignment="lstm_numpy")
    assert data["gradable"] is False and "not set up correctly" in data["message"]
