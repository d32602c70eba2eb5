"""The students' local check: verdicts, parse errors with positions, refusals, never the reference."""
import numpy as np

from autograder.student import check, evaluate, verify

ASSIGNMENT = "lstm_univariate"


def test_correct_and_incorrect_with_diagnosis(capsys):
    check("grad_C_general", "o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1")
    assert capsys.readouterr().out.startswith("[grad_C_general] correct")
    check("grad_C_general", "o_t*(1 - tanh(C_t)**2)*grad_h_t")
    out = capsys.readouterr().out
    assert "not right yet" in out and "C_{t+1}" in out
    assert "f_tp1*grad_C_tp1" not in out  # the reference is never printed


def test_parse_error_has_a_position(capsys):
    check("grad_h_last", "W_y*y_t*(1 - y_t*grad_y_t")
    out = capsys.readouterr().out
    assert "could not read your answer" in out and "^" in out


def test_not_answered_and_placeholders(capsys):
    check("grad_h_last", "\n# YOUR ANSWER HERE\n")
    check("grad_h_last", "")
    check("grad_h_last", None)
    assert capsys.readouterr().out.count("not answered yet") == 3


def test_manual_and_unknown_questions(capsys):
    check("why_no_explosion")
    check("no_such_question", "x")
    out = capsys.readouterr().out
    assert "graded by a person" in out and "has no question 'no_such_question'" in out


def test_refuses_when_local_check_is_off():
    r = evaluate("gradient_ratio", 0.5, namespace={"ASSIGNMENT": "rnn_bptt"})
    assert r.status == "refused"
    # the strict form (verify) gives no verdict either (tests/secrets/test_no_local_verdict.py)
    strict = evaluate("gradient_ratio", 0.5, namespace={"ASSIGNMENT": "rnn_bptt"}, strict=True)
    assert strict.status == "refused"


def test_code_questions_use_the_callers_functions():
    def clip_by_global_norm(grads, max_norm):
        return None

    ns = {"ASSIGNMENT": "lstm_gradient_flow", "clip_by_global_norm": clip_by_global_norm}
    assert evaluate("clipping", namespace=ns).status == "not answered"

    def per_array(grads, max_norm):
        return [g * min(1.0, max_norm / np.linalg.norm(g)) if np.linalg.norm(g) else g for g in grads]

    ns["clip_by_global_norm"] = per_array
    r = evaluate("clipping", namespace=ns)
    assert r.status == "incorrect" and "each array was clipped on its own" in r.message
    assert evaluate("clipping", namespace={"ASSIGNMENT": "lstm_gradient_flow"}).status == "not answered"


def test_verify_is_strict_and_gives_points():
    # the hidden test's value is the question's score in points (nbgrader's partial credit)
    assert verify("grad_o_last", "tanh(C_t)*grad_h_t") == 4
    assert verify("grad_o_last", "tanh(C_t)") < 4
    assert verify("grad_o_last", "no answer (") == 0
