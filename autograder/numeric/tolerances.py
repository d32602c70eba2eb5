"""Tolerances, all on whole-array relative error ||a - b|| / (||a|| + ||b||).

Measured (tests/numeric/test_margins.py): correct float64 code sits near 1e-16 against
the reference and near 1e-10 against central differences; the smallest error among the
catalogued bugs is above 1e-3. Every threshold sits orders of magnitude from both.
"""
from __future__ import annotations

import numpy as np

REFERENCE = 1e-6      # student output vs float64 reference (float32 students still pass)
FINITE_DIFF = 1e-5    # <grad, v> vs central difference of the student's own forward
FD_EPS = 1e-5         # step of the central difference (error ~ eps^2 + 1e-16/eps)
LINEARITY = 1e-8      # backward(a u + b w) vs a backward(u) + b backward(w)
REPEAT = 1e-12        # two identical calls
MUTANT_MATCH = 1e-6   # a student's gradients "are" a catalogued bug's gradients
FIT_RESIDUAL = 1e-6   # least-squares fit of dW over per-step contributions is exact


def rel_error(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return float("inf")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def match(arrays, others) -> bool:
    """Each array equals its counterpart within MUTANT_MATCH: the same mistake's numbers."""
    return all(rel_error(a, b) < MUTANT_MATCH for a, b in zip(arrays, others))
