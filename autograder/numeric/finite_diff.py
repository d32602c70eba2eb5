"""Central differences along random directions.

Instead of two forward calls per parameter entry, compare <grad, v> with
(L(x + eps v) - L(x - eps v)) / (2 eps) for a few random unit directions v per input.
"""
from __future__ import annotations

import numpy as np

from .tolerances import FD_EPS, rel_error


def directional_errors(loss, inputs: dict, grads: dict, rng, n_dirs: int = 2,
                       eps: float = FD_EPS) -> dict:
    """Relative error per input name between analytic and numeric directional derivatives.

    `loss(inputs) -> float` evaluates the scalar objective; `grads[name]` is the claimed
    gradient of that objective with respect to `inputs[name]`."""
    out = {}
    for name, grad in grads.items():
        x = inputs[name]
        analytic, numeric = [], []
        for _ in range(n_dirs):
            v = rng.normal(size=x.shape)
            v /= np.linalg.norm(v)
            plus, minus = dict(inputs), dict(inputs)
            plus[name], minus[name] = x + eps * v, x - eps * v
            numeric.append((loss(plus) - loss(minus)) / (2 * eps))
            analytic.append(float(np.sum(grad * v)))
        out[name] = rel_error(analytic, numeric)
    return out
