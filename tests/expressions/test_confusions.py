"""The second catalogue (confusions.py): wrong answers the first catalogue misses get a
specific reason, priced like the same mistake elsewhere, without the answer in it."""
import pytest

from autograder.derive.printing import to_text
from autograder.derive.references import reference
from autograder.expressions.check import INCORRECT, check_expression
from autograder.models import get_model

CASES = [
    # (model, question, answer, words in the reason, mistake code, score)
    ("rnn", "grad_H_tm1", "grad_H_t*(1-H_t)**2*W",
     ["no contribution from the loss", "(1 - tanh)^2"], "tanh_prime_square_of_difference", 0.125),
    ("rnn", "grad_W", "Sum(I_t*grad_Z_t, (t, 1, T))",
     ["gradient of U, not of W"], "other_gradient", 0.0),
    ("rnn", "grad_U", "Sum(I_t*grad_Z_t, (t, 1, T)) + Sum(H_tm1*grad_Z_t, (t, 1, T))",
     ["adds the gradient of W"], "other_gradient_added", 0.0),
    ("rnn", "grad_W", "Sum(H_tm1*(1-H_t)**2*grad_H_t, (t, 1, T))",
     ["Inside the sum", "(1 - tanh)^2"], "tanh_prime_square_of_difference", 0.25),
    ("rnn", "grad_H_0", "W*(1-H_1)**2*grad_H_1",
     ["one level further", "H_1"], "tanh_prime_square_of_difference", 0.25),
    ("lstm_univariate", "grad_W_ho", "Sum(h_tm1*o_t*(1-o_t)*tanh(C_tm1)*grad_h_t, (t, 1, T))",
     ["time step of C_{t-1}"], "time_index", 0.25),
    ("lstm_univariate", "grad_W0_f", "Sum(f_t*(1-f_t)**2*grad_f_t, (t, 1, T))",
     ["derivative of the sigmoid that gives f_t"], "sigma_prime_one_minus_squared", 0.25),
    ("lstm_univariate", "grad_h_t",
     "W_y*y_t*(1-y_t)*grad_y_t + W_xf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1"
     " + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1",
     ["Check W_xf"], "wrong_weight", 0.25),
    ("lstm_univariate", "grad_o_t", "sqrt(tanh(C_t)**2)*grad_h_t",
     ["drops the sign"], "lost_sign", 0.0),
    ("lstm_univariate", "grad_f_t", "C_tm1*grad_C_t + grad_f_tp1",
     ["through f_{t+1}, but f_{t+1} does not use f_t"], "extra_path", 0.0),
    ("rnn", "grad_H_tm1", "delta_tm1 + W*U*grad_Z_t",
     ["U as a factor too many"], "extra_weight", 0.0),
    ("lstm_univariate", "grad_C_t", "o_t*(1-tanh(C_t)**2)*grad_h_t + (1-f_tp1)*grad_C_tp1",
     ["Check f_{t+1}", "complement"], "gate_complement", 0.25),
]


@pytest.mark.parametrize("model, question, answer, words, code, score", CASES,
                         ids=[f"{c[1]}:{c[4]}" for c in CASES])
def test_a_specific_reason(model, question, answer, words, code, score):
    m = get_model(model)
    result = check_expression(m, question, answer)
    assert result.verdict == INCORRECT
    assert result.diagnosis.get("mistake") == code, result.feedback
    for w in words:
        assert w in result.feedback, result.feedback
    assert result.score == pytest.approx(score)
    ref = reference(m, question)
    assert to_text(ref) not in result.feedback


def test_a_right_answer_written_out_one_level_is_still_right():
    result = check_expression(get_model("rnn"), "grad_W", "Sum(H_tm1*(1-H_t**2)*grad_H_t, (t, 1, T))")
    assert result.verdict == "correct"
