"""Notation of textbooks, lecture notes and the homework seed, in text and in LaTeX.

Each capability is checked through `check_answer` (the function the CLI, the notebook and
the grader call), the correct answer in every form and a wrong one that must stay wrong.
"""
import json
import os
import subprocess
import sys

import pytest

from autograder.catalog import check_answer
from autograder.expressions.authoring import equiv

A = "lstm_univariate"
LAST_H = "grad_h_last"     # W^y y_t (1 - y_t) \nabla y_t
GEN_C = "grad_C_general"   # o_t (1 - tanh^2 C_t) \nabla h_t + f_{t+1} \nabla C_{t+1}


def verdict(question, answer):
    return check_answer(A, question, answer)


# ------------------------------------------------------------------ local partials
@pytest.mark.parametrize("answer", [
    r"\frac{\partial y_t}{\partial h_t} \nabla y_t",
    r"\frac{\partial y_t}{\partial h_t} \frac{\partial \mathcal{L}}{\partial y_t}",
])
def test_local_partial_of_the_model(answer):
    assert verdict(LAST_H, answer).verdict == "correct"


@pytest.mark.parametrize("answer", [
    r"\frac{\partial h_t}{\partial C_t} \nabla h_t + \frac{\partial C_{t+1}}{\partial C_t} \nabla C_{t+1}",
    r"\frac{\partial h_t}{\partial C_t} \nabla h_t + \frac{\partial c_{t+1}}{\partial c_t} \nabla C_{t+1}",
])
def test_local_partials_at_a_general_step(answer):
    assert verdict(GEN_C, answer).verdict == "correct"


def test_local_partial_wrong_stays_wrong():
    # C_{t+1} by C_t is f_{t+1}; using h_t's partial for it is a wrong answer
    res = verdict(GEN_C, r"\frac{\partial h_t}{\partial C_t} \nabla h_t + \frac{\partial h_{t+1}}{\partial C_{t+1}} \nabla C_{t+1}")
    assert res.verdict == "incorrect"


def test_not_a_local_partial_says_why():
    res = verdict(GEN_C, r"\frac{\partial h_{t+1}}{\partial C_t} \nabla h_{t+1}")
    assert res.verdict == "invalid" and res.diagnosis["error"] == "not_local"
    assert "does not use C_t" in res.feedback and "product of local partials" in res.feedback


def test_derivative_of_the_loss_is_still_the_gradient():
    assert verdict(LAST_H, r"W^y y_t (1 - y_t) \frac{\partial L}{\partial y_t}").verdict == "correct"


# ------------------------------------------------------------------ primes
@pytest.mark.parametrize("answer", [
    r"\sigma'(W^y h_t + W_0^y) W^y \nabla y_t",
    r"\sigma^\prime(W^y h_t + W_0^y) W^y \nabla y_t",
    r"\sigma^{\prime}(W^y h_t + W_0^y) W^y \nabla y_t",
    "sigma'(W_y*h_t + W0_y)*W_y*grad_y_t",
    "sigmoid'(W_y*h_t + W0_y)*W_y*grad_y_t",
])
def test_sigma_prime(answer):
    assert verdict(LAST_H, answer).verdict == "correct"


@pytest.mark.parametrize("answer", [
    r"o_t \tanh'(C_t) \nabla h_t + f_{t+1} \nabla C_{t+1}",
    "o_t*tanh'(C_t)*grad_h_t + f_tp1*grad_C_tp1",
])
def test_tanh_prime(answer):
    assert verdict(GEN_C, answer).verdict == "correct"


def test_prime_wrong_argument_stays_wrong():
    assert verdict(GEN_C, "o_t*tanh'(h_t)*grad_h_t + f_tp1*grad_C_tp1").verdict == "incorrect"


def test_a_lone_quote_is_named_not_a_python_error():
    res = verdict(GEN_C, "o_t'*grad_h_t")
    assert res.verdict == "invalid"
    assert "string literal" not in res.feedback and "quote at character 4" in res.feedback


