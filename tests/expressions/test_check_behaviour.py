"""The check API from the outside: answer-safe diagnosis, derivations, undecided, hostile input."""
import time

import pytest

from autograder.catalog import check_answer
from autograder.derive.printing import to_latex, to_text
from autograder.derive.references import reference
from autograder.expressions.check import check_expression, check_parsed
from autograder.expressions.equivalence import Setting
from autograder.expressions.authoring import equiv
from autograder.models import get_model

from answer_pairs import PAIRS

LSTM = get_model("lstm_univariate")
MODELS = {"lstm_univariate": LSTM, "rnn_bptt": get_model("rnn")}   # by assignment
C_T = "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1"


# ------------------------------------------------------------------ answer-safe feedback
WRONG = [p for p in PAIRS if p[4] == "incorrect"]


@pytest.mark.parametrize("pair", WRONG, ids=[f"{p[1]}:{p[3][:30]}" for p in WRONG])
def test_feedback_never_shows_the_reference(pair):
    assignment, question, last, answer, _, _ = pair
    model = MODELS[assignment]
    result = check_answer(assignment, question, answer, last_step=last)
    ref = reference(model, question, last_step=last)
    for form in (to_text(ref), to_latex(model, ref)):
        assert form not in result.feedback
    assert "Expected" not in result.feedback
    # the reference's terms do not leak one by one either (a single symbol may be named)
    import sympy
    for term in sympy.Add.make_args(ref):
        if len(term.free_symbols) > 1:
            assert to_text(term) not in result.feedback


def test_reference_shown_only_when_allowed():
    hidden = check_expression(LSTM, "grad_C_t", "o_t*grad_h_t")
    shown = check_expression(LSTM, "grad_C_t", "o_t*grad_h_t", show_reference=True)
    ref = to_text(reference(LSTM, "grad_C_t"))
    assert ref not in hidden.feedback and ref in shown.feedback


