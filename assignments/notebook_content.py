"""What the four notebooks say and ask: prose, given code, solutions.

Each function fills a `Builder` (see build_notebooks.py) for the assignment of its name.
"""
from __future__ import annotations

NOTATION_LSTM = r"""
**How to write answers.** Type an expression in plain text (SymPy style, `**` or `^` for
powers) or in LaTeX, inside the string of the answer cell. Names:

| quantity | text | LaTeX |
|---|---|---|
| gates, candidate at step t | `f_t`, `i_t`, `o_t`, `Ctilde_t` | `f_t`, `i_t`, `o_t`, `\tilde{C}_t` |
| cell, hidden state, output | `C_t`, `h_t`, `y_t` | `C_t`, `h_t`, `y_t` |
| other steps | `C_tm1` (step t-1), `f_tp1` (step t+1) | `C_{t-1}`, `f_{t+1}` |
| weights | `W_hf`, `W_xf`, `W0_f`, ..., `W_y`, `W0_y` | `W^{hf}`, `W^{xf}`, `W_0^f`, ..., `W^y` |
| gradients of the loss | `grad_h_t`, `grad_C_tp1`, `grad_y_t` | `\nabla h_t`, `\nabla C_{t+1}` |
| functions | `sigma`, `tanh`, `exp` | `\sigma`, `\tanh` |
| sum over the steps | `Sum(expr, (t, 1, T))` | `\sum_{t=1}^{T}` |

Names are case-sensitive (`c_t` is not `C_t`). Run the cell below each answer: it checks
your answer on the spot and explains what is off, without giving the answer away. Lines
that start with `#` inside an answer string are ignored.
"""

# Figures are optional: a kernel with only numpy runs every cell and skips the pictures.
IMPORTS = """import numpy as np
try:
    import matplotlib.pyplot as plt
except ImportError:
    plt = None"""


