"""Seeded random inputs. Each student gets their own numbers, always the same ones.

All sizes differ (N=3, D=5, H=4, 4H=16, T=7 and T=2) so a transposed or mis-indexed
array fails loudly; initial states and upstream gradients are non-zero at every step
(a zero cell hides forget-gate bugs, T=1 hides recurrence bugs).
"""
from __future__ import annotations

import hashlib

import numpy as np

N, D, H = 3, 5, 4
T_MAIN, T_SHORT = 7, 2


def seed_for(assignment: str, student_id: str | None) -> int:
    digest = hashlib.sha256(f"{assignment}\0{student_id or 'anonymous'}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def make_rng(assignment: str, student_id: str | None, purpose: str = "") -> np.random.Generator:
    return np.random.default_rng([seed_for(assignment, student_id), seed_for(purpose, "")])


def parameters(rng, gates: int) -> dict:
    """Weights scaled so pre-activations are O(1): no saturation, no linear regime."""
    return {"Wx": rng.normal(size=(D, gates * H)) / np.sqrt(D),
            "Wh": rng.normal(size=(H, gates * H)) / np.sqrt(H),
            "b": rng.normal(scale=0.5, size=gates * H)}


def forward_inputs(spec, rng, gates: int, T: int = T_MAIN) -> dict:
    """Named inputs for a forward function, in its signature order."""
    p = parameters(rng, gates)
    out = {}
    for name in spec.inputs:
        if name == "x":
            out["x"] = rng.normal(size=(N, T, D) if spec.sequence else (N, D))
        elif name in ("prev_h", "h0"):
            out[name] = rng.normal(scale=0.7, size=(N, H))
        elif name == "prev_c":
            out[name] = rng.normal(size=(N, H))
        else:
            out[name] = p[name]
    return out


def upstream(shapes: list[tuple], rng) -> list[np.ndarray]:
    """Random upstream gradients, one per non-cache forward output."""
    return [rng.normal(size=s) for s in shapes]
