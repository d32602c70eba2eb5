"""Bad input on the command line gets a message that says what to do."""
from click.testing import CliRunner

from autograder.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_an_answer_starting_with_a_minus_gets_the_double_dash_hint():
    r = run("check", "rnn_bptt", "grad_Z_t", "-grad_H_t")
    assert r.exit_code == 2 and "put -- before it" in r.output
    r = run("check", "rnn_bptt", "grad_Z_t", "--", "-grad_H_t")
    assert r.exit_code == 0 and r.output.startswith("incorrect")          # read, checked, not an option
    r = run("equiv", "-x", "x")
    assert r.exit_code == 2 and "put -- before it" in r.output
    assert run("equiv", "--symbols", "x", "--", "-x", "-1*x").output.startswith("equivalent")


def test_a_sum_over_t_without_limits_is_the_whole_horizon():
    for answer in (r"\sum_t h_t y_t (1-y_t) \nabla y_t", r"\sum_{t} h_t\, y_t (1-y_t) \nabla y_t"):
        r = run("check", "lstm_univariate", "grad_W_y", answer)
        assert r.output.startswith("correct"), (answer, r.output)
        assert "must run over t" not in r.output
    r = run("check", "lstm_univariate", "grad_W_y", r"\sum_t h_t y_t \nabla y_t")
    assert r.output.startswith("incorrect")
    r = run("check", "lstm_univariate", "grad_W_y", r"\sum_{s} h_t y_t (1-y_t) \nabla y_t")
    assert "must run over t" in r.output


def test_fail_under_help_shows_a_percent_sign():
    out = run("grade", "--help").output
    assert "SCORE% of" in out and "80%)" in out and "%%" not in out
