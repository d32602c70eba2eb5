"""Numbers of assignment `lstm_gradient_flow`: a univariate LSTM run over a given sequence.

The cell-state path from C_k to C_T multiplies the forget gates f_{k+1} ... f_T; the
output-gate path multiplies, per step, W_ho * o_t * (1 - o_t) * tanh(C_t), whose size is at
most |W_ho| / 4 (sigmoid slope at most 1/4, |tanh| at most 1).
"""
from __future__ import annotations

import math

# the notebook's given network and sequence
WEIGHTS = {"W_hf": 0.5, "W_xf": 0.8, "W0_f": 2.0,
           "W_hi": -0.7, "W_xi": 0.6, "W0_i": -1.0,
           "W_ho": 6.0, "W_xo": -0.4, "W0_o": 0.3,
           "W_hc": 1.1, "W_xc": 0.9, "W0_c": 0.0}
X = [0.5, -1.0, 0.3, 0.8, -0.2, 1.2, -0.7, 0.4, 0.0, -1.5, 0.9, 0.6]
K_FROM = 2          # the path starts at C_2 and ends at C_T (T = len(X)), 1-based steps
BOUND_STEPS = 10    # number of steps of the output-gate path in the bound question


def _sigma(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def forward(w=WEIGHTS, xs=X, h0=0.0, c0=0.0) -> dict:
    """Forget gates, cells and hidden states at steps 1..T (lists indexed from 0)."""
    h, c = h0, c0
    out = {"f": [], "C": [], "h": []}
    for x in xs:
        f = _sigma(w["W_hf"] * h + w["W_xf"] * x + w["W0_f"])
        i = _sigma(w["W_hi"] * h + w["W_xi"] * x + w["W0_i"])
        o = _sigma(w["W_ho"] * h + w["W_xo"] * x + w["W0_o"])
        g = math.tanh(w["W_hc"] * h + w["W_xc"] * x + w["W0_c"])
        c = f * c + i * g
        h = o * math.tanh(c)
        out["f"].append(f)
        out["C"].append(c)
        out["h"].append(h)
    return out


def cell_path_value(seed=None) -> float:
    """dC_T/dC_k along the cell path only: f_{k+1} * ... * f_T."""
    f = forward()["f"]
    return float(math.prod(f[K_FROM:]))   # steps K_FROM+1 .. T are indices K_FROM .. T-1


def output_path_bound(seed=None) -> float:
    """(|W_ho| / 4) ** k: the largest the output-gate path can be over k steps."""
    return float((abs(WEIGHTS["W_ho"]) / 4.0) ** BOUND_STEPS)
