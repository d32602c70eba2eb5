"""The univariate LSTM of the homework: every quantity is a scalar.

    f_t = sigma(W^{hf} h_{t-1} + W^{xf} X_t + W_0^f)        forget gate
    i_t = sigma(W^{hi} h_{t-1} + W^{xi} X_t + W_0^i)        input (memory) gate
    o_t = sigma(W^{ho} h_{t-1} + W^{xo} X_t + W_0^o)        output gate
    Ctilde_t = tanh(W^{hc} h_{t-1} + W^{xc} X_t + W_0^c)    candidate memory
    C_t = f_t C_{t-1} + i_t Ctilde_t                         cell state
    h_t = o_t tanh(C_t)                                      hidden state
    y_t = sigma(W^y h_t + W_0^y)                             output
The loss reaches the network through the given gradients grad_y_t at every step.
"""
from .functions import sigma
from .graph import Alias, Model, Node, Quantity
import sympy


def _gate_weights(g: str, what: str) -> tuple[Quantity, ...]:
    return (
        Quantity(f"W_h{g}", f"W^{{h{g}}}", f"recurrent weight of the {what}"),
        Quantity(f"W_x{g}", f"W^{{x{g}}}", f"input weight of the {what}"),
        Quantity(f"W0_{g}", f"W_0^{{{g}}}", f"bias of the {what}"),
    )


LSTM_UNIVARIATE = Model(
    name="lstm_univariate",
    title="Univariate LSTM (scalar input, gates, cell and hidden state)",
    weights=(
        *_gate_weights("f", "forget gate"),
        *_gate_weights("i", "input gate"),
        *_gate_weights("o", "output gate"),
        *_gate_weights("c", "candidate memory"),
        Quantity("W_y", "W^{y}", "output weight"),
        Quantity("W0_y", "W_0^{y}", "output bias"),
    ),
    inputs=(Quantity("X", "X", "input"),),
    nodes=(
        Node("f", "f", "forget gate", lambda s: sigma(s.W_hf * s.h(-1) + s.W_xf * s.X() + s.W0_f)),
        Node("i", "i", "input gate", lambda s: sigma(s.W_hi * s.h(-1) + s.W_xi * s.X() + s.W0_i)),
        Node("o", "o", "output gate", lambda s: sigma(s.W_ho * s.h(-1) + s.W_xo * s.X() + s.W0_o)),
        Node("Ctilde", r"\tilde{C}", "candidate memory",
             lambda s: sympy.tanh(s.W_hc * s.h(-1) + s.W_xc * s.X() + s.W0_c)),
        Node("C", "C", "cell state", lambda s: s.f() * s.C(-1) + s.i() * s.Ctilde()),
        Node("h", "h", "hidden state", lambda s: s.o() * sympy.tanh(s.C())),
        Node("y", "y", "output", lambda s: sigma(s.W_y * s.h() + s.W0_y)),
    ),
    initial=("h", "C"),
    given={"y": ("grad_y", r"\nabla y")},
    aliases=(
        Alias("a", "a", (("h", "Andrew Ng's a^{<t>}"),)),
        Alias("g", "g", (("Ctilde", "the candidate g_t of CS231n and PyTorch"),)),
        Alias("C_tilde", "", (("Ctilde", "the candidate"),)),
        Alias("Gamma_f", r"\Gamma_f", (("f", "Andrew Ng's forget gate"),)),
        Alias("Gamma_u", r"\Gamma_u", (("i", "Andrew Ng's update gate"),)),
        Alias("Gamma_i", r"\Gamma_i", (("i", "the input gate in Andrew Ng's notation"),)),
        Alias("Gamma_o", r"\Gamma_o", (("o", "Andrew Ng's output gate"),)),
        Alias("s", "s", (("C", "the cell's state unit s^{(t)} of Goodfellow et al."),
                         ("h", "the hidden state s_t of RNN tutorials"))),
    ),
)