# ------------------------------------------------------------------ gradient shorthands
@pytest.mark.parametrize("answer", [
    r"W^y y_t (1 - y_t) \delta y_t",
    r"W^y y_t (1 - y_t) \frac{\delta L}{\delta y_t}",
    r"W^y y_t (1 - y_t) \frac{dL}{dy_t}",
    r"W^y y_t (1 - y_t) \nabla_{y_t} L",
    r"W^y y_t (1 - y_t) \partial_{y_t} \mathcal{L}",
    r"W^y y_t (1 - y_t) dy_t",
    "W_y*y_t*(1 - y_t)*dy_t",
])
def test_gradient_shorthands(answer):
    res = verdict(LAST_H, answer)
    assert res.verdict == "correct", res.feedback


def test_shorthand_named_in_feedback():
    res = verdict(GEN_C, "o_t*(1 - tanh(C_t)**2)*dh_t + f_tp1*dC_tp1")
    assert res.verdict == "correct"
    assert "dh_t as grad_h_t" in res.feedback and "dC_tp1 as grad_C_tp1" in res.feedback


def test_next_has_two_readings():
    res = verdict(GEN_C, r"o_t (1 - \tanh^2(C_t)) \nabla h_t + f_{t+1} dc_{next}")
    assert res.verdict == "invalid" and res.diagnosis["error"] == "ambiguous"
    assert r"\nabla C_t" in res.feedback and r"\nabla C_{t+1}" in res.feedback


# ------------------------------------------------------------------ case and decoration
@pytest.mark.parametrize("answer, read", [
    (r"w^y y_t (1 - y_t) \nabla y_t", "w^y as W^y"),
    ("w_y*y_t*(1 - y_t)*grad_y_t", "w_y as W_y"),
])
def test_case_variant_accepted_and_named(answer, read):
    res = verdict(LAST_H, answer)
    assert res.verdict == "correct" and read in res.feedback


@pytest.mark.parametrize("answer", [
    r"\tilde{C}_t \nabla C_t", r"\widetilde{C}_t \nabla C_t", r"\hat{C}_t \nabla C_t",
    r"\tilde{c}_t \nabla c_t", "ctilde_t*grad_c_t",
])
def test_candidate_variants(answer):
    res = check_answer(A, "grad_i_last", answer.replace(r"\nabla C_t", r"o_t (1-\tanh^2(C_t)) \nabla h_t")
                       .replace(r"\nabla c_t", r"o_t (1-\tanh^2(C_t)) \nabla h_t")
                       .replace("grad_c_t", "o_t*(1-tanh(C_t)**2)*grad_h_t"))
    assert res.verdict in ("correct", "incorrect")   # read, never refused
    assert res.verdict != "invalid"


def test_case_variant_never_folds_the_step():
    res = verdict(GEN_C, "o_t*(1-tanh(C_T)**2)*grad_h_t + f_tp1*grad_C_tp1")
    assert res.verdict == "invalid" and "C_t" in res.feedback and "C_9" not in res.feedback


def test_suggestions_keep_the_kind_of_step():
    res = verdict(GEN_C, "o_T*grad_h_t")
    assert "o_9" not in res.feedback and "o_8" not in res.feedback
    assert "T is the last step" in res.feedback


# ------------------------------------------------------------------ functions and constants
@pytest.mark.parametrize("answer", [
    "o_t/cosh(C_t)**2*grad_h_t + f_tp1*grad_C_tp1",
    "o_t*(1 - (sinh(C_t)/cosh(C_t))**2)*grad_h_t + f_tp1*grad_C_tp1",
    r"\frac{o_t}{\cosh^2(C_t)} \nabla h_t + f_{t+1} \nabla C_{t+1}",
    "o_t*(1 - tanh(atanh(tanh(C_t)))**2)*grad_h_t + f_tp1*grad_C_tp1",
    "Abs(o_t)*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1",
    r"|o_t| (1 - \tanh^2(C_t)) \nabla h_t + f_{t+1} \nabla C_{t+1}",
    "o_t*(1 - ((e**C_t - e**(-C_t))/(e**C_t + e**(-C_t)))**2)*grad_h_t + f_tp1*grad_C_tp1",
    "o_t*(1 - (tanh(C_t)**2)**1.0)*grad_h_t + f_tp1*grad_C_tp1",
    "o_t*(1 - ((tanh(C_t)**4)**0.5))*grad_h_t + f_tp1*grad_C_tp1",
    r"o_t^T (1 - \tanh^2(C_t)) \nabla h_t + f_{t+1}^\top \nabla C_{t+1}",
])
def test_more_functions(answer):
    assert verdict(GEN_C, answer).verdict == "correct", answer


