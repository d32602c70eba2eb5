"""The hard time limit on checking one answer in the trusted process."""
import time

import pytest

from autograder.grading import score
from autograder.watchdog import CheckTimeout, time_limit


def test_a_slow_check_is_stopped():
    t0 = time.monotonic()
    with pytest.raises(CheckTimeout, match="longer than 0.2 s"):
        with time_limit(0.2):
            while True:
                sum(range(1000))
    assert time.monotonic() - t0 < 2


def test_a_fast_check_is_untouched_and_the_timer_is_cleared():
    import signal
    with time_limit(5):
        x = sum(range(1000))
    assert x == 499500 and signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_an_answer_that_times_out_is_pending_review_not_wrong(monkeypatch):
    from autograder.grading.submissions import parse_notebook
    from autograder.grading.spec import load

    q = load("rnn_bptt").question("grad_Z_t")

    def slow(*args):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(score, "_check", slow)
    monkeypatch.setattr(score, "ANSWER_SECONDS", 0.3)
    nb = parse_notebook('{"nbformat": 4, "cells": [{"cell_type": "code", "source": "grad_Z_t = \\"H_t\\"", '
                        '"metadata": {"nbgrader": {"grade_id": "answer_grad_Z_t", "solution": true}}}]}')
    r = score.expression(q, "rnn", nb)
    assert r.status == score.PENDING and r.review and r.score == 0
    assert "longer than 0.3 s" in r.output


def test_check_and_equiv_commands_answer_undecided_when_the_engine_hangs(monkeypatch):
    import json

    from click.testing import CliRunner

    from autograder import catalog, cli
    from autograder.expressions import authoring

    def slow(*args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(cli, "CHECK_SECONDS", 0.3)
    monkeypatch.setattr(catalog, "check_answer", slow)
    monkeypatch.setattr(authoring, "equiv", slow)
    out = CliRunner().invoke(cli.main, ["check", "rnn_bptt", "grad_Z_t", "H_t", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["verdict"] == "undecided"
    out = CliRunner().invoke(cli.main, ["equiv", "x", "x", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["verdict"] == "undecided"
