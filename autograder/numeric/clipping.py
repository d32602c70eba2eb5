"""Checker of assignment `lstm_gradient_flow`: gradient clipping by the global norm.

The pinned function is `clip_by_global_norm(grads, max_norm) -> list of arrays`: `grads`
is a list of arrays (the gradients of several parameters), the global norm is
sqrt(sum of every array's squared entries); when it exceeds `max_norm` every array is
multiplied by max_norm / norm, otherwise the arrays come back unchanged.

The result has the same shape as `grade_py.grade_source`. Student code runs only in a
sandbox worker; the cases, expected arrays and scores are all made here.
"""
from __future__ import annotations

import time

import numpy as np

from autograder.sandbox import BadValue, Limits, Sandbox, SandboxError, SandboxUnavailable, Zygote

from . import checks
from .inputs import make_rng
from .tolerances import REFERENCE, rel_error

ASSIGNMENT = "lstm_gradient_flow"
FUNCTION = "clip_by_global_norm"
POINTS = 10.0
SHAPES = ((4, 3), (3,), (2, 5))     # all different, as the parameters of a small network


def reference(grads, max_norm):
    norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))
    if norm <= max_norm:
        return [g.copy() for g in grads]
    return [g * (max_norm / norm) for g in grads]


def _scaled(rng, shapes, norm):
    gs = [rng.normal(size=s) for s in shapes]
    total = np.sqrt(sum(np.sum(g * g) for g in gs))
    return [g * (norm / total) for g in gs]


# cases that returning the input unchanged (or zeros) passes: they count only on top of the
# cases that need the clipping done (credit.py's "passive_cases" rule)
PASSIVE = ("norm below the threshold: unchanged", "zero gradient: returned as zeros, no NaN")


def cases(student_id):
    """(name, weight, grads, max_norm)."""
    rng = make_rng(ASSIGNMENT, student_id, FUNCTION)
    m = float(rng.uniform(1.0, 5.0))
    # several arrays, each below the threshold on its own, jointly above it
    joint = _scaled(rng, SHAPES, 1.6 * m)
    while max(np.linalg.norm(g) for g in joint) >= m:
        joint = _scaled(rng, SHAPES, 1.6 * m)
    return [
        ("norm below the threshold: unchanged", 0.25, _scaled(rng, SHAPES, 0.4 * m), m),
        ("norm above the threshold: rescaled to it, direction kept", 0.3, _scaled(rng, SHAPES, 7.0 * m), m),
        ("zero gradient: returned as zeros, no NaN", 0.15, [np.zeros(s) for s in SHAPES], m),
        ("global norm over several arrays, not each array on its own", 0.2, joint, m),
        ("a single array above the threshold", 0.1, _scaled(rng, SHAPES[:1], 3.0 * m), m),
    ]


def _as_arrays(value, grads):
    if isinstance(value, np.ndarray) and len(grads) == 1 and value.shape == grads[0].shape:
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"returned {checks._describe(value)}; expected a list of {len(grads)} arrays")
    if len(value) != len(grads):
        raise ValueError(f"returned {len(value)} arrays for {len(grads)} gradients")
    out = []
    for k, (v, g) in enumerate(zip(value, grads)):
        if isinstance(v, BadValue) or not isinstance(v, np.ndarray):
            raise ValueError(f"item {k} of the result is {checks._describe(v)}; expected an array")
        if v.shape != g.shape:
            raise ValueError(f"item {k} of the result has shape {v.shape}; expected {g.shape}")
        out.append(v.astype(np.float64))
    return out


