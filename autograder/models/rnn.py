"""The vanilla RNN, in scalar form for the symbolic work:

    Z_t = H_{t-1} W + I_t U
    H_t = tanh(Z_t)
The loss reaches every hidden state directly: delta_t is the given gradient of the loss
terms at step t with respect to H_t (the total grad_H_t also collects the path through
Z_{t+1}).
"""
import sympy

from .graph import Alias, Model, Node, Quantity

RNN = Model(
    name="rnn",
    title="Vanilla tanh RNN (scalar form)",
    weights=(
        Quantity("W", "W", "recurrent weight"),
        Quantity("U", "U", "input weight"),
    ),
    inputs=(Quantity("I", "I", "input"),),
    nodes=(
        Node("Z", "Z", "pre-activation", lambda s: s.H(-1) * s.W + s.I() * s.U),
        Node("H", "H", "hidden state", lambda s: sympy.tanh(s.Z())),
    ),
    initial=("H",),
    given={"H": ("delta", r"\delta")},
    aliases=(
        Alias("x", "x", (("I", "the input x_t of most texts"),)),
        Alias("s", "s", (("H", "the hidden state s_t of RNN tutorials"),)),
        Alias("a", "a", (("Z", "the pre-activation a^{(t)} of Goodfellow et al."),
                         ("H", "the hidden state a^{<t>} of Andrew Ng"))),
    ),
)
