"""The vanishing-gradient experiment of assignment `rnn_bptt`.

A tanh RNN runs over T = 20 steps; the loss sees only the last hidden state. The student
measures how the gradient reaching each input x_t shrinks as t moves away from T, and
relates the shrinking to the largest eigenvalue magnitude of the recurrent matrix Wh. The
inputs are the student's own, drawn from the seed of `autograder.value_seed`.
"""
from __future__ import annotations

import numpy as np

from autograder.numeric import specs

N, T, D, H = 4, 20, 3, 6


def experiment_inputs(seed: int):
    """The arrays of the notebook's experiment cell, in the same order of random draws."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, T, D))
    h0 = rng.normal(scale=0.5, size=(N, H))
    Wx = rng.normal(scale=0.5, size=(D, H))
    Wh = 0.3 * rng.normal(size=(H, H))
    b = rng.normal(scale=0.1, size=H)
    dh = np.zeros((N, T, H))
    dh[:, -1] = rng.normal(size=(N, H))
    return x, h0, Wx, Wh, b, dh


def gradient_norms(x, h0, Wx, Wh, b, dh) -> np.ndarray:
    """||dL/dx_t|| for every step t (Frobenius norm over the batch and features)."""
    ref = specs.get("rnn_bptt").reference      # the solution's own functions
    _, cache = ref.rnn_forward(x, h0, Wx, Wh, b)
    dx = ref.rnn_backward(dh, cache)[0]
    return np.linalg.norm(dx, axis=(0, 2))


def spectral_radius(seed: int) -> float:
    Wh = experiment_inputs(seed)[3]
    return float(np.max(np.abs(np.linalg.eigvals(Wh))))


def gradient_ratio(seed: int) -> float:
    """||dL/dx_1|| / ||dL/dx_T||: how much the gradient shrank over T - 1 steps back."""
    norms = gradient_norms(*experiment_inputs(seed))
    return float(norms[0] / norms[-1])
