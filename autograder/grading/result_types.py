"""A graded submission as data: `SubmissionResult` of `TestResult`s, and `Failure`, why a
submission or a question got no real verdict.

A failure is decided where it happens (the sandbox could not start, the grader raised, the
process died) and carried as a value; nothing downstream reads it back out of a sentence.
The dict form (`to_dict`, `from_dict`) is what results travel as between processes and
machines and what the journal keeps; `gradescope_view` turns it into Gradescope's
results.json shape, and is the only place that does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

PENDING_TAG = "pending"


class Failure(str, Enum):
    """Why no real verdict was reached. Submission-wide or for one question."""
    UNREADABLE = "unreadable"          # the file is not a submission that can be read
    SANDBOX = "sandbox"                # the sandbox could not run the student's code
    TIMEOUT = "timeout"                # a check ran out of its time
    GRADER = "grader"                  # the grader itself failed: looked at by hand
    PROCESS_DIED = "process_died"      # the grading process or its sandbox died, twice

    @classmethod
    def read(cls, value) -> "Failure | None":
        """The failure a dict form names; None for none or one this version does not know."""
        try:
            return cls(value) if value else None
        except ValueError:
            return None


@dataclass
class TestResult:
    """One question's line in results.json."""
    __test__ = False                   # a result, not a pytest test class
    name: str
    number: str
    score: float
    max_score: float
    status: str                        # passed, failed or pending
    output: str = ""
    failure: Failure | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "number": self.number, "score": self.score,
                "max_score": self.max_score, "status": self.status, "output": self.output}

    @classmethod
    def from_dict(cls, t: dict, failure: Failure | None = None) -> "TestResult":
        return cls(t.get("name", ""), t.get("number", ""), t.get("score", 0.0), t.get("max_score", 0.0),
                   t.get("status", ""), t.get("output", ""), failure)


@dataclass
class SubmissionResult:
    """One submission's result. `extra_data` holds the instructor's details (diagnoses,
    cells, problems); the failures are kept apart from it and written into it only when
    there is one, so a result without failures reads as it always did."""
    score: float
    max_score: float
    output: str
    tests: list[TestResult]
    extra_data: dict = field(default_factory=dict)
    failure: Failure | None = None

    def to_dict(self) -> dict:
        extra = dict(self.extra_data)
        if self.failure is not None:
            extra["failure"] = self.failure.value
        failed = {t.number: t.failure.value for t in self.tests if t.failure is not None}
        if failed:
            extra["failures"] = failed
        return {"score": self.score, "max_score": self.max_score, "output": self.output,
                "tests": [t.to_dict() for t in self.tests], "extra_data": extra}

    @classmethod
    def from_dict(cls, result: dict) -> "SubmissionResult":
        extra = dict(result.get("extra_data", {}))
        failure = Failure.read(extra.pop("failure", None))
        failed = extra.pop("failures", None) or {}
        tests = [TestResult.from_dict(t, Failure.read(failed.get(t.get("number"))))
                 for t in result.get("tests", [])]
        return cls(result.get("score", 0.0), result.get("max_score", 0.0), result.get("output", ""),
                   tests, extra, failure)


def failure_of(result: dict) -> Failure | None:
    """The submission-wide failure of a result in dict form."""
    return Failure.read(result.get("extra_data", {}).get("failure"))


def is_pending(test: dict) -> bool:
    """A question graded by hand or held for review, in memory or as exported."""
    return test.get("status") == "pending" or PENDING_TAG in test.get("tags", ())


def gradescope_view(result: dict) -> dict:
    """The result as Gradescope reads it: a test's status is only ever "passed" or "failed",
    so a pending question loses its status and carries the tag "pending" instead."""
    tests = []
    for t in result.get("tests", []):
        if t.get("status") == "pending":
            t = {k: v for k, v in t.items() if k != "status"}
            t["tags"] = [*t.get("tags", []), PENDING_TAG]
        tests.append(t)
    return {**result, "tests": tests}
