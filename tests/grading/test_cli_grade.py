"""`autograder grade` as a user (or CI) runs it."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from autograder.cli import main

from .notebooks import WRONG, submission, write

REPO = Path(__file__).resolve().parents[2]
NUMERIC = REPO / "tests" / "numeric" / "submissions"


def run(*args, root=None):
    env = {"AUTOGRADER_ASSIGNMENTS": root} if root else {}
    return CliRunner().invoke(main, ["grade", *map(str, args)], env=env)


def test_json_csv_feedback_for_a_class(tmp_path, root):
    write(submission(), tmp_path / "class" / "alice.ipynb")
    write(submission(WRONG), tmp_path / "class" / "bob.ipynb")
    (tmp_path / "class" / "zed.ipynb").write_text("not a notebook")
    r = run("--assignment", "fixture_hw", tmp_path / "class", "--json", tmp_path / "r.json",
            "--csv", tmp_path / "g.csv", "--feedback", tmp_path / "fb", "--jobs", "2", root=root)
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / "r.json").read_text())
    assert [d["extra_data"]["student_id"] for d in data] == ["alice", "bob", "zed"]
    assert [d["score"] for d in data][0] == 15 and data[2]["score"] == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text())))
    assert [row["student_id"] for row in rows] == ["alice", "bob", "zed"]
    assert rows[0]["grad_f_last"] == "4" and rows[0]["total"] == "15" and rows[0]["why"] == "0"
    page = (tmp_path / "fb" / "bob" / "feedback.html").read_text()
    assert "<math " in page and "<script" not in page and "sigmoid" in page
    index = (tmp_path / "fb" / "index.html").read_text()    # the class page links every student
    assert all(f"href='{s}/feedback.html'" in index for s in ("alice", "bob", "zed"))
    assert (tmp_path / "fb" / "bob" / "feedback.md").read_text().startswith("# Feedback")
    assert "grad_f_last" in r.output and "mean score" in r.output and "most often wrong" in r.output


def test_json_to_stdout_is_one_object(tmp_path, root):
    p = write(submission(), tmp_path / "alice.ipynb")
    r = run("--assignment", "fixture_hw", p, "--json", "-", root=root)
    assert r.exit_code == 0
    assert json.loads(r.stdout)["score"] == 15


def test_fail_under(tmp_path, root):
    p = write(submission(WRONG), tmp_path / "bob.ipynb")
    assert run("--assignment", "fixture_hw", p, "--fail-under", "80%", "-q", root=root).exit_code == 1
    assert run("--assignment", "fixture_hw", p, "--fail-under", "2", "-q", root=root).exit_code == 0
    good = write(submission(), tmp_path / "alice.ipynb")
    # manual points are pending, not failures: 15 of the 15 automatic points is 100%
    assert run("--assignment", "fixture_hw", good, "--fail-under", "100%", "-q", root=root).exit_code == 0


def test_usage_errors_exit_2(tmp_path, root):
    r = run("--assignment", "nope", tmp_path, root=root)
    assert r.exit_code == 2 and "unknown assignment" in r.output
    r = run("--assignment", "fixture_hw", tmp_path / "missing.ipynb", root=root)
    assert r.exit_code == 2 and "does not exist" in r.output
    (tmp_path / "x.txt").write_text("")
    assert run("--assignment", "fixture_hw", tmp_path / "x.txt", root=root).exit_code == 2
    assert run("--assignment", "fixture_hw", write(submission(), tmp_path / "a.ipynb"),
               "--fail-under", "lots", root=root).exit_code == 2


def test_py_files_of_a_code_assignment_as_before(tmp_path):
    r = run("--assignment", "rnn_bptt", NUMERIC / "rnn_correct.py", "--json", "-",
            root=str(tmp_path))   # no spec there: the numeric checker alone
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["score"] == data["max_score"] == 10
    assert [t["name"] for t in data["tests"]] == ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward"]


def test_the_installed_command_runs_in_a_fresh_process(tmp_path, root):
    p = write(submission(), tmp_path / "alice.ipynb")
    env = dict(os.environ, PYTHONPATH=str(REPO), AUTOGRADER_ASSIGNMENTS=root)
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", "fixture_hw",
                          str(p), "--json", "-"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["score"] == 15


def test_py_file_feedback_report(tmp_path):
    r = run("--assignment", "rnn_bptt", NUMERIC / "rnn_correct.py", "--feedback", tmp_path / "fb", "-q",
            root=str(tmp_path))
    assert r.exit_code == 0, r.output
    assert "10 / 10" in (tmp_path / "fb" / "rnn_correct" / "feedback.md").read_text()
