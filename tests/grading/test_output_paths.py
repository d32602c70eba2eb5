"""Output paths are checked before any grading: a bad one is a usage error (exit 2) that
names it, not a traceback after the class was graded nor a 0 for every student.

The tests run as root, which ignores permission bits: an unwritable place is a path under a
regular file, or /sys (sysfs takes no new files, even from root)."""
import os

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.cli_grade_py import grade as grade_py
from autograder.grading.outputs import write_atomic

from .notebooks import submission, write
from .test_time_budget import NUMERIC


def run(*args, root):
    return CliRunner().invoke(main, ["grade", *map(str, args)], env={"AUTOGRADER_ASSIGNMENTS": root})


def _unwritable_dir() -> str:
    try:
        open("/sys/.autograder-test", "w").close()
    except OSError:
        return "/sys"
    os.unlink("/sys/.autograder-test")
    pytest.skip("no directory here refuses new files")


@pytest.fixture
def notebook(tmp_path):
    return write(submission(), tmp_path / "alice.ipynb")


@pytest.mark.parametrize("option, target", [
    ("--json", "nonexistent/r.json"),
    ("--csv", "nonexistent/g.csv"),
    ("--json", "a_file/r.json"),
    ("--feedback", "a_file/fb"),
    ("--feedback", "a_file"),
    ("--json", "."),
    ("--nbgrader-db", "gradebook.db"),
    ("--nbgrader-db", "nonexistent/gradebook.db"),
    ("--journal", "a_file/j.jsonl"),
])
def test_a_bad_output_path_is_a_usage_error_before_grading(tmp_path, root, notebook, option, target):
    (tmp_path / "a_file").write_text("a regular file")
    path = tmp_path / target
    r = run("--assignment", "fixture_hw", notebook, option, path, "--json" if option != "--json" else "--csv",
            tmp_path / "other.out", root=root)
    assert r.exit_code == 2, r.output
    assert str(path) in r.output and option in r.output
    assert "Traceback" not in r.output and "mean score" not in r.output
    assert not (tmp_path / "other.out").exists()                 # nothing was graded or written
    assert not list(tmp_path.glob("*.journal.jsonl"))


@pytest.mark.parametrize("option, target", [("--json", "r.json"), ("--feedback", "fb"), ("--csv", "g.csv")])
def test_an_unwritable_directory_is_a_usage_error(tmp_path, root, notebook, option, target):
    path = os.path.join(_unwritable_dir(), target)
    r = run("--assignment", "fixture_hw", notebook, option, path, root=root)
    assert r.exit_code == 2, r.output
    assert path in r.output and "cannot" in r.output
    assert "mean score" not in r.output


def test_the_py_grader_checks_its_json_path_first(tmp_path):
    r = CliRunner().invoke(grade_py, ["--assignment", "rnn_bptt", "--json", str(tmp_path / "no" / "r.json"),
                                      str(NUMERIC / "rnn_correct.py")])
    assert r.exit_code == 2 and str(tmp_path / "no" / "r.json") in r.output


def test_an_atomic_write_that_fails_leaves_the_old_file(tmp_path):
    out = tmp_path / "r.json"
    write_atomic(out, "old results\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(out, "new results, then a lone surrogate: \ud800")
    assert out.read_text() == "old results\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]     # no temporary file left