def lstm_univariate(b):
    b.md(r"""
# Backpropagation through a univariate LSTM

In this homework every quantity of the LSTM is a single number, so the chain rule can be
written out by hand with no matrices in the way. The network at step $t$:

$$
\begin{aligned}
f_t &= \sigma(W^{hf} h_{t-1} + W^{xf} X_t + W_0^f) && \text{forget gate}\\
i_t &= \sigma(W^{hi} h_{t-1} + W^{xi} X_t + W_0^i) && \text{input gate}\\
o_t &= \sigma(W^{ho} h_{t-1} + W^{xo} X_t + W_0^o) && \text{output gate}\\
\tilde C_t &= \tanh(W^{hc} h_{t-1} + W^{xc} X_t + W_0^c) && \text{candidate memory}\\
C_t &= f_t\, C_{t-1} + i_t\, \tilde C_t && \text{cell state}\\
h_t &= o_t \tanh(C_t) && \text{hidden state}\\
y_t &= \sigma(W^{y} h_t + W_0^{y}) && \text{output}
\end{aligned}
$$

The loss reaches the network only through the outputs: $\nabla y_t = \partial\mathcal L/\partial y_t$
is given at every step $t = 1, \dots, T$. Write $\nabla v$ for $\partial \mathcal L / \partial v$.
Two facts you will use again and again: $\sigma'(z) = \sigma(z)(1-\sigma(z))$ and
$\tanh'(z) = 1 - \tanh^2(z)$, so the derivative of a gate can be written with the gate's own value.
""")
    b.md(NOTATION_LSTM)
    b.setup(IMPORTS)
    b.md(r"""
## Part A: the last step, t = T

At the last step nothing is computed from $h_T$ or $C_T$ except $y_T$ and $h_T$ itself: there is no
step $T+1$ to send gradient back. Write each answer for $t = T$ (use the index `t`; for
example `grad_h_t` means $\nabla h_T$ here). You may answer in terms of the gradients of
the quantities that use the one asked for, or expand everything down to `grad_y_t`.
""")
    b.given(r'''
def draw_uses(ax, title, users):
    """Arrows from h_t (left) to the quantities computed from it (right)."""
    ax.set_title(title)
    ax.text(0.1, 0.5, "$h_t$", fontsize=16, ha="center", va="center",
            bbox=dict(boxstyle="circle", fc="#ddeeff"))
    for k, name in enumerate(users):
        y = 0.9 - 0.8 * k / max(len(users) - 1, 1)
        ax.annotate("", xy=(0.75, y), xytext=(0.16, 0.5), arrowprops=dict(arrowstyle="->"))
        ax.text(0.82, y, name, fontsize=13, va="center")
    ax.set_xlim(0, 1.1)
    ax.set_ylim(0, 1)
    ax.axis("off")

if plt is None:
    print("(no figure: matplotlib is not installed in this kernel)")
else:
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
    draw_uses(left, "t = T: one user", ["$y_T$"])
    draw_uses(right, "t < T: five users", ["$y_t$", "$f_{t+1}$", "$i_{t+1}$", "$o_{t+1}$", r"$\tilde C_{t+1}$"])
    plt.show()
''')
    b.expression("grad_h_last", "grad_h_last",
                 r"Which quantities use $h_T$? Differentiate the output layer.",
                 "W_y*y_t*(1 - y_t)*grad_y_t")
    b.expression("grad_C_last", "grad_C_last",
                 r"$C_T$ feeds only $h_T = o_T\tanh(C_T)$.",
                 "o_t*(1 - tanh(C_t)**2)*grad_h_t")
    b.expression("grad_o_last", "grad_o_last", r"The output gate is used once, in $h_T$.",
                 r"\tanh(C_t) \nabla h_t")
    b.expression("grad_f_last", "grad_f_last", r"The forget gate multiplies the previous cell.",
                 "C_tm1*grad_C_t")
    b.expression("grad_i_last", "grad_i_last", r"The input gate multiplies the candidate.",
                 "Ctilde_t*grad_C_t")
    b.expression("grad_Ctilde_last", "grad_Ctilde_last",
                 r"The candidate memory is scaled by the input gate.",
                 "i_t*o_t*(1 - tanh(C_t)**2)*W_y*y_t*(1 - y_t)*grad_y_t")
    b.md(r"""
## Part B: a general step, t < T

Now step $t+1$ exists, and it uses $h_t$ (in all four of its gates) and $C_t$ (in $C_{t+1}$).
Every path along which $h_t$ or $C_t$ influences the loss adds a term. Write the answers
for a step $t < T$; gradients of step $t+1$ (`grad_f_tp1`, `grad_C_tp1`, ...) may appear.
A formula that is right at $t = T$ is usually missing terms here.
""")
    b.expression("grad_h_general", "grad_h_general",
                 r"Collect one term per quantity computed from $h_t$.",
                 r"W^y y_t (1-y_t) \nabla y_t + W^{hf} f_{t+1}(1-f_{t+1}) \nabla f_{t+1} "
                 r"+ W^{hi} i_{t+1}(1-i_{t+1}) \nabla i_{t+1} + W^{ho} o_{t+1}(1-o_{t+1}) \nabla o_{t+1} "
                 r"+ W^{hc} (1-\tilde{C}_{t+1}^2) \nabla \tilde{C}_{t+1}")
    b.expression("grad_C_general", "grad_C_general",
                 r"$C_t$ is used by $h_t$ and by the next cell $C_{t+1}$: which gate scales it there?",
                 "o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1")
    b.expression("grad_o_general", "grad_o_general", r"Does anything at step $t+1$ use $o_t$ directly?",
                 "tanh(C_t)*grad_h_t")
    b.expression("grad_f_general", "grad_f_general",
                 r"Write it with `grad_h_t` and `grad_C_tp1` (expand $\nabla C_t$).",
                 "C_tm1*(o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1)")
    b.expression("grad_i_general", "grad_i_general", "", "Ctilde_t*grad_C_t")
    b.expression("grad_Ctilde_general", "grad_Ctilde_general", "", r"i_t \nabla C_t")
    b.md(r"""
## Part C: the weights

The same weights are used at every step, so a weight's gradient adds up what each step
contributes. Write it as a sum over $t = 1..T$ whose summand uses the gradients of that
step (for example `grad_i_t`); do not replace them by their last-step forms, which are only
right for $t = T$.
""")
    b.expression("grad_W_hi", "grad_W_hi", r"$W^{hi}$ appears in the input gate of every step.",
                 "Sum(h_tm1*i_t*(1 - i_t)*grad_i_t, (t, 1, T))")
    b.expression("grad_W_hf", "grad_W_hf", "", "Sum(h_tm1*f_t*(1 - f_t)*grad_f_t, (t, 1, T))")
    b.expression("grad_W_y", "grad_W_y", "", r"\sum_{t=1}^{T} h_t\, y_t (1-y_t) \nabla y_t")
    b.md(r"""
## Part D: a derivation, step by step

Derive $\nabla i_t$ for a step $t < T$ and end with an expression in `grad_h_t` and
`grad_C_tp1`. Write one step per line; a line may start with `=`, and the first may
start with `grad_i_t =`. Each line is checked against the line before it, so a slip is
located where it happens.
""")
    b.expression("derive_grad_i_general", "derivation", "",
                 "grad_i_t = Ctilde_t*grad_C_t\n"
                 "= Ctilde_t*(o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1)\n"
                 "= Ctilde_t*o_t*(1 - tanh(C_t)**2)*grad_h_t + Ctilde_t*f_tp1*grad_C_tp1")
    b.md("## Part E: in words")
    b.manual("why_no_explosion", r"""
Suppose that at every step the forget gate is close to 1 and the input gate close to 0.
Using your answers above, explain why the gradients that flow back through the cell
states neither blow up nor die out over many steps. Say which factor is multiplied at
each step back along the cell path and why the other factors in $\nabla W^{hi}$ stay bounded.
""", r"""
Going back one step along the cell path multiplies the gradient by the next forget gate:
$\nabla C_t$ contains $f_{t+1}\nabla C_{t+1}$, so $k$ steps back the factor is
$f_{t+1} f_{t+2}\cdots f_{t+k}$. With every $f \approx 1$ this product stays close to 1: the
gradient neither grows (each factor is below 1) nor shrinks quickly. The other factors are
bounded by construction: $o_t\in(0,1)$, $1-\tanh^2(C_t)\in(0,1]$, $y_t(1-y_t)\le 1/4$,
$i_t(1-i_t) \le 1/4$ and $|\tilde C_t| < 1$, and with $i_t\approx 0$ the input gate adds little
to $C_t$, so $C_t$ stays near its earlier values and $h_{t-1}$ is bounded by 1 in size.
Every term of $\nabla W^{hi}$ is therefore a bounded number, and the sum over $T$ steps grows
at most linearly in $T$, not exponentially.
""")