def test_abs_of_a_signed_quantity_is_not_the_quantity():
    assert verdict(GEN_C, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*Abs(grad_C_tp1)").verdict == "incorrect"


def test_decimal_exponent_that_is_no_simple_fraction_is_refused():
    res = verdict(GEN_C, "o_t**0.3333*grad_h_t")
    assert res.verdict == "invalid" and "exponent" in res.feedback


@pytest.mark.parametrize("answer", [
    r"\sum_t h_t y_t (1 - y_t) \nabla y_t",
    r"\sum_{t} h_t y_t (1 - y_t) \nabla y_t",
    r"\sum_{t=1}^{T} h_t y_t (1 - y_t) \nabla y_t",
])
def test_sum_over_the_whole_horizon(answer):
    assert check_answer(A, "grad_W_y", answer).verdict == "correct"


# ------------------------------------------------------------------ equiv with LaTeX
@pytest.mark.parametrize("student, ref, symbols", [
    (r"\sigma(z)(1-\sigma(z))", "sigma(z)*(1-sigma(z))", "z"),
    (r"\sigma'(z)", "sigma(z)*(1-sigma(z))", "z"),
    (r"\frac{1}{\cosh^2(x_1)}", "1 - tanh(x_1)**2", "x_1"),
    (r"e^{\alpha}", "exp(alpha)", "alpha"),
])
def test_equiv_latex_with_declared_symbols(student, ref, symbols):
    assert equiv(student, ref, symbols=symbols).verdict == "equivalent"


def test_equiv_cli_latex():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "equiv", r"\sigma(z)",
                          "1/(1+exp(-z))", "--symbols", "z", "--json"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["verdict"] == "equivalent"


def test_check_cli_prime_in_text():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "check", A, GEN_C,
                          "o_t*tanh'(C_t)*grad_h_t + f_tp1*grad_C_tp1", "--json"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["verdict"] == "correct"


def test_step_code_names():
    res = verdict(GEN_C, "o_t*(1 - tanh(C_t)**2)*dh_t + f_tp1*dnext_c")
    assert res.verdict == "invalid" and res.diagnosis["error"] == "ambiguous"
    assert "grad_C_t" in res.feedback and "grad_C_tp1" in res.feedback
    # prev is unambiguous: C at t-1 (here a wrong answer, read and graded)
    res = verdict(GEN_C, "o_t*(1 - tanh(C_t)**2)*dh_t + f_tp1*dprev_c")
    assert res.verdict == "invalid" and "grad_C_tm1" in res.feedback   # circular: not from C_t


@pytest.mark.parametrize("answer", [
    "dh_t/dC_t*grad_h_t + dC_tp1/dC_t*grad_C_tp1",
    "dL/dh_t*o_t*(1 - tanh(C_t)**2) + f_tp1*dL/dC_tp1",
])
def test_text_ratios_of_differentials(answer):
    res = verdict(GEN_C, answer)
    assert res.verdict == "correct" and "Read d" in res.feedback


def test_text_ratio_that_is_not_a_local_partial():
    res = verdict(GEN_C, "dh_tp1/dC_t*grad_h_tp1")
    assert res.verdict == "invalid" and res.diagnosis["error"] == "not_local"


def test_text_ratio_wrong_stays_wrong():
    assert verdict(GEN_C, "dh_t/dC_t*grad_h_t + dC_tp1/dC_t*grad_h_tp1").verdict in ("incorrect", "invalid")
