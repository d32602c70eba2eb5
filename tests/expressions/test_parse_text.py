"""Text answers: SymPy syntax with ^ for powers, built without eval."""
import sympy
import pytest

from autograder.expressions.parse_text import parse_text
from autograder.models.functions import sigma
from autograder.models.naming import T_HORIZON, T_INDEX, sym

o, C, h, gh, f, gC1 = (sym(n) for n in ("o_t", "C_t", "h_t", "grad_h_t", "f_tp1",
                                        "grad_C_tp1"))


def test_lstm_cell_gradient(lstm):
    got = parse_text("o_t*(1 - tanh(C_t)^2)*grad_h_t + f_tp1*grad_C_tp1", lstm)
    assert got == o * (1 - sympy.tanh(C) ** 2) * gh + f * gC1


def test_caret_binds_like_power(lstm):
    assert parse_text("h_t^2 + 1", lstm) == h ** 2 + 1
    assert parse_text("h_t**2 + 1", lstm) == h ** 2 + 1
    assert parse_text("h_t ^ -1", lstm) == 1 / h


def test_functions_and_aliases(lstm):
    assert parse_text("sigmoid(h_t) - sigma(h_t)", lstm) == 0
    assert parse_text("sech(C_t)**2*exp(h_t)*log(h_t)", lstm) == \
        sympy.sech(C) ** 2 * sympy.exp(h) * sympy.log(h)
    assert parse_text("sigma(h_t)*(1-sigma(h_t))", lstm) == sigma(h) * (1 - sigma(h))


def test_numbers(lstm):
    assert parse_text("1/2*h_t", lstm) == h / 2
    assert parse_text("0.5*h_t", lstm) == sympy.Float(0.5) * h
    assert parse_text("-(+h_t)", lstm) == -h
    assert parse_text("pi + E", lstm) == sympy.pi + sympy.E


def test_sum_over_time(lstm):
    got = parse_text("Sum(h_tm1*grad_i_t, (t, 1, T))", lstm)
    assert got == sympy.Sum(sym("h_tm1") * sym("grad_i_t"), (T_INDEX, 1, T_HORIZON))
    assert parse_text("Sum(t*h_t, (t, 0, T - 1))", lstm) == \
        sympy.Sum(T_INDEX * h, (T_INDEX, 0, T_HORIZON - 1))


def test_long_sum_is_not_too_deep(lstm):
    text = " + ".join(f"h_{k}" for k in range(13)) + " - " + " - ".join(["C_t"] * 150)
    assert parse_text(text, lstm) == sum(sym(f"h_{k}") for k in range(13)) - 150 * C


def test_multiline_inside_brackets(lstm):
    assert parse_text("(h_t +\n C_t)", lstm) == h + C
