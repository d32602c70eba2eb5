"""Results as data: a failure travels as a value (through the journal's and the cluster's
JSON), and what the command decides from it is read from that value, never from a sentence."""
import json

from click.testing import CliRunner

from autograder.cli import main
from autograder.grading import pipeline
from autograder.grading.result_types import Failure, SubmissionResult, TestResult, failure_of
from autograder.sandbox import SandboxUnavailable

from .notebooks import submission, write


def _result(failure=None, test_failure=None):
    return SubmissionResult(
        score=1.0, max_score=3.0, output="", failure=failure,
        tests=[TestResult("q1", "q1", 1.0, 1.0, "passed", "correct"),
               TestResult("q2", "q2", 0.0, 2.0, "failed", "no value", test_failure)],
        extra_data={"student_id": "s1", "problems": []})


def test_a_result_without_failures_has_the_plain_shape():
    d = _result().to_dict()
    assert set(d["extra_data"]) == {"student_id", "problems"}
    assert set(d["tests"][1]) == {"name", "number", "score", "max_score", "status", "output"}


def test_failures_survive_the_json_a_result_travels_as():
    r = _result(Failure.SANDBOX, Failure.TIMEOUT)
    back = SubmissionResult.from_dict(json.loads(json.dumps(r.to_dict())))
    assert back == r
    assert failure_of(r.to_dict()) is Failure.SANDBOX and failure_of(_result().to_dict()) is None


def test_an_unknown_failure_name_reads_as_none():
    assert Failure.read("from a later version") is None and Failure.read("") is None


def _no_sandbox(self, preload=()):
    raise SandboxUnavailable("no user namespaces here")


def test_a_class_the_sandbox_cannot_run_exits_3(tmp_path, root, monkeypatch):
    write(submission(), tmp_path / "class" / "alice.ipynb")
    monkeypatch.setattr(pipeline.Zygotes, "get", _no_sandbox)
    r = CliRunner().invoke(main, ["grade", "--assignment", "fixture_hw", str(tmp_path / "class"),
                                  "--json", str(tmp_path / "r.json"), "--quiet"],
                           env={"AUTOGRADER_ASSIGNMENTS": root})
    assert r.exit_code == 3, r.output
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["extra_data"]["failure"] == "sandbox"

