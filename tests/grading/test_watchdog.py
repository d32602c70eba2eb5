"""The hard time limit on checking one answer in the trusted process."""
import time

import pytest

from autograder.grading import score
from autograder.grading.watchdog import CheckTimeout, time_limit


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
