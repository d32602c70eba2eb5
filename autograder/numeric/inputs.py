"""Seeded random inputs. Each student gets their own numbers, always the same ones.

Within one set of sizes all dimensions differ (N, D, H, the stacked G·H and T), so a transposed or
mis-indexed array fails loudly; initial states and upstream gradients are non-zero at every
step (a zero cell hides forget-gate bugs, T=1 hides recurrence bugs). Every function is
checked at several sets of sizes, drawn per student: the main one, a long sequence (a
backward that truncates BPTT to a fixed window fails there) and an odd batch (code that
assumes the grader's batch size fails there).
"""
from __future__ import annotations

import dataclasses
import hashlib

import numpy as np

N, D, H = 3, 5, 4
T_MAIN, T_SHORT = 7, 2


@dataclasses.dataclass(frozen=True)
class Sizes:
    N: int = N
    D: int = D
    H: int = H
    T: int = T_MAIN

    def describe(self, sequence: bool) -> str:
        return f"N={self.N}, D={self.D}, H={self.H}" + (f", T={self.T}" if sequence else "")


MAIN = Sizes()

# (N, D, H, T) choices of each set; the draw repeats until all dimensions differ
_CHOICES = {
    "main": ((2, 3, 4), (5, 6), (3, 4, 7), (6, 7, 8, 9)),
    "long sequence": ((2, 3), (5, 6), (3, 4), (23, 26, 29, 31)),
    "odd batch": ((5, 7, 9), (3, 6), (2, 4), (2, 3, 4)),
}


def seed_for(assignment: str, student_id: str | None) -> int:
    digest = hashlib.sha256(f"{assignment}\0{student_id or 'anonymous'}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def make_rng(assignment: str, student_id: str | None, purpose: str = "") -> np.random.Generator:
    return np.random.default_rng([seed_for(assignment, student_id), seed_for(purpose, "")])


def sizes_for(assignment: str, student_id: str | None, gates: int) -> dict[str, Sizes]:
    """The student's sets of sizes, by name ('main' first), deterministic given the id."""
    rng = make_rng(assignment, student_id, "sizes")
    out = {}
    for name, (ns, ds, hs, ts) in _CHOICES.items():
        while True:
            s = Sizes(*(int(rng.choice(c)) for c in (ns, ds, hs, ts)))
            dims = [s.N, s.D, s.H, s.T] + ([gates * s.H] if gates > 1 else [])
            if len(set(dims)) == len(dims):
                out[name] = s
                break
    return out


def forward_inputs(asg, spec, rng, T: int | None = None, sizes: Sizes = MAIN) -> dict:
    """Named inputs for forward function `spec` of assignment layout `asg`, in its signature
    order, shaped as declared. Stacked weights are drawn first; scaled by their layout's
    `scale` ("fan_in": 1/sqrt(rows)) so pre-activations are O(1): no saturation, no linear
    regime."""
    if T is not None:
        sizes = dataclasses.replace(sizes, T=T)
    dims = {"N": sizes.N, "T": sizes.T, "D": sizes.D, "H": sizes.H, "G*H": asg.n_gates * sizes.H}
    out = {}
    stacked_first = sorted(range(len(spec.inputs)), key=lambda k: "G*H" not in spec.shapes[k])
    for k in stacked_first:
        name = spec.inputs[k]
        shape = tuple(dims[a] for a in spec.shapes[k])
        scale = asg.scale(name)
        if scale == "fan_in":
            out[name] = rng.normal(size=shape) / np.sqrt(shape[0])
        else:
            out[name] = rng.normal(scale=scale, size=shape)
    return {name: out[name] for name in spec.inputs}


def upstream(shapes: list[tuple], rng) -> list[np.ndarray]:
    """Random upstream gradients, one per non-cache forward output."""
    return [rng.normal(size=s) for s in shapes]
