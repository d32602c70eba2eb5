"""Names textbooks give the model's quantities (Andrew Ng's a^{<t>} and Gamma gates, the
candidate g_t of CS231n, the step as a superscript): read where exactly one quantity of the
model matches and the name means nothing else, said in the feedback; a name with two
readings is refused naming both."""
import json
import subprocess
import sys

import pytest

from autograder.catalog import check_answer

from textbook_names import A, AMBIGUOUS, CORRECT, GEN_C, LAST_O, WRONG


@pytest.mark.parametrize("question, answer, read", CORRECT)
def test_textbook_name_read_and_said(question, answer, read):
    res = check_answer(A, question, answer)
    assert res.verdict == "correct", res.feedback
    assert "Read " in res.feedback and read in res.feedback, res.feedback


@pytest.mark.parametrize("question, answer", WRONG)
def test_wrong_answer_in_textbook_names_stays_wrong(question, answer):
    res = check_answer(A, question, answer)
    assert res.verdict == "incorrect", res.feedback
    assert "Read " in res.feedback


@pytest.mark.parametrize("assignment, question, answer, readings", AMBIGUOUS)
def test_name_with_two_readings_is_refused_naming_both(assignment, question, answer, readings):
    res = check_answer(assignment, question, answer)
    assert res.verdict == "invalid"
    assert "2 readings" in res.feedback and all(r in res.feedback for r in readings), res.feedback


def test_other_models_have_their_own_textbook_names():
    # in the RNN, s_t is the hidden state and x_t the input
    res = check_answer("rnn_bptt", "grad_Z_t", r"(1 - s_t^2) \nabla s_t")
    assert res.verdict == "correct" and "as H_t" in res.feedback, res.feedback
    assert check_answer("rnn_bptt", "grad_Z_t", "(1-s_t**2)*grad_H_t").verdict == "correct"


def test_a_power_and_a_bare_letter_are_not_textbook_names():
    assert check_answer("rnn_bptt", "grad_Z_t", "x").verdict == "invalid"
    res = check_answer(A, LAST_O, r"\tanh(C_t) \nabla h_t a^2")
    assert res.verdict == "invalid" and "'a'" in res.feedback


def test_a_students_own_definition_wins_over_a_textbook_name():
    # s_t has two textbook readings; defined in the prose, it is the student's own variable
    prose = (r"Write $s_t = \frac{h_t}{o_t}$ for the squashed cell state." "\n\n"
             r"$$\nabla o_t = s_t \nabla h_t$$")
    res = check_answer(A, LAST_O, prose)
    assert res.verdict == "correct", res.feedback


def test_cli_says_what_the_name_was_read_as():
    cmd = [sys.executable, "-m", "autograder.cli", "check", A, GEN_C]
    for answer in ("o_t*tanh'(C_t)*da_t + Gamma_f_tp1*dC_tp1",
                   r"\Gamma_o^{<t>} (1-\tanh^2(c^{<t>})) \nabla a^{<t>} + \Gamma_f^{<t+1>} \nabla c^{<t+1>}"):
        out = subprocess.run([*cmd, answer, "--json"], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        data = json.loads(out.stdout)
        assert data["verdict"] == "correct"
        assert {r["read_as"] for r in data["diagnosis"]["read_as"]} & {"f_tp1", "f_{t+1}"}
    out = subprocess.run([*cmd, "s_t*grad_h_t"], capture_output=True, text=True, timeout=120)
    assert "invalid" in out.stdout and "C_t" in out.stdout and "h_t" in out.stdout


def test_equiv_with_a_model_reads_textbook_names_and_declared_names_win():
    from autograder.expressions.authoring import equiv
    assert equiv(r"\Gamma_o^{<t>} \tanh(c^{<t>})", "o_t*tanh(C_t)", model=A).verdict == "equivalent"
    assert equiv("a_t", "h_t", model=A).verdict == "equivalent"
    # a declared symbol named like a textbook name is that symbol, never f_t
    assert equiv("Gamma_f", "f_t", model=A).verdict == "equivalent"
    assert equiv("Gamma_f", "f_t", model=A, symbols="Gamma_f").verdict != "equivalent"