def rnn_bptt(b):
    b.md(r"""
# Backpropagation through time in a vanilla RNN

A recurrent network reuses the same weights at every step, so the gradient of the loss
reaches an early step only by travelling back through every later one. In this assignment
you derive that backward pass, implement it in numpy, and measure how fast the gradient
fades as it travels.

The scalar model used for the symbolic questions:

$$ Z_t = H_{t-1} W + I_t U, \qquad H_t = \tanh(Z_t). $$

The loss is attached to every hidden state: $\delta_t$ (`delta_t`) is the gradient that the
loss terms of step $t$ send **directly** into $H_t$. The total gradient $\nabla H_t$
(`grad_H_t`) also collects what comes back from step $t+1$ through $Z_{t+1}$.

Answers: plain text or LaTeX, with the names `Z_t`, `H_t`, `H_tm1`, `I_t`, `W`, `U`,
`delta_t`, `grad_Z_t`, `grad_H_t`, `grad_H_tm1`, and `Sum(expr, (t, 1, T))` for sums over steps.
""")
    b.setup(IMPORTS)
    b.md("## Part A: the backward recursion by hand")
    b.expression("grad_Z_t", "grad_Z_t",
                 r"Express $\nabla Z_t$ with $\nabla H_t$. Careful: $\tanh'(z) = 1 - \tanh(z)^2$, "
                 r"and $\tanh(Z_t)$ is a quantity you already have.",
                 r"\nabla H_t (1 - H_t^2)")
    b.expression("grad_H_tm1", "grad_H_tm1",
                 r"Which two things send gradient into $H_{t-1}$?",
                 "delta_tm1 + W*grad_Z_t")
    b.expression("grad_W", "grad_W", r"$W$ is shared by all steps.", "Sum(H_tm1*grad_Z_t, (t, 1, T))")
    b.md(r"""
## Part B: numpy

Now the vectorised network: a batch of $N$ sequences of length $T$, inputs of size $D$, hidden
states of size $H$: `x` (N, T, D), `h0` (N, H), `Wx` (D, H), `Wh` (H, H), `b` (H,), and
$h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$. Each backward function receives the gradient of the
loss with respect to its forward's output and returns the gradients of all the forward's
inputs, in the order of the signature. The cache is yours: store whatever your backward needs.
Do not modify the inputs.
""")
    b.code("step_functions", "One step forward and back.", r'''
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """x (N, D), prev_h (N, H) -> next_h (N, H), cache."""
    ### BEGIN SOLUTION
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache
    ### END SOLUTION


def rnn_step_backward(dnext_h, cache):
    """dnext_h (N, H) -> dx, dprev_h, dWx, dWh, db."""
    ### BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1.0 - next_h ** 2)
    dx = dz @ Wx.T
    dprev_h = dz @ Wh.T
    dWx = x.T @ dz
    dWh = prev_h.T @ dz
    db = dz.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db
    ### END SOLUTION
''')
    b.code("sequence_functions",
           "The whole sequence. `dh` (N, T, H) holds the gradient that the loss sends directly "
           "into each hidden state; add what comes back from the next step. Weight gradients "
           "are accumulated over the steps.", r'''
def rnn_forward(x, h0, Wx, Wh, b):
    """x (N, T, D), h0 (N, H) -> h (N, T, H), cache."""
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    cache = []
    prev_h = h0
    for t in range(T):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    return h, cache
    ### END SOLUTION


def rnn_backward(dh, cache):
    """dh (N, T, H) -> dx (N, T, D), dh0 (N, H), dWx, dWh, db."""
    ### BEGIN SOLUTION
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, cache[t])
        dx[:, t] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
    ### END SOLUTION
''')
    b.md(r"""
## Part C: watching the gradient fade

Going one step back multiplies the gradient by $\mathrm{diag}(1-h_t^2)\, W_h^\top$. The
first factor is at most 1 in every entry, so when the recurrent matrix shrinks vectors, the
product over many steps shrinks geometrically. Asymptotically the rate is governed by the
largest magnitude among the eigenvalues of $W_h$ (its spectral radius): below 1, the
gradient reaching early steps vanishes.

The cell below fixes an experiment: 20 steps, and a loss that only looks at the last hidden
state. Do not change it.
""")
    b.given(r'''
rng = np.random.default_rng(2024)
N, T, D, H = 4, 20, 3, 6
x = rng.normal(size=(N, T, D))
h0 = rng.normal(scale=0.5, size=(N, H))
Wx = rng.normal(scale=0.5, size=(D, H))
Wh = 0.3 * rng.normal(size=(H, H))
b = rng.normal(scale=0.1, size=H)
dh = np.zeros((N, T, H))
dh[:, -1] = rng.normal(size=(N, H))   # the loss only sees the last hidden state
''')
    b.value("spectral_radius", (
        f"**{b.spec.question('spectral_radius').title}** "
        f"({b.spec.question('spectral_radius').points:g} points). Set `spectral_radius` to the "
        "largest absolute value among the eigenvalues of `Wh` (a float)."), r'''
spectral_radius = None
### BEGIN SOLUTION
spectral_radius = float(np.max(np.abs(np.linalg.eigvals(Wh))))
### END SOLUTION
''')
    q = b.spec.question("gradient_ratio")
    b.value("gradient_ratio", (
        f"**{q.title}** ({q.points:g} points). With your `rnn_forward` and `rnn_backward`, compute "
        "`grad_norms`, the norm of `dx[:, t]` (over the batch and the features) for every step, "
        "and `gradient_ratio = grad_norms[0] / grad_norms[-1]`. Compare it with "
        "`spectral_radius ** (T - 1)`."), r'''
grad_norms = None
gradient_ratio = None
### BEGIN SOLUTION
h, cache = rnn_forward(x, h0, Wx, Wh, b)
dx = rnn_backward(dh, cache)[0]
grad_norms = np.linalg.norm(dx, axis=(0, 2))
gradient_ratio = float(grad_norms[0] / grad_norms[-1])
### END SOLUTION
''')
    b.md(r"""
The heatmap shows, for recurrent matrices rescaled to several spectral radii, the size of the
gradient that reaches each input step (log scale, brighter is larger). Below radius 1 the
early steps go dark; above it they can light up instead.
""")
    b.given(r'''
def per_step_norms(Wh_scaled):
    h, cache = rnn_forward(x, h0, Wx, Wh_scaled, b)
    return np.linalg.norm(rnn_backward(dh, cache)[0], axis=(0, 2))

try:
    radius = float(spectral_radius)   # your answer above: this cell gives away no graded value
    radii = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0]
    grid = np.array([per_step_norms(Wh * (r / radius)) for r in radii])
except Exception as err:  # unfinished answers: no figure yet
    grid = None
    print("The heatmap needs spectral_radius and working rnn_forward and rnn_backward:",
          type(err).__name__, err)
if grid is not None and plt is None:
    print("(no figure: matplotlib is not installed in this kernel)")
elif grid is not None:
    fig, ax = plt.subplots(figsize=(8, 3))
    im = ax.imshow(np.log10(grid + 1e-30), aspect="auto", cmap="magma", vmin=-12)
    ax.set_yticks(range(len(radii)), [f"{r:g}" for r in radii])
    ax.set_xticks(range(0, T, 2), [str(t + 1) for t in range(0, T, 2)])
    ax.set_xlabel("input step t")
    ax.set_ylabel("spectral radius of Wh")
    fig.colorbar(im, label="log10 ||dL/dx_t||")
    plt.show()
''')


