"""Numbers of assignment `lstm_gradient_flow`: a univariate LSTM run over a given sequence.

The cell-state path from C_k to C_T multiplies the forget gates f_{k+1} ... f_T; the
output-gate path multiplies, per step, W_ho * o_t * (1 - o_t) * tanh(C_t), whose size is at
most |W_ho| / 4 (sigmoid slope at most 1/4, |tanh| at most 1).
"""
from __future__ import annotations

import math

import numpy as np

NAMES = ("W_hf", "W_xf", "W0_f", "W_hi", "W_xi", "W0_i", "W_ho", "W_xo", "W0_o", "W_hc", "W_xc", "W0_c")
STEPS = 12          # T, the length of the input sequence
K_FROM = 2          # the path starts at C_2 and ends at C_T, 1-based steps


def experiment_inputs(seed: int):
    """The notebook's network, sequence and k, in the same order of random draws: weights in
    [-1.5, 1.5] rounded to 2 decimals, a forget-gate bias that keeps the gate mostly open,
    an output-gate weight above 4 in size (so the output path can explode), k in 8..12."""
    rng = np.random.default_rng(seed)
    weights = {n: round(float(v), 2) for n, v in zip(NAMES, rng.uniform(-1.5, 1.5, size=len(NAMES)))}
    weights["W0_f"] = round(float(rng.uniform(1.0, 3.0)), 2)
    weights["W_ho"] = round(float(rng.choice([-1.0, 1.0]) * rng.uniform(4.5, 8.0)), 2)
    X = [round(float(v), 2) for v in rng.uniform(-1.5, 1.5, size=STEPS)]
    k = int(rng.integers(8, 13))
    return weights, X, k


def _sigma(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def forward(w: dict, xs: list, h0=0.0, c0=0.0) -> dict:
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


def cell_path_value(seed: int) -> float:
    """dC_T/dC_k along the cell path only: f_{k+1} * ... * f_T."""
    weights, xs, _ = experiment_inputs(seed)
    f = forward(weights, xs)["f"]
    return float(math.prod(f[K_FROM:]))   # steps K_FROM+1 .. T are indices K_FROM .. T-1


def output_path_bound(seed: int) -> float:
    """(|W_ho| / 4) ** k: the largest the output-gate path can be over k steps."""
    weights, _, k = experiment_inputs(seed)
    return float((abs(weights["W_ho"]) / 4.0) ** k)
