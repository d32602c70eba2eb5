"""`autograder check` and `autograder equiv`, run as a user runs them."""
import json
import subprocess
import sys

import pytest

CMD = [sys.executable, "-m", "autograder.cli"]
C_T = "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1"


def run(*args, stdin=None):
    return subprocess.run([*CMD, *args], capture_output=True, text=True, timeout=120, input=stdin)


def as_json(out):
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)


# ------------------------------------------------------------------ check
@pytest.mark.parametrize("question, answer, verdict", [
    ("grad_C_t", C_T, "correct"),
    ("grad_C_t", r"o_t(1-\tanh^2(C_t))\nabla h_t + f_{t+1}\nabla C_{t+1}", "correct"),
    ("grad_C_t", "o_t*(1-tanh(C_t))**2*grad_h_t + f_tp1*grad_C_tp1", "incorrect"),
    ("grad_C_t", "o_t*(1-tanh(q_t)**2)*grad_h_t", "invalid"),
    ("grad_C_t", "C_t**10**10", "invalid"),
    ("grad_C_t", "(C_t+h_t+o_t+f_t+i_t+grad_h_t)**64", "incorrect"),
    ("path:C_t,C_tp1,C_tp2", "f_tp1*f_tp2", "correct"),
])
def test_check_json_shape_and_exit_code(question, answer, verdict):
    data = as_json(run("check", "lstm_univariate", question, answer, "--json"))
    assert set(data) == {"verdict", "score", "feedback", "diagnosis"}
    assert data["verdict"] == verdict
    assert isinstance(data["score"], (int, float)) and 0 <= data["score"] <= 1
    assert isinstance(data["feedback"], str) and data["feedback"]
    assert isinstance(data["diagnosis"], dict)


def test_check_diagnosis_in_json():
    data = as_json(run("check", "lstm_univariate", "grad_C_t", "f_tp1*grad_C_tp1", "--json"))
    assert data["verdict"] == "incorrect" and data["score"] == 0.5
    assert {"via": "h_t", "coefficient": 0} in data["diagnosis"]["terms"]
    assert data["diagnosis"]["credit"] == {"mistakes": ["missing_path"], "fraction": 0.5}


def test_check_text_output():
    # grad_Z_t is a spec question id of rnn_bptt: a wrong derivative keeps 0.25 of the
    # points (expressions/credit.py)
    out = run("check", "rnn_bptt", "grad_Z_t", "grad_H_t*(1-H_t)**2")
    assert out.returncode == 0
    first, *rest = out.stdout.splitlines()
    assert first == "incorrect (score 0.25)"
    assert "derivative of tanh" in "\n".join(rest)


def test_check_last_step_flag_overrides_a_spec_question_step():
    # the spec asks grad_Z_t at a general step; delta_t stands for grad_H_t only at t = T
    answer = "delta_t*(1-H_t**2)"
    assert as_json(run("check", "rnn_bptt", "grad_Z_t", answer, "--json"))["verdict"] == "incorrect"
    assert as_json(run("check", "rnn_bptt", "grad_Z_t", answer, "--last-step", "--json"))["verdict"] == "correct"


def test_check_last_step_flag():
    data = as_json(run("check", "lstm_univariate", "grad_h_t", "W_y*y_t*(1-y_t)*grad_y_t", "--last-step", "--json"))
    assert data["verdict"] == "correct"


def test_check_derivation_from_stdin():
    text = ("\\begin{aligned}\\nabla C_t &= o_t(1 - \\tanh^2(C_t)) \\nabla h_t + f_{t+1} \\nabla C_{t+1} \\\\\n"
            "&= o_t(1 - \\tanh(C_t))^2 \\nabla h_t + f_{t+1} \\nabla C_{t+1}\\end{aligned}")
    data = as_json(run("check", "lstm_univariate", "grad_C_t", "-", "--json", stdin=text))
    assert data["verdict"] == "incorrect"
    assert data["diagnosis"]["first_broken_step"] == 2


def test_check_empty_stdin_is_invalid_not_a_crash():
    data = as_json(run("check", "lstm_univariate", "grad_C_t", "-", "--json", stdin=""))
    assert data["verdict"] == "invalid"