def lstm_numpy(b):
    b.md(r"""
# An LSTM in numpy

You implement an LSTM layer forward and backward through time, then take one loss term
apart to see which steps its gradient comes from.

Shapes: `x` (N, T, D), `h0` (N, H), `Wx` (D, 4H), `Wh` (H, 4H), `b` (4H,). The 4H columns
hold the pre-activations of four gates **in the order i, f, o, g**:

$$ a = x_t W_x + h_{t-1} W_h + b,\quad i = \sigma(a_i),\ f = \sigma(a_f),\ o = \sigma(a_o),\ g = \tanh(a_g), $$
$$ c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t). $$

The sequence starts from the given `h0` and from $c_0 = 0$. A backward function receives the
gradients of its forward's outputs and returns the gradients of its inputs in signature
order; the cache is yours. Do not modify the inputs.
""")
    b.setup(IMPORTS)
    b.code("step_functions", r"""
One step. Keep in mind that $c_t$ receives gradient twice: directly (`dnext_c`) and through
$h_t = o\odot\tanh(c_t)$.""", r'''
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """x (N, D), prev_h (N, H), prev_c (N, H) -> next_h, next_c, cache."""
    ### BEGIN SOLUTION
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)
    return next_h, next_c, cache
    ### END SOLUTION


def lstm_step_backward(dnext_h, dnext_c, cache):
    """-> dx, dprev_h, dprev_c, dWx, dWh, db."""
    ### BEGIN SOLUTION
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)
    da = np.concatenate([dc * g * i * (1.0 - i),
                         dc * prev_c * f * (1.0 - f),
                         dnext_h * tanh_c * o * (1.0 - o),
                         dc * i * (1.0 - g ** 2)], axis=1)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dprev_c = dc * f
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
    ### END SOLUTION
''')
    b.code("sequence_functions", r"""
The whole sequence. `dh` (N, T, H) is the gradient the loss sends directly into each
hidden state. Going backwards, each step receives that plus what the next step sends back
into $h_t$ and $c_t$; the weight gradients add up over the steps.""", r'''
def lstm_forward(x, h0, Wx, Wh, b):
    """-> h (N, T, H), cache."""
    ### BEGIN SOLUTION
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    prev_h, prev_c = h0, np.zeros((N, H))
    cache = []
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        cache.append(step_cache)
    return h, cache
    ### END SOLUTION


def lstm_backward(dh, cache):
    """-> dx (N, T, D), dh0 (N, H), dWx, dWh, db."""
    ### BEGIN SOLUTION
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dh[:, t] + dprev_h, dprev_c, cache[t])
        dx[:, t] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dprev_h
    return dx, dh0, dWx, dWh, db
    ### END SOLUTION
''')
    b.md(r"""
## Where does one loss term's gradient come from?

Take only the loss of the third step, $L_3 = \sum \mathrm{dout}_3 \odot h_3$ (a fixed random
`dout`). $W_x$ is used at steps 1, 2 and 3, so $\partial L_3/\partial W_x$ is the sum of three
shares, one per use. Start at step 3 with `dnext_h = dout[:, 2]` and `dnext_c = 0`, call
your `lstm_step_backward` on each step's cache going backwards, and pass `dprev_h` and
`dprev_c` on to the step before (no other loss term enters). The `dWx` returned at step
$j$ is that step's share.

Set `component_0`, `component_1`, `component_2` to the Frobenius norms of the shares of
steps 1, 2 and 3 (floats). Which step contributes most, and why do earlier steps give less?
""")
    b.given(r'''
rng = np.random.default_rng(1)
N, D, T, H = 2, 3, 3, 2
x = rng.normal(size=(N, T, D))
h0 = rng.normal(size=(N, H))
Wx = rng.normal(size=(D, 4 * H))
Wh = rng.normal(size=(H, 4 * H))
b = rng.normal(size=4 * H)
dout = rng.normal(size=(N, T, H))
''')
    src = r'''
component_0 = component_1 = component_2 = None
### BEGIN SOLUTION
h, cache = lstm_forward(x, h0, Wx, Wh, b)
dnext_h, dnext_c = dout[:, T - 1], np.zeros((N, H))
shares = [None] * T
for j in reversed(range(T)):
    _, dnext_h, dnext_c, dWx_j, _, _ = lstm_step_backward(dnext_h, dnext_c, cache[j])
    shares[j] = dWx_j
component_0, component_1, component_2 = (float(np.linalg.norm(s)) for s in shares)
### END SOLUTION
'''
    for k in range(3):
        b.value(f"component_{k}", None, src if k == 0 else None)
    b.given(r'''
if None in (component_0, component_1, component_2):
    pass  # nothing to draw yet
elif plt is None:
    print("(no figure: matplotlib is not installed in this kernel)")
else:
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.bar(["step 1", "step 2", "step 3"], [component_0, component_1, component_2])
    ax.set_ylabel("||share of dL3/dWx||")
    plt.show()
''')


