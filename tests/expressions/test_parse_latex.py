"""LaTeX as students write it (seed 003 style), parsed to the same objects as text."""
import pytest
import sympy

from autograder.expressions.parse import parse_answer, parse_lines, split_equation
from autograder.expressions.parse_latex import parse_latex
from autograder.expressions.parse_text import parse_text

SAME = [
    (r"o_t(1 - (\tanh(C_t))^2) \nabla h_t + f_{t+1} \nabla C_{t+1}",
     "o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1"),
    (r"o_t(1-\tanh^2(C_t))\nabla h_t", "o_t*(1 - tanh(C_t)**2)*grad_h_t"),
    (r"o_t\left(1-\tanh^{2}(C_t)\right)\nabla h_t", "o_t*(1 - tanh(C_t)**2)*grad_h_t"),
    (r"W^y y_t (1 - y_t) \nabla y_t", "W_y*y_t*(1 - y_t)*grad_y_t"),
    (r"W^yh_t + W_0^y", "W_y*h_t + W0_y"),
    (r"\sigma\left(W^{hf}h_{t-1} + W^{xf}X_t + W_0^f\right)",
     "sigma(W_hf*h_tm1 + W_xf*X_t + W0_f)"),
    (r"\tanh(W^{h c}h_{t-1} + W^{xc}X_t + W_0^{c})", "tanh(W_hc*h_tm1 + W_xc*X_t + W0_c)"),
    (r"f_t \otimes C_{t-1} \oplus i_t \otimes \tilde{C}_t", "f_t*C_tm1 + i_t*Ctilde_t"),
    (r"o_t \times \tanh(C_t) \cdot 2 \odot h_t", "2*o_t*tanh(C_t)*h_t"),
    (r"\tilde{C}_t \nabla C_t", "Ctilde_t*grad_C_t"),
    (r"h_{t-1} i_t (1 - i_t) \nabla i_t", "h_tm1*i_t*(1 - i_t)*grad_i_t"),
    (r"\sum_{t=1}^{T} h_{t-1} i_t (1 - i_t) \nabla i_t",
     "Sum(h_tm1*i_t*(1 - i_t)*grad_i_t, (t, 1, T))"),
    (r"2\sum_{t=1}^T h_{t-1}\nabla i_t + W^{hi}", "2*Sum(h_tm1*grad_i_t, (t, 1, T)) + W_hi"),
    (r"\sum\limits_{t=2}^{T-1} \nabla f_t", "Sum(grad_f_t, (t, 2, T - 1))"),
    (r"\frac{1}{2} h_t + \dfrac{C_t}{h_t} - \frac12", "h_t/2 + C_t/h_t - 1/2"),
    (r"\exp(h_t) \log(C_t) \operatorname{sech}^2(C_t)", "exp(h_t)*log(C_t)*sech(C_t)**2"),
    (r"e^{-h_t} + \sqrt{C_t}", "exp(-h_t) + C_t**(1/2)"),
    (r"[h_t + 1] \{C_t - 1\} \left[ f_t \right]", "(h_t + 1)*(C_t - 1)*f_t"),
    (r"2h_t \, \; \! \quad C_t", "2*h_t*C_t"),
    (r"h_t^{2} - h_t^2 + x^{-1}".replace("x", "C_t"), "h_t**2 - h_t**2 + 1/C_t"),
    (r"-h_t \cdot -C_t", "h_t*C_t"),
    (r"h_t / C_t / 2", "h_t/C_t/2"),
    (r"\tanh{\left(C_{t} \right)}", "tanh(C_t)"),
    (r"\frac{\partial \mathcal{L}}{\partial h_t} + \nabla h_t", "2*grad_h_t"),
]


@pytest.mark.parametrize("tex,text", SAME)
def test_latex_matches_text(lstm, tex, text):
    assert parse_latex(tex, lstm) == parse_text(text, lstm)
    assert parse_answer(f"$${tex}$$", lstm) == parse_answer(text, lstm)


def test_sum_summand_is_rest_of_product(lstm):
    got = parse_latex(r"\sum_{t=1}^{T} h_t C_t + f_t", lstm)
    assert isinstance(got, sympy.Add) and len(got.args) == 2


def test_ambiguous_input_falls_back_to_latex(lstm):
    # Not valid Python, but valid LaTeX-ish: juxtaposition and ^ without braces.
    assert parse_answer("2h_t", lstm) == parse_text("2*h_t", lstm)
    assert parse_answer("o_t(1-h_t)", lstm) == parse_text("o_t*(1-h_t)", lstm)
    assert parse_answer("W^y h_t", lstm) == parse_text("W_y*h_t", lstm)


def test_rnn_latex(rnn):
    assert parse_latex(r"\delta_t + W \nabla Z_{t+1} (1 - H_t^2)", rnn) == \
        parse_text("delta_t + W*grad_Z_tp1*(1 - H_t**2)", rnn)


SEED_STYLE_DERIVATION = r"""\begin{aligned}\nabla C_t &= \frac{\partial L}{\partial h_t}
o_t(1 - (\tanh(C_t))^2) + \\ &\quad f_{t+1} \nabla C_{t+1} \\
&= o_t(1 - \tanh^2(C_t)) \nabla h_t + f_{t+1}\nabla C_{t+1}\end{aligned}"""


def test_parse_lines_aligned_block(lstm):
    steps = parse_lines(SEED_STYLE_DERIVATION)
    assert len(steps) == 2
    values = [parse_answer(s, lstm) for s in steps]
    assert values[0] == values[1]


def test_parse_lines_plain():
    assert parse_lines("grad_h_t = a*b\n  = c\n= d + \n e") == ["a*b", "c", "d + e"]
    assert parse_lines("a\nb") == ["a", "b"]


def test_split_equation():
    assert split_equation("grad_f_t = C_tm1*grad_C_t") == ("grad_f_t", "C_tm1*grad_C_t")
    assert split_equation(r"\nabla f_t &= C_{t-1}") == (r"\nabla f_t", "C_{t-1}")
    assert split_equation("sigma(x)") == (None, "sigma(x)")
    assert split_equation("f(a=b) + c") == (None, "f(a=b) + c")
