"""Localising a wrong answer: which output, which gate block, which timestep, which bug.

Every function here compares plain arrays computed in the trusted process; the student's
numbers come in as arguments. Each returns plain data plus sentences for feedback.
"""
from __future__ import annotations

import numpy as np

from . import mutants
from .tolerances import FIT_RESIDUAL, REFERENCE, match, rel_error


def _blocks(a: np.ndarray, n: int, axis: int) -> list[np.ndarray]:
    return np.split(a, n, axis=axis)


def gate_blocks(student: np.ndarray, reference: np.ndarray, gates, axis: int = -1) -> dict:
    """Relative error of each gate's block of a stacked array (split along `axis`)."""
    s, r = _blocks(student, len(gates), axis), _blocks(reference, len(gates), axis)
    return {g: rel_error(a, b) for g, a, b in zip(gates, s, r)}


def gate_order(student: np.ndarray, reference: np.ndarray, n: int, axis: int = -1):
    """If the student's gate blocks are the reference's in another order, that order."""
    s, r = _blocks(student, n, axis), _blocks(reference, n, axis)
    for perm in mutants.gate_permutations(n):
        if match(s, [r[k] for k in perm]):
            return perm
    return None


def timesteps(student: np.ndarray, reference: np.ndarray, axis: int = 1) -> list[int]:
    """Steps t (along `axis`) where an array with a time axis disagrees with the reference."""
    s, r = np.moveaxis(student, axis, 0), np.moveaxis(reference, axis, 0)
    return [t for t in range(r.shape[0]) if rel_error(s[t], r[t]) > REFERENCE]


def forward_gate_order(asg, fspec, student_out, ref_forward, inputs: dict):
    """Does the student's forward equal the reference with the gate blocks reordered?"""
    n, axis = asg.n_gates, asg.stack_axis
    stacked = [nm for nm, axes in zip(fspec.inputs, fspec.shapes) if "G*H" in axes]
    for perm in mutants.gate_permutations(n):
        permuted = dict(inputs)
        for name in stacked:
            blocks = _blocks(inputs[name], n, axis)
            permuted[name] = np.concatenate([blocks[perm.index(k)] for k in range(n)], axis=axis)
        ref = ref_forward(**permuted)
        if match(student_out, ref[:-1]):
            return perm
    return None


def catalogue(asg, spec, student: list, upstream: list, ref_cache, ref_grads: list,
              on_probe=None) -> list[dict]:
    """Single edits of the solution's backward whose gradients equal the student's (all of
    them, to tolerance), each with where its numbers differ from the reference. Of edits
    that give the same numbers, the first one found speaks.

    `on_probe(x, upstream)`, the student's gradients on other inputs, narrows the search:
    the mutants' gradients on the mutants' own probe are known, so one more student call
    leaves the few edits worth running on this student's inputs (rather than all of them).
    A probe that fails narrows nothing."""
    found, seen = [], []
    step_args = None
    probe = None
    if on_probe is not None:
        fixed = mutants.made(asg, spec)
        try:
            probe = tuple(on_probe(fixed.x, fixed.upstream))
        except Exception:       # the student's code on the probe's shapes says nothing here
            probe = None
    for m in mutants.candidates(asg, spec, mutants.pattern(asg, spec, student, ref_grads), probe):
        grads = _run(getattr(m.namespace, spec.name), upstream, ref_cache)
        if grads is None or len(grads) != len(student) or any(
                np.shape(g) != np.shape(s) for g, s in zip(grads, student)):
            continue
        if not match(student, grads):
            continue
        if match(grads, ref_grads) or any(match(grads, other) for other in seen):
            continue            # changes nothing here, or the same numbers as an edit already found
        seen.append(grads)
        where = ""
        if m.function != spec.name:     # an edit of the step backward: where it shows in one step
            if step_args is None:
                step_args = mutants.step_calls(asg, spec, upstream, ref_cache)
            step = asg.spec(m.function)
            if step_args:
                ref_step = _run(getattr(asg.reference, m.function), step_args[0][:-1], step_args[0][-1])
                bad_step = _run(getattr(m.namespace, m.function), step_args[0][:-1], step_args[0][-1])
                if ref_step is not None and bad_step is not None:
                    where = locate(asg, step, bad_step, ref_step)
            where = f" in {m.function}{where}; in {spec.name}" + locate(asg, spec, grads, ref_grads)[1:]
        else:
            where = locate(asg, spec, grads, ref_grads)
        found.append({"bug": m.key, "kind": m.kind, "message": m.message + where})
    return found


def _run(fn, upstream, cache):
    try:
        with np.errstate(all="ignore"):
            return fn(*upstream, cache)
    except Exception:       # an edit that does not run on these shapes says nothing
        return None


def locate(asg, spec, grads, ref_grads) -> str:
    """Where a set of gradients differs from the reference, in the layout's words:
    which outputs, which gate blocks of the stacked ones, from which timestep."""
    axes = asg.gradient_axes(spec)
    wrong = [g for g, a, r in zip(spec.outputs, grads, ref_grads) if rel_error(a, r) > REFERENCE]
    if not wrong:
        return ""
    parts = [f": it changes {', '.join(wrong)}"]
    gates = set()
    if asg.n_gates > 1:
        for g, a, r in zip(spec.outputs, grads, ref_grads):
            if g in wrong and "G*H" in axes[g]:
                gates |= {k for k, e in gate_blocks(a, r, asg.gates, _axis(axes[g], "G*H")).items()
                          if e > REFERENCE}
        if gates and len(gates) < asg.n_gates:
            parts.append(f" (the {', '.join(k for k in asg.gates if k in gates)} gate block"
                         f"{'s' if len(gates) > 1 else ''})")
    for g, a, r in zip(spec.outputs, grads, ref_grads):
        if g in wrong and "T" in axes[g]:
            steps = timesteps(a, r, _axis(axes[g], "T"))
            if steps:
                parts.append(f"; {g} is wrong at step{'s' if len(steps) > 1 else ''} t={steps}")
            break
    return "".join(parts)


def _axis(axes: tuple, letter: str) -> int:
    return axes.index(letter)


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


def pulse_report(student_backward, ref_backward, dh: np.ndarray, t_axis: int = 1, dx_axis: int = 1) -> dict:
    """Upstream gradient at one step at a time: which pulses give a wrong first gradient
    (the one with a time axis), and at which steps."""
    bad = {}
    for t in range(dh.shape[t_axis]):
        pulse = np.zeros_like(dh)
        index = [slice(None)] * dh.ndim
        index[t_axis] = t
        pulse[tuple(index)] = dh[tuple(index)]
        s, r = student_backward(pulse), ref_backward(pulse)
        wrong = timesteps(s[0], r[0], dx_axis)
        if wrong or any(rel_error(a, b) > REFERENCE for a, b in zip(s[1:], r[1:])):
            bad[t] = wrong
    return bad