def lstm_gradient_flow(b):
    b.md(r"""
# Gradient paths in an LSTM

The gradient of a loss with respect to an early quantity is a **sum over paths** in the
unrolled graph; each path contributes the product of the local partial derivatives along
its edges. The gradient vanishes only if every path's contribution vanishes, and it
explodes as soon as one path's contribution explodes. We use the univariate LSTM
($f_t, i_t, o_t, \tilde C_t, C_t, h_t$ as in the homework on the univariate LSTM):

$$ C_t = f_t C_{t-1} + i_t \tilde C_t,\qquad h_t = o_t\tanh(C_t),\qquad
   o_t = \sigma(W^{ho} h_{t-1} + W^{xo} X_t + W_0^o), \ \dots $$

For a path question, give the product of the local partials along the path, each edge
differentiated on its own (hold everything else fixed). Use the names `f_t`, `f_tp1`, `C_tm1`,
`h_tm1`, `o_t`, `W_ho`, ... (text or LaTeX). No gradients (`grad_...`) appear in a path product.
""")
    b.setup(IMPORTS)
    b.md("## Part A: the cell-state path")
    b.expression("cell_path", "cell_path",
                 r"Along $C_t \to C_{t+1} \to C_{t+2} \to C_{t+3}$, only the direct edges between "
                 "cells are taken.", r"f_{t+1} f_{t+2} f_{t+3}")
    b.md(r"""
The given network and input sequence are below (12 steps, $h_0 = C_0 = 0$). Run the
network forward (scalars are enough), and set `cell_path_value` to the factor that the
cell path from $C_2$ to $C_{12}$ applies: $\prod_{k=3}^{12} f_k$.
""")
    b.given(r'''
weights = {"W_hf": 0.5, "W_xf": 0.8, "W0_f": 2.0,
           "W_hi": -0.7, "W_xi": 0.6, "W0_i": -1.0,
           "W_ho": 6.0, "W_xo": -0.4, "W0_o": 0.3,
           "W_hc": 1.1, "W_xc": 0.9, "W0_c": 0.0}
X = [0.5, -1.0, 0.3, 0.8, -0.2, 1.2, -0.7, 0.4, 0.0, -1.5, 0.9, 0.6]
''')
    b.value("cell_path_value", None, r'''
cell_path_value = None
### BEGIN SOLUTION
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

w = weights
h, C, forget = 0.0, 0.0, []
for x_t in X:
    f = sigmoid(w["W_hf"] * h + w["W_xf"] * x_t + w["W0_f"])
    i = sigmoid(w["W_hi"] * h + w["W_xi"] * x_t + w["W0_i"])
    o = sigmoid(w["W_ho"] * h + w["W_xo"] * x_t + w["W0_o"])
    g = np.tanh(w["W_hc"] * h + w["W_xc"] * x_t + w["W0_c"])
    C = f * C + i * g
    h = o * np.tanh(C)
    forget.append(f)
cell_path_value = float(np.prod(forget[2:]))
### END SOLUTION
''')
    b.md(r"""
How fast does the cell path fade when the forget gate sits at $\sigma(b_f)$? With a bias
of 0 the factor halves at every step; a bias of 1 or 2 keeps it alive for far longer. This
is why LSTM implementations often start the forget-gate bias at 1.
""")
    b.given(r'''
steps = np.arange(0, 41)
if plt is None:
    print("(no figure: matplotlib is not installed in this kernel)")
else:
    fig, ax = plt.subplots(figsize=(6, 3))
    for bias in (0.0, 1.0, 2.0, 4.0):
        f = 1.0 / (1.0 + np.exp(-bias))
        ax.semilogy(steps, f ** steps, label=f"b_f = {bias:g} (f = {f:.2f})")
    ax.set_xlabel("steps back along the cell path")
    ax.set_ylabel("factor")
    ax.legend()
    plt.show()
''')
    b.md(r"""
## Part B: a path that goes around the forget gate

$C_{t-1}$ also reaches $C_t$ indirectly: it shapes $h_{t-1}$, which feeds the forget gate
$f_t$, which multiplies $C_{t-1}$ in $C_t$.
""")
    b.expression("implicit_path", "implicit_path", r"Path $C_{t-1}\to h_{t-1}\to f_t\to C_t$.",
                 "o_tm1*(1 - tanh(C_tm1)**2) * W_hf*f_t*(1 - f_t) * C_tm1")
    b.md("## Part C: a path along which the gradient can explode")
    b.expression("output_path", "output_path",
                 r"One step of the path $h_{t-1}\to o_t\to h_t$. Repeating it $k$ times multiplies "
                 "$k$ such factors.", r"W^{ho} o_t (1 - o_t) \tanh(C_t)")
    q = b.spec.question("output_path_bound")
    b.value("output_path_bound", (
        f"**{q.title}** ({q.points:g} points). Since $o_t(1-o_t)\\le 1/4$ and $|\\tanh(C_t)|\\le 1$, "
        "each factor is at most $|W^{ho}|/4$ in size. Set `output_path_bound` to the bound over "
        "`k = 10` steps for the given `weights` (a float). Above 1 per step, the bound grows "
        "exponentially with k: nothing in the LSTM prevents this path from exploding."), r'''
k = 10
output_path_bound = None
### BEGIN SOLUTION
output_path_bound = float((abs(weights["W_ho"]) / 4.0) ** k)
### END SOLUTION
''')
    b.md(r"""
## Part D: gradient clipping

The usual remedy for exploding gradients is to rescale them when they get too large.
Implement `clip_by_global_norm(grads, max_norm)`: `grads` is a list of numpy arrays (the
gradients of all parameters). Their **global** norm is the square root of the sum of all
their squared entries. If it exceeds `max_norm`, return every array multiplied by
`max_norm / norm` (the direction of the whole gradient is kept and its norm becomes
`max_norm`); otherwise return them unchanged. Return a list of arrays of the same shapes,
and make sure an all-zero gradient does not produce NaN.
""")
    b.code("clipping", "", r'''
def clip_by_global_norm(grads, max_norm):
    """Rescale the list of arrays `grads` so that their global norm is at most max_norm."""
    ### BEGIN SOLUTION
    norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    if norm <= max_norm:
        return [np.array(g, dtype=float) for g in grads]
    scale = max_norm / norm
    return [g * scale for g in grads]
    ### END SOLUTION
''')
    b.manual("why_clip", r"""
In a few sentences: why is it acceptable that the cell path's gradient fades when the
forget gates are small, and why does an LSTM still need clipping?
""", r"""
The cell path multiplies by the forget gates, the same numbers that decided in the forward
pass how much of $C_k$ survived into later cells. If the forget gates were small, $C_k$ had
little influence on the later loss, so a small gradient is the right answer, not a failure;
when they are near 1 the path carries the gradient back almost undamaged. Other paths, such
as $h_{t-1}\to o_t\to h_t$ repeated over many steps, multiply factors of size up to
$|W^{ho}|/4$, which can exceed 1, so their contribution can grow exponentially and one such
path is enough for the whole gradient to explode. Clipping bounds the size of each update
while keeping its direction.
""")