@pytest.mark.parametrize("args, message", [
    (["nope", "grad_C_t", "x"], "unknown assignment"),
    (["lstm_univariate", "grad_Q_t", "x"], "unknown question"),
    (["lstm_univariate", "path:C_t,h_tp3", "x"], "not used directly"),
    (["lstm_univariate", "grad_C_t"], "Missing argument"),
])
def test_check_usage_errors(args, message):
    out = run("check", *args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


# ------------------------------------------------------------------ equiv
@pytest.mark.parametrize("args, verdict", [
    (["h_t/o_t", "tanh(C_t)", "--model", "lstm_univariate"], "equivalent"),
    ([r"\mathrm{sech}^2(C_t)", "1 - tanh(C_t)**2", "--model", "lstm_univariate"], "equivalent"),
    (["(1-tanh(C_t))**2", r"1 - \tanh^2(C_t)", "--model", "lstm_univariate"], "not_equivalent"),
    (["C_t", "C_tm1", "--model", "lstm_univariate"], "not_equivalent"),
    (["i_t*(1-i_t)", "sigma(W_hi*h_tm1+W_xi*X_t+W0_i)*(1-sigma(W_hi*h_tm1+W_xi*X_t+W0_i))",
      "--model", "lstm_univariate"], "equivalent"),
    (["1 - H_t**2", "sech(H_tm1*W + I_t*U)**2", "--model", "rnn"], "equivalent"),
    (["sigma(z)**2*(1-sigma(z))", "sigma(z)*(1-sigma(z))", "--symbols", "z:(-30,30)"], "not_equivalent"),
    (["x*y", "y*x", "--symbols", "x,y"], "equivalent"),
    (["sqrt(y**2)", "y", "--symbols", "y:positive"], "equivalent"),
    (["sqrt(y**2)", "y", "--symbols", "y:(-3,3)"], "not_equivalent"),
    # identical after parsing: proved by the exact stage, no sampling (even where log has no value)
    (["log(x)", "log(x)+0", "--symbols", "x:negative"], "equivalent"),
    (["log((x-3)**2)/2", "log(x-3)", "--symbols", "x"], "undecided"),
    (["x", "x", "--model", "none"], "invalid"),  # x undeclared
    (["h_t/o_t", "tanh(C_t", "--model", "lstm_univariate"], "invalid"),
    (["C_t**10**10", "C_t", "--model", "lstm_univariate"], "invalid"),
    (["(C_t+h_t+o_t+f_t+i_t+grad_h_t)**64", "C_t", "--model", "lstm_univariate"], "not_equivalent"),
    # a free symbol declared beside a model is sampled at every placed step
    (["a_t", "h_t", "--model", "lstm_univariate", "--symbols", "a_t"], "not_equivalent"),
    (["tanh(a_t)**2*h_t", "h_t-h_t/cosh(a_t)**2", "--model", "lstm_univariate", "--symbols", "a_t"],
     "equivalent"),
    (["sqrt(a_t**2)*h_t", "a_t*h_t", "--model", "lstm_univariate", "--symbols", "a_t:negative"],
     "not_equivalent"),
])
def test_equiv_verdicts(args, verdict):
    data = as_json(run("equiv", *args, "--json"))
    assert data["verdict"] == verdict, data
    assert {"verdict", "how", "points", "message"} <= set(data)


def test_equiv_counterexample_in_json():
    data = as_json(run("equiv", "C_t", "C_tm1", "--model", "lstm_univariate", "--json"))
    assert set(data["counterexample"]) == {"student", "reference"}


def test_equiv_define_substitutes_definitions():
    common = ["--symbols", "W,h_tm1,U,x_t,b", "--define", "h_t=tanh(W*h_tm1+U*x_t+b)", "--json"]
    assert as_json(run("equiv", "1-h_t**2", "sech(W*h_tm1+U*x_t+b)**2", *common))["verdict"] == "equivalent"
    assert as_json(run("equiv", "(1-h_t)**2", "sech(W*h_tm1+U*x_t+b)**2", *common))["verdict"] == "not_equivalent"


def test_equiv_define_chain_uses_earlier_names():
    data = as_json(run("equiv", "s*(1-s)", "exp(-z)/(1+exp(-z))**2", "--symbols", "a,x",
                       "--define", "z=a*x", "--define", "s=sigma(z)", "--json"))
    assert data["verdict"] == "equivalent"


def test_equiv_text_output():
    out = run("equiv", "h_t/o_t", "tanh(C_t)", "--model", "lstm_univariate")
    assert out.returncode == 0 and out.stdout.startswith("equivalent")


@pytest.mark.parametrize("args, message", [
    (["x", "y", "--symbols", "x,y:(3,1)"], "interval of y is empty"),
    (["x", "y", "--symbols", "x,y:weird"], "domain 'weird'"),
    (["x", "y", "--symbols", "1x"], "not a valid name"),
    (["x", "x", "--symbols", "x", "--define", "=y"], "write NAME=EXPR"),
    (["x", "x", "--symbols", "x", "--define", "y=q"], "--define y"),
    (["x", "x", "--model", "lstm"], "--model: unknown model 'lstm'; known models: lstm_univariate, rnn"),
])
def test_equiv_usage_errors(args, message):
    out = run("equiv", *args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
