"""Fixtures of the red-team suite, and its figures.

Each case is a test marked `@pytest.mark.redteam("attack")` (hostile code or text) or
`@pytest.mark.redteam("broken")` (a mangled notebook). A case is contained when its test
passes. At the end of the run the suite prints how many cases ran, how many were
contained and the longest wall time of a single case.
"""
from __future__ import annotations

import json
import shutil

import pytest

from . import harness

_CASES: list[dict] = []


@pytest.fixture
def classroom(tmp_path):
    """A class folder as CI sees it: other students' submissions, an earlier results file
    and gradebook. The attacker's submission goes in `classroom.submissions`."""
    sub = tmp_path / "submissions"
    sub.mkdir()
    for other in ("bob", "carol"):
        shutil.copy(harness.SOLUTION, sub / f"{other}.ipynb")
    (tmp_path / "results.json").write_text(json.dumps({"score": 0, "tests": []}), encoding="utf-8")
    (tmp_path / "gradebook.csv").write_text("student_id,total\nbob,100\n", encoding="utf-8")

    class Room:
        root = tmp_path
        submissions = sub
        others = [sub / "bob.ipynb", sub / "carol.ipynb"]
        results = tmp_path / "results.json"
        gradebook = tmp_path / "gradebook.csv"

        def watch(self) -> harness.Watch:
            return harness.Watch([*harness.protected_roots(), *self.others, self.results,
                                  self.gradebook]).start()

    return Room()


def pytest_runtest_logreport(report):
    if report.when != "call" or not getattr(report, "redteam_kind", None):
        return
    _CASES.append({"id": report.nodeid, "kind": report.redteam_kind, "passed": report.passed,
                   "skipped": report.skipped, "seconds": report.duration})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    marker = item.get_closest_marker("redteam")
    if marker is not None:
        outcome.get_result().redteam_kind = marker.args[0] if marker.args else "attack"


def pytest_terminal_summary(terminalreporter):
    if not _CASES:
        return
    ran = [c for c in _CASES if not c["skipped"]]
    contained = [c for c in ran if c["passed"]]
    attacks = sum(c["kind"] == "attack" for c in ran)
    longest = max(ran, key=lambda c: c["seconds"], default=None)
    tr = terminalreporter
    tr.section("red team")
    tr.write_line(f"{len(ran)} cases ran ({attacks} attacks, {len(ran) - attacks} broken inputs); "
                  f"{len(contained)} contained; {len(_CASES) - len(ran)} skipped")
    if longest is not None:
        tr.write_line(f"longest case: {longest['seconds']:.1f} s ({longest['id'].split('::')[-1]}); "
                      f"limit per case {harness.OPTIONS.total_seconds:g} s + {harness.SLACK:g} s")
    for c in ran:
        if not c["passed"]:
            tr.write_line(f"NOT CONTAINED: {c['id']}")