def _diagnose(name, grads, m, got) -> str:
    """A sentence naming the likely mistake (never the expected numbers)."""
    if not all(np.all(np.isfinite(a)) for a in got):
        return "the result contains NaN or inf: guard the division when the norm is zero"
    norm = np.sqrt(sum(np.sum(g * g) for g in grads))
    got_norm = np.sqrt(sum(np.sum(a * a) for a in got))
    per_array = [g * min(1.0, m / np.linalg.norm(g)) if np.linalg.norm(g) > 0 else g for g in grads]
    if all(rel_error(a, b) < REFERENCE for a, b in zip(got, per_array)):
        return ("each array was clipped on its own; clipping uses the norm of all the gradients "
                "together (the global norm)")
    if all(rel_error(a, np.clip(g, -m, m)) < REFERENCE for a, g in zip(got, grads)):
        return "the entries were clipped one by one; that changes the direction of the gradient"
    if norm > 0 and all(rel_error(a, g * (m / norm)) < REFERENCE for a, g in zip(got, grads)):
        return "the gradient was rescaled although its norm was already below the threshold"
    if norm > m and all(rel_error(a, g) < REFERENCE for a, g in zip(got, grads)):
        return "the gradient was returned unchanged although its norm exceeds the threshold"
    if norm > m and abs(got_norm - m) > 1e-6 * m:
        return f"after clipping, the global norm should equal the threshold; yours is {got_norm / m:.3g} times it"
    return "the result differs from the clipped gradient"


def _add(rep, name, ok, weight, message):
    if name in PASSIVE:
        rep.rule(name, "passive_cases", 1.0 if ok else 0.0, weight, message)
    else:
        rep.add(name, ok, weight, message)


def check_function(sb, student_id) -> checks.FunctionReport:
    rep = checks.FunctionReport(FUNCTION)
    wrong = {}
    for name, weight, grads, m in cases(student_id):
        try:
            value, _ = sb.call_full(FUNCTION, [g.copy() for g in grads], m, writable=True)
            got = _as_arrays(value, grads)
        except SandboxError as e:
            _add(rep, name, False, weight, e.message)
            rep.diagnosis.setdefault("failures", {})[name] = e.to_dict()
            continue
        except ValueError as e:
            _add(rep, name, False, weight, f"{FUNCTION} {e}")
            continue
        want = reference(grads, m)
        err = max(rel_error(a, b) for a, b in zip(got, want))
        if not grads[0].any():   # zero gradient: relative error is 0 only if exactly zero
            err = 0.0 if all(np.all(np.isfinite(a)) and not a.any() for a in got) else float("inf")
        ok = err < REFERENCE
        message = "" if ok else _diagnose(name, grads, m, got)
        _add(rep, name, ok, weight, message)
        if not ok:
            wrong[name] = message
            if message not in rep.feedback:
                rep.feedback.append(message)
    rep.diagnosis["wrong_cases"] = wrong
    return rep


def grade_source(source: str, student_id: str | None = None, *, filename: str = "submission.py",
                 zygote: Zygote | None = None, limits: Limits | None = None, plots_dir=None, deadline: float | None = None,
                 sandbox: Sandbox | None = None) -> dict:
    """Grade code text that defines clip_by_global_norm; same result shape as grade_py
    (and the same `deadline` and `sandbox`)."""
    from .grade_py import _open, _output, _release

    started = time.monotonic()
    sb, restarts_before = _open(sandbox, limits, zygote, deadline)
    try:
        try:
            if sandbox is None:
                sb.load_source(source, filename)
        except SandboxUnavailable:
            raise
        except SandboxError as e:
            rep = checks.FunctionReport(FUNCTION, error=f"the submission could not be loaded: {e.message}")
            rep.diagnosis["failure"] = e.to_dict()
        else:
            rep = check_function(sb, student_id)
        protections = sb.protections
    finally:
        _release(sb, sandbox)
    score = round(POINTS * rep.fraction, 4)
    return {
        "score": score,
        "max_score": POINTS,
        "tests": [{"name": FUNCTION, "score": score, "max_score": POINTS,
                   "status": "passed" if score == POINTS else "failed", "output": _output(rep)}],
        "extra_data": {
            "assignment": ASSIGNMENT,
            "diagnosis": {FUNCTION: rep.diagnosis},
            "credit": {FUNCTION: rep.credit_record()},
            "sandbox": {"protections": protections, "restarts": sb.restarts - restarts_before},
            "seconds": round(time.monotonic() - started, 3),
        },
    }
