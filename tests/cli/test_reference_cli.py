"""The `autograder` command, run as a user runs it."""
import subprocess
import sys

import pytest

CMD = [sys.executable, "-m", "autograder.cli"]


def run(*args):
    return subprocess.run([*CMD, *args], capture_output=True, text=True, timeout=120)


def test_assignments_lists_questions():
    out = run("assignments")
    assert out.returncode == 0
    assert "lstm_univariate" in out.stdout and "grad_W_hi" in out.stdout and "grad_Z_t" in out.stdout


@pytest.mark.parametrize("args, expected", [
    (["lstm_univariate", "grad_C_t"], "f_tp1*grad_C_tp1 + grad_h_t*o_t*(1 - tanh(C_t)**2)"),
    (["lstm_univariate", "grad_f_t", "--form", "expanded", "--last-step"],
     "C_tm1*W_y*grad_y_t*o_t*y_t*(1 - y_t)*(1 - tanh(C_t)**2)"),
    (["rnn_bptt", "grad_Z_t"], "grad_H_t*(1 - H_t**2)"),
    (["rnn_bptt", "grad_H_tm1"], "delta_tm1 + W*grad_Z_t"),
])
def test_reference_text(args, expected):
    out = run("reference", *args)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected


def test_reference_latex():
    out = run("reference", "lstm_univariate", "grad_W_hi", "--latex")
    assert out.stdout.strip().startswith(r"\sum_{t=1}^{T}")


@pytest.mark.parametrize("args, message", [
    (["nope", "grad_C_t"], "unknown assignment 'nope'"),
    (["lstm_univariate", "grad_c_t"], "Did you mean grad_C_t"),
])
def test_reference_errors_are_one_clear_line(args, message):
    out = run("reference", *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
