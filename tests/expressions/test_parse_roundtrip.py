"""Printed expressions read back to the identical object, in text and in LaTeX."""
import pytest
import sympy

from autograder.expressions.parse_latex import parse_latex
from autograder.expressions.parse_text import parse_text
from autograder.models.naming import sym
from parse_vocabularies import lstm_latex, lstm_vocabulary

TEXTS = [
    "o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1",
    "W_y*y_t*(1 - y_t)*grad_y_t + W_hf*f_tp1*(1 - f_tp1)*grad_f_tp1",
    "C_tm1*grad_C_t", "Ctilde_t*grad_C_t*i_t", "tanh(C_t)*grad_h_t",
    "(1 - Ctilde_t**2)*i_t*grad_C_t", "h_tm1*i_t*(1 - i_t)*grad_i_t",
    "Sum(h_tm1*i_t*(1 - i_t)*grad_i_t, (t, 1, T))",
    "sigma(W_hf*h_tm1 + W_xf*X_t + W0_f)", "exp(-h_t)/(1 + exp(-h_t))**2",
    "sech(C_t)**2*o_t", "log(y_t) - log(1 - y_t)", "h_t/2 - 3*C_t/4", "h_t**(1/2)",
    "0.5*h_t + 2.25", "-grad_h_0 + h_12**3", "sigma(h_t)*(1 - sigma(h_t))",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_roundtrip_through_str(text):
    vocab = lstm_vocabulary()
    expr = parse_text(text, vocab)
    assert parse_text(str(expr), vocab) == expr
    assert parse_text(sympy.sstr(expr, order="none"), vocab) == expr


@pytest.mark.parametrize("text", TEXTS)
def test_latex_roundtrip_through_sympy_latex(text):
    vocab = lstm_vocabulary()
    expr = parse_text(text, vocab)
    names = {sym(n): tex for n, tex in lstm_latex().items()}
    tex = sympy.latex(expr, symbol_names=names)
    assert parse_latex(tex, vocab) == expr, tex


HAND_WRITTEN = [
    (r"\nabla f_t = C_{t-1} \nabla C_t", "C_tm1*grad_C_t"),
    (r"\tilde{C}_t \nabla C_t", "Ctilde_t*grad_C_t"),
    (r"\tanh(C_t) \nabla h_t", "tanh(C_t)*grad_h_t"),
    (r"W^{y} y_t(1-y_t)\nabla y_t", "W_y*y_t*(1 - y_t)*grad_y_t"),
    (r"i_t (1 - \tilde{C}_t^2) \nabla C_t", "(1 - Ctilde_t**2)*i_t*grad_C_t"),
]


@pytest.mark.parametrize("tex,text", HAND_WRITTEN)
def test_hand_written_latex_is_text(tex, text):
    from autograder.expressions.parse import parse_answer
    vocab = lstm_vocabulary()
    forbid = {"grad_f_t"} if tex.startswith(r"\nabla f_t =") else ()
    assert parse_answer(tex, vocab, forbid=forbid) == parse_text(text, vocab)
