"""The per-timestep components of dL3/dWx in assignment `lstm_numpy`.

L3 is the loss term of the third (last) step only: L3 = sum(dout[:, 2] * h[:, 2]). Its
gradient with respect to the shared Wx is the sum of what each step's use of Wx
contributes; component j is the Frobenius norm of step j's share (j = 0, 1, 2). The inputs
are the student's own, drawn from the seed of `autograder.value_seed`.
"""
from __future__ import annotations

import numpy as np

from autograder.numeric import specs

N, D, T, H = 2, 3, 3, 2


def experiment_inputs(seed: int):
    """The arrays of the notebook's experiment cell, in the same order of random draws."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, T, D))
    h0 = rng.normal(size=(N, H))
    Wx = rng.normal(size=(D, 4 * H))
    Wh = rng.normal(size=(H, 4 * H))
    b = rng.normal(size=4 * H)
    dout = rng.normal(size=(N, T, H))
    return x, h0, Wx, Wh, b, dout


def components(seed: int) -> list[float]:
    x, h0, Wx, Wh, b, dout = experiment_inputs(seed)
    ref = specs.get("lstm_numpy").reference      # the solution's own functions
    _, caches = ref.lstm_forward(x, h0, Wx, Wh, b)
    dnext_h, dnext_c = dout[:, T - 1], np.zeros((N, H))
    out = [0.0] * T
    for j in reversed(range(T)):
        _, dnext_h, dnext_c, dWx_j, _, _ = ref.lstm_step_backward(dnext_h, dnext_c, caches[j])
        out[j] = float(np.linalg.norm(dWx_j))
    return out


def component_0(seed: int) -> float:
    return components(seed)[0]


def component_1(seed: int) -> float:
    return components(seed)[1]


def component_2(seed: int) -> float:
    return components(seed)[2]
