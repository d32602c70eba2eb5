"""Localising a wrong answer: which output, which gate block, which timestep, which bug.

Every function here compares plain arrays computed in the trusted process; the student's
numbers come in as arguments. Each returns plain data plus sentences for feedback.
"""
from __future__ import annotations

import numpy as np

from autograder.models.numpy_lstm import GATES

from . import mutants
from .tolerances import FIT_RESIDUAL, MUTANT_MATCH, REFERENCE, rel_error


def gate_blocks(student: np.ndarray, reference: np.ndarray) -> dict:
    """Relative error of each gate's H columns (last axis split in four: i, f, o, g)."""
    s, r = np.split(student, 4, axis=-1), np.split(reference, 4, axis=-1)
    return {g: rel_error(a, b) for g, a, b in zip(GATES, s, r)}


def gate_order(student: np.ndarray, reference: np.ndarray):
    """If the student's gate blocks are the reference's in another order, that order."""
    s, r = np.split(student, 4, axis=-1), np.split(reference, 4, axis=-1)
    for perm in mutants.gate_permutations():
        if all(rel_error(s[k], r[perm[k]]) < MUTANT_MATCH for k in range(4)):
            return perm
    return None


def timesteps(student: np.ndarray, reference: np.ndarray) -> list[int]:
    """Steps t (axis 1) where a (N, T, ...) array disagrees with the reference."""
    return [t for t in range(reference.shape[1]) if rel_error(student[:, t], reference[:, t]) > REFERENCE]


def forward_gate_order(student_out, ref_forward, inputs: dict):
    """Does the student's forward equal the reference with the gate blocks reordered?"""
    for perm in mutants.gate_permutations():
        permuted = dict(inputs)
        for name in ("Wx", "Wh", "b"):
            blocks = np.split(inputs[name], 4, axis=-1)
            permuted[name] = np.concatenate([blocks[perm.index(k)] for k in range(4)], axis=-1)
        ref = ref_forward(**permuted)
        if all(rel_error(a, b) < MUTANT_MATCH for a, b in zip(student_out, ref[:-1])):
            return perm
    return None


def catalogue(assignment: str, spec, student: list, upstream: list, ref_cache) -> list[dict]:
    """Catalogued bugs whose gradients equal the student's (all of them, to tolerance)."""
    lstm = assignment == "lstm_numpy"
    found = []
    for key, message, step_bug, loop_bug in mutants.candidates(assignment, spec.sequence):
        if spec.sequence:
            grads = mutants.sequence(lstm, upstream[0], ref_cache, step_bug, loop_bug)
        elif lstm:
            grads = mutants.lstm_step(*upstream, ref_cache, step_bug)
        else:
            grads = mutants.rnn_step(*upstream, ref_cache, step_bug)
        if all(rel_error(s, m) < MUTANT_MATCH for s, m in zip(student, grads)):
            found.append({"bug": key, "message": message})
    return found


def fit_over_time(student_dW: np.ndarray, contributions: list[np.ndarray], name: str) -> dict | None:
    """Fit the student's dW as sum_t a_t * (reference contribution of step t).

    Coefficients all 1: correct. One 1 and the rest 0: overwritten instead of accumulated.
    A 0 among 1s: a skipped step. 2 or -1: double-counted or sign. None when no exact fit."""
    A = np.stack([c.ravel() for c in contributions], axis=1)
    y = student_dW.ravel()
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    if rel_error(A @ coef, y) > FIT_RESIDUAL or np.linalg.matrix_rank(A) < A.shape[1]:
        return None
    coef = np.round(coef, 6)
    T = len(coef)
    result = {"gradient": name, "coefficients": coef.tolist(), "message": None}
    ones = np.isclose(coef, 1.0, atol=1e-4)
    zeros = np.isclose(coef, 0.0, atol=1e-4)
    if ones.all():
        return result
    if ones.sum() == 1 and (ones | zeros).all():
        kept = int(np.flatnonzero(ones)[0])
        result["message"] = (f"{name} is overwritten at each step instead of accumulated "
                             f"(only step t={kept} of 0..{T - 1} survives)")
    elif (ones | zeros).all():
        skipped = np.flatnonzero(zeros).tolist()
        result["message"] = f"{name} leaves out the contribution of step(s) t={skipped}"
    elif np.allclose(coef, coef[0], atol=1e-4):
        result["message"] = f"{name} is {coef[0]:g} times the correct sum over time"
    else:
        result["message"] = f"{name} weights the steps' contributions by {np.round(coef, 3).tolist()} instead of all 1"
    return result


def pulse_report(student_backward, ref_backward, dh: np.ndarray) -> dict:
    """Upstream gradient at one step at a time: which pulses give a wrong dx, and where."""
    bad = {}
    for t in range(dh.shape[1]):
        pulse = np.zeros_like(dh)
        pulse[:, t] = dh[:, t]
        s, r = student_backward(pulse), ref_backward(pulse)
        wrong = timesteps(s[0], r[0])
        if wrong or any(rel_error(a, b) > REFERENCE for a, b in zip(s[1:], r[1:])):
            bad[t] = wrong
    return bad
