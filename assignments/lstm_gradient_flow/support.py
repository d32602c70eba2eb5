"""The instructor's code of assignment `lstm_gradient_flow`: its numbers and its clipping.

The value questions run a univariate LSTM over a given sequence.

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


# -- Part D: gradient clipping by the global norm (the function question `clipping`) ------
# clip_by_global_norm(grads, max_norm): `grads` is a list of arrays (the gradients of several
# parameters); their global norm is sqrt(sum of every array's squared entries); above
# `max_norm` every array is multiplied by max_norm / norm, otherwise they come back unchanged.

SHAPES = ((4, 3), (3,), (2, 5))     # all different, as the parameters of a small network


def _global_norm(grads) -> float:
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))


def clip_by_global_norm(grads, max_norm):
    norm = _global_norm(grads)
    if norm <= max_norm:
        return [g.copy() for g in grads]
    return [g * (max_norm / norm) for g in grads]


def _scaled(rng, shapes, norm):
    gs = [rng.normal(size=s) for s in shapes]
    total = np.sqrt(sum(np.sum(g * g) for g in gs))
    return [g * (norm / total) for g in gs]


def clipping_cases(rng) -> dict:
    """The arguments of each case of assignment.toml, drawn from the student's `rng`."""
    m = float(rng.uniform(1.0, 5.0))
    # several arrays, each below the threshold on its own, jointly above it
    joint = _scaled(rng, SHAPES, 1.6 * m)
    while max(np.linalg.norm(g) for g in joint) >= m:
        joint = _scaled(rng, SHAPES, 1.6 * m)
    return {
        "norm below the threshold: unchanged": [_scaled(rng, SHAPES, 0.4 * m), m],
        "norm above the threshold: rescaled to it, direction kept": [_scaled(rng, SHAPES, 7.0 * m), m],
        "zero gradient: returned as zeros, no NaN": [[np.zeros(s) for s in SHAPES], m],
        "global norm over several arrays, not each array on its own": [joint, m],
        "a single array above the threshold": [_scaled(rng, SHAPES[:1], 3.0 * m), m],
    }


# the common mistakes, each as the function a student who makes it writes

def clip_each_array(grads, max_norm):
    return [g * min(1.0, max_norm / np.linalg.norm(g)) if np.linalg.norm(g) > 0 else g for g in grads]


def clip_entries(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads]


def rescale_always(grads, max_norm):
    norm = _global_norm(grads)
    return [g * (max_norm / norm) for g in grads] if norm > 0 else [g.copy() for g in grads]


def never_clip(grads, max_norm):
    return [g.copy() for g in grads]


def explain_clipping(args, got) -> str:
    """What is off when no common mistake explains the result (never the expected numbers)."""
    grads, m = args
    norm = _global_norm(grads)
    got_norm = _global_norm(got)
    if norm > m and abs(got_norm - m) > 1e-6 * m:
        return f"after clipping, the global norm should equal the threshold; yours is {got_norm / m:.3g} times it"
    return "the result differs from the clipped gradient"
