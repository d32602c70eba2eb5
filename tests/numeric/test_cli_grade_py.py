import json

from click.testing import CliRunner

from autograder.cli_grade_py import grade

from .conftest import SUBMISSIONS


def test_json_to_stdout_single():
    r = CliRunner().invoke(grade, ["--assignment", "rnn_bptt", str(SUBMISSIONS / "rnn_correct.py"), "--json", "-"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["score"] == data["max_score"] == 10
    assert [t["name"] for t in data["tests"]] == ["rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward"]
    assert all(set(t) >= {"name", "score", "max_score", "status", "output"} for t in data["tests"])


def test_several_submissions_give_a_list_and_a_summary(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def lstm_forward(:\n")
    out = tmp_path / "results.json"
    r = CliRunner().invoke(grade, ["--assignment", "lstm_numpy", str(SUBMISSIONS / "lstm_correct.py"),
                                   str(broken), "--json", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert isinstance(data, list) and [d["score"] for d in data] == [10, 0]
    assert "lstm_correct.py" in r.output and "broken.py" in r.output


def test_usage_errors_exit_2_without_traceback(tmp_path):
    r = CliRunner().invoke(grade, ["--assignment", "nope", str(SUBMISSIONS / "rnn_correct.py")])
    assert r.exit_code == 2 and "unknown assignment 'nope'" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(grade, ["--assignment", "rnn_bptt", str(tmp_path / "missing.py")])
    assert r.exit_code == 2 and "does not exist" in r.output
    r = CliRunner().invoke(grade, ["--assignment", "rnn_bptt"])
    assert r.exit_code == 2
