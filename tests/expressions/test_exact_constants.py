"""A difference that is an exact nonzero number is decided exactly, never within a
floating tolerance; a right answer written with numbers stays right."""
import pytest

from autograder.expressions.check import check_expression
from autograder.expressions.equivalence import precision_digits
from autograder.models import get_model

REFERENCE = "grad_C_t*C_tm1"      # grad_f_t at the last step (lstm_univariate)


@pytest.fixture(scope="module")
def model():
    return get_model("lstm_univariate")


@pytest.mark.parametrize("answer", [
    f"{REFERENCE} + 1/10**25",
    f"{REFERENCE}*(1 + 1/10**22)",
    f"{REFERENCE} - 1e-30",
    f"{REFERENCE} + exp(-100)",
    "grad_C_t*(C_tm1 + 1/10**30)",
    f"({REFERENCE})*(1 - 10**-40)",
])
def test_a_tiny_constant_makes_an_answer_wrong(model, answer):
    r = check_expression(model, "grad_f_t", answer, last_step=True)
    assert r.verdict == "incorrect" and r.score == 0, (answer, r.feedback)


@pytest.mark.parametrize("answer", [
    REFERENCE,
    f"2*{REFERENCE}/2",
    f"{REFERENCE}*(sigma(C_t) + sigma(-C_t))",
    f"{REFERENCE} + 1 - sigma(h_t) - sigma(-h_t)",
    f"{REFERENCE}*1000000/1000000",
])
def test_right_answers_written_with_numbers_stay_right(model, answer):
    r = check_expression(model, "grad_f_t", answer, last_step=True)
    assert r.verdict == "correct", (answer, r.feedback)


def test_the_constant_is_named_exactly(model):
    r = check_expression(model, "grad_f_t", f"{REFERENCE} + 1/10**25", last_step=True)
    assert r.diagnosis["how"] == "exact" and "by the exact constant 1/10000000000000000000000000" in r.feedback


def test_precision_follows_the_numbers_written():
    import sympy
    x = sympy.Symbol("x")
    assert precision_digits(x + 2) == 0 and precision_digits(x / 2) == 0
    assert precision_digits(x + sympy.Rational(1, 10**25)) >= 20
    assert precision_digits(x + sympy.exp(-100)) >= 40


@pytest.mark.parametrize("answer", ["0", "0*grad_h_t", "1", "grad_h_t - grad_h_t"])
@pytest.mark.parametrize("target", ["grad_h_t", "grad_C_t", "grad_o_t", "grad_f_t", "grad_i_t", "grad_Ctilde_t"])
def test_a_number_earns_no_partial_credit(model, target, answer):
    """At the last step a catalogued mistake (the wrong time step of a gradient that does
    not exist there) is 0: the answer "0" matched it and collected its partial credit."""
    from autograder.expressions.check import PartialCredit
    generous = PartialCredit(per_branch=True, mistake=0.5, broken_step=0.5)
    r = check_expression(model, target, answer, last_step=True, partial=generous)
    assert r.score == 0 and "time step" not in r.feedback, (target, answer, r.feedback)