@pytest.mark.parametrize("answer, phrase", [
    ("o_t*(1-tanh(C_t)**2)*grad_h_t", "no contribution through C_{t+1}"),
    ("o_t*(1-tanh(C_t)**2)*grad_h_t - f_tp1*grad_C_tp1", "wrong sign"),
    ("o_t*(1-tanh(C_t)**2)*grad_h_t + 2*f_tp1*grad_C_tp1", "counted twice"),
    ("o_t*(1-tanh(C_t))**2*grad_h_t + f_tp1*grad_C_tp1", "derivative of tanh"),
    ("o_t*(1-tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1", "time step of f_t"),
    ("(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "chain-rule factor is missing"),
])
def test_diagnosis_messages(answer, phrase):
    result = check_answer("lstm_univariate", "grad_C_t", answer)
    assert result.verdict == "incorrect"
    assert phrase in result.feedback
    assert result.diagnosis["messages"]


def test_branch_fit_names_the_missing_term_and_prices_it():
    result = check_answer("lstm_univariate", "grad_C_t", "f_tp1*grad_C_tp1")
    assert result.score == 0.5      # expressions/credit.py: missing_path
    terms = {t["via"]: t["coefficient"] for t in result.diagnosis["terms"]}
    assert terms == {"C_tp1": 1, "h_t": 0}
    assert result.diagnosis["credit"] == {"mistakes": ["missing_path"], "fraction": 0.5}


def test_every_later_step_term_missing_is_the_last_step_form():
    result = check_answer("lstm_univariate", "grad_C_t", "o_t*(1-tanh(C_t)**2)*grad_h_t")
    assert {t["via"]: t["coefficient"] for t in result.diagnosis["terms"]} == {"C_tp1": 0, "h_t": 1}
    assert result.diagnosis["credit"] == {"mistakes": ["last_step_form"], "fraction": 0.25}


@pytest.mark.parametrize("question, answer, code", [
    ("grad_W_hi", "Sum(h_tm1*i_t**2*(1-i_t)*grad_i_t, (t, 1, T))", "sigma_prime_squared_times"),
    ("grad_C_t", "o_t*(1-tanh(C_t))**2*grad_h_t + f_tp1*grad_C_tp1", "tanh_prime_square_of_difference"),
    ("grad_f_t", "C_t*grad_C_t", "time_index"),
    ("grad_W_hi", "Sum(h_tm1*sigma(i_t)*(1-sigma(i_t))*grad_i_t, (t, 1, T))", "sigma_of_gate_value"),
    ("grad_W_hi", "Sum(i_t*(1-i_t)*grad_i_t, (t, 1, T))", "missing_factor"),
    ("grad_W_hi", r"\sum_{t=1}^T h_{t-1} i_t (1 - i_t) \tilde{C}_t o_t (1 - (\tanh(C_t))^2) W^y y_t (1 - y_t) \nabla y_t",
     "last_step_form_in_sum"),
])
def test_mistake_catalogue(question, answer, code):
    result = check_answer("lstm_univariate", question, answer)
    assert result.verdict == "incorrect"
    assert result.diagnosis.get("mistake") == code


def test_last_step_form_for_general_step_named():
    # grad_h_t at a general step answered with the last-step form: the four gate paths missing
    result = check_answer("lstm_univariate", "grad_h_t", "W_y*y_t*(1-y_t)*grad_y_t")
    assert result.verdict == "incorrect"
    zero = {t["via"] for t in result.diagnosis["terms"] if t["coefficient"] == 0}
    assert zero == {"f_tp1", "i_tp1", "o_tp1", "Ctilde_tp1"}


# ------------------------------------------------------------------ derivations
PLAIN = """grad_C_t = o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1
         = o_t*sech(C_t)**2*grad_h_t + f_tp1*grad_C_tp1
         = grad_h_t*(o_t - h_t**2/o_t) + f_tp1*grad_C_tp1"""
ALIGNED = r"""\begin{aligned}
\nabla C_t &= o_t(1 - \tanh^2(C_t)) \nabla h_t + f_{t+1} \nabla C_{t+1} \\
&= o_t \nabla h_t - o_t \tanh^2(C_t) \nabla h_t + f_{t+1} \nabla C_{t+1}
\end{aligned}"""


@pytest.mark.parametrize("text", [PLAIN, ALIGNED, "$$" + ALIGNED + "$$"])
def test_derivation_correct(text):
    result = check_answer("lstm_univariate", "grad_C_t", text)
    assert result.verdict == "correct", result.feedback
    assert result.diagnosis["steps"] >= 2


def test_derivation_right_answer_through_broken_step():
    text = r"""\begin{aligned}
\nabla C_t &= o_t(1 - \tanh^2(C_t)) \nabla h_t + f_{t+1} \nabla C_{t+1} \\
&= o_t(1 - \tanh(C_t))^2 \nabla h_t + f_{t+1} \nabla C_{t+1} \\
&= o_t(1 - \tanh^2(C_t)) \nabla h_t + f_{t+1} \nabla C_{t+1}
\end{aligned}"""
    result = check_answer("lstm_univariate", "grad_C_t", text)
    assert result.verdict == "incorrect"
    assert result.score == 0.5
    assert result.diagnosis["first_broken_step"] == 2
    assert "final answer is right" in result.feedback and "Step 2" in result.feedback


def test_derivation_wrong_last_step():
    text = PLAIN + "\n = grad_h_t*o_t*(1-tanh(C_t))**2 + f_tp1*grad_C_tp1"
    result = check_answer("lstm_univariate", "grad_C_t", text)
    assert result.verdict == "incorrect"
    assert result.diagnosis["first_broken_step"] == 4
    assert result.diagnosis.get("mistake") == "tanh_prime_square_of_difference"
    assert result.feedback.startswith("Step 4 does not follow from step 3")


def test_derivation_invalid_line_named():
    text = "grad_C_t = o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1\n = o_t*(1-tanh(q_t)**2)*grad_h_t"
    result = check_answer("lstm_univariate", "grad_C_t", text)
    assert result.verdict == "invalid"
    assert result.diagnosis["step"] == 2 and result.feedback.startswith("Step 2:")


def test_derivation_rnn_seed_style():
    text = r"""\frac{\partial \mathcal{L}}{\partial Z_t} = \frac{\partial \mathcal{L}}{\partial H_t} \cdot (1-H_t)^2"""
    result = check_answer("rnn_bptt", "grad_Z_t", text)
    assert result.verdict == "incorrect"
    assert result.diagnosis.get("mistake") == "tanh_prime_square_of_difference"


# ------------------------------------------------------------------ undecided
def test_budget_exhausted_is_undecided_and_scores_nothing():
    from autograder.expressions.parse import parse_answer
    from autograder.expressions.model_vocabulary import vocabulary_for

    student = parse_answer("grad_h_t*(o_t - h_t**2/o_t) + f_tp1*grad_C_tp1", vocabulary_for(LSTM))
    result = check_parsed(LSTM, "grad_C_t", student,
                          setting=Setting(LSTM, budget_s=0.0))
    assert result.verdict == "undecided" and result.score == 0.0
    assert result.diagnosis["needs_review"] is True


def test_too_few_defined_points_is_undecided():
    # the reference log(x-3) has no value for x in (-2, 2): nothing can be compared
    assert equiv("log((x-3)**2)/2", "log(x-3)", symbols="x").verdict == "undecided"
    # the other way round the student's answer is undefined where the reference is not
    assert equiv("log(x-3)", "log((x-3)**2)/2", symbols="x").verdict == "not_equivalent"


# ------------------------------------------------------------------ equivalence, seed identities
@pytest.mark.parametrize("student, ref, model, verdict", [
    ("h_t/o_t", "tanh(C_t)", "lstm_univariate", "equivalent"),
    ("sech(C_t)**2", "1 - tanh(C_t)**2", "lstm_univariate", "equivalent"),
    ("i_t*(1-i_t)", "exp(-(W_hi*h_tm1+W_xi*X_t+W0_i))/(1+exp(-(W_hi*h_tm1+W_xi*X_t+W0_i)))**2",
     "lstm_univariate", "equivalent"),
    ("(1-tanh(C_t))**2", "1 - tanh(C_t)**2", "lstm_univariate", "not_equivalent"),
    ("C_t", "C_tm1", "lstm_univariate", "not_equivalent"),
    ("i_t**2*(1-i_t)", "i_t*(1-i_t)", "lstm_univariate", "not_equivalent"),
    ("sigma(z)**2*(1-sigma(z))", "sigma(z)*(1-sigma(z))", "none", "not_equivalent"),
    (r"\sum_{t=1}^{3} h_{t-1} i_t", "h_0*i_1 + h_1*i_2 + h_2*i_3", "lstm_univariate", "equivalent"),
    ("Sum(h_tm1*i_t, (t, 1, 3))", "h_0*i_1 + h_1*i_2", "lstm_univariate", "not_equivalent"),
    ("H_t", "tanh(H_tm1*W + I_t*U)", "rnn", "equivalent"),
    ("1 - H_t**2", "(1 - H_t)**2", "rnn", "not_equivalent"),
])
def test_equiv_identities(student, ref, model, verdict):
    symbols = "z:(-30,30)" if model == "none" else ""
    assert equiv(student, ref, model=model, symbols=symbols).verdict == verdict


def test_saturation_trap_wide_range():
    # sigma^2(1-sigma) vs sigma(1-sigma) both vanish for |z| large; 30 digits still tell them apart
    assert equiv("sigma(z)**2*(1-sigma(z))", "sigma(z)*(1-sigma(z))",
                 symbols="z:(20,30)").verdict == "not_equivalent"


# ------------------------------------------------------------------ hostile answers
HOSTILE = [
    ("C_t**10**10", {"invalid"}),
    ("10**10**10", {"invalid"}),
    ("factorial(10**7)", {"invalid"}),
    ("(C_t+h_t+o_t+f_t+i_t+grad_h_t)**64", {"incorrect", "undecided"}),
    ("((((((((C_t+1)**2+1)**2+1)**2+1)**2+1)**2+1)**2+1)**2+1)**2", {"incorrect", "undecided"}),
    ("*".join(f"(C_t+{k})" for k in range(60)), {"incorrect", "undecided"}),
    ("exp(exp(exp(C_t)))", {"invalid"}),
    ("exp(sigma(exp(exp(50)))*exp(exp(50)))", {"invalid", "incorrect", "undecided"}),
    ("exp(1000)*grad_h_t", {"incorrect", "undecided"}),
    ("log(-1)", {"invalid"}),
    ("0**-1", {"invalid"}),
    ("log(0)*C_t", {"invalid"}),
    ("sqrt(-1)*grad_h_t", {"invalid"}),
    ("1/0", {"invalid"}),
    ("grad_h_t*o_t/(h_t-h_t)", {"invalid"}),
    ("h_t+" * 1000 + "h_t", {"invalid"}),
    ("(" * 300 + "h_t" + ")" * 300, {"invalid"}),
    ("__import__('os').system('true')", {"invalid"}),
    ("C_t.__class__.__mro__", {"invalid"}),
    ("lambda: 1", {"invalid"}),
    (r"\input{/etc/passwd}", {"invalid"}),
    ("Sum(C_t, (t, 1, 10**6))", {"invalid"}),
    ("Sum(Sum(C_t, (t, 1, T)), (t, 1, T))", {"invalid"}),
    ("x" * 5000, {"invalid"}),
]


@pytest.mark.parametrize("answer, allowed", HOSTILE, ids=[h[0][:30] for h in HOSTILE])
def test_hostile_check_is_quick_and_safe(answer, allowed):
    start = time.monotonic()
    result = check_answer("lstm_univariate", "grad_C_t", answer)
    assert time.monotonic() - start < 5.0
    assert result.verdict in allowed, result.feedback
    assert result.score == 0.0
    assert "Traceback" not in result.feedback


@pytest.mark.parametrize("answer, allowed", HOSTILE, ids=[h[0][:30] for h in HOSTILE])
def test_hostile_equiv_is_quick_and_safe(answer, allowed):
    start = time.monotonic()
    result = equiv(answer, C_T, model="lstm_univariate")
    assert time.monotonic() - start < 5.0
    mapped = {"incorrect": "not_equivalent", "invalid": "invalid", "undecided": "undecided"}
    assert result.verdict in {mapped[a] for a in allowed}, result.message
