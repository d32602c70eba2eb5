"""Whether a function question's result is right, and which mistake it looks like.

One rule for the grader (numeric/function_grade.py, in the sandbox) and the local check
(student.py, in the student's kernel, from the reference or from sealed data): a result is
right when every array of it is within the reference tolerance; a wrong one is named by the
first wrong variant it matches. Holds no reference (it is in the student's install).
"""
from __future__ import annotations

import numpy as np

from .tolerances import REFERENCE, rel_error


def arrays(value) -> list:
    """The arrays of a result: an array, a number, or a list or tuple of them."""
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in arrays(v)]
    return [np.asarray(value, dtype=np.float64)]


def finite(value) -> bool:
    return all(np.all(np.isfinite(a)) for a in arrays(value))


def agrees(got, want) -> bool:
    """Every array of `got` within the reference tolerance of `want`'s (an exact zero where the
    reference is zero: rel_error's rule)."""
    a, b = arrays(got), arrays(want)
    return len(a) == len(b) and max((rel_error(x, y) for x, y in zip(a, b)), default=0.0) < REFERENCE


def _type_name(value) -> str:
    return type(value).__name__


def like(value, want, describe=_type_name):
    """The student's `value` in the reference result's form (float arrays), or ValueError with
    a sentence: a list of arrays for a list of arrays (one array alone is accepted for a list
    of one), an array of the reference's shape for an array, a number for a number."""
    if isinstance(want, (list, tuple)):
        if isinstance(value, np.ndarray) and len(want) == 1 and value.shape == np.shape(want[0]):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"returned {describe(value)}; expected a list of {len(want)} arrays")
        if len(value) != len(want):
            raise ValueError(f"returned {len(value)} values; expected {len(want)}")
        out = []
        for k, (v, w) in enumerate(zip(value, want)):
            if isinstance(w, np.ndarray) and not isinstance(v, np.ndarray):
                raise ValueError(f"item {k} of the result is {describe(v)}; expected an array")
            if isinstance(w, np.ndarray) and v.shape != w.shape:
                raise ValueError(f"item {k} of the result has shape {v.shape}; expected {w.shape}")
            out.append(like(v, w, describe) if not isinstance(w, np.ndarray) else v.astype(np.float64))
        return out
    if isinstance(want, np.ndarray):
        if not isinstance(value, np.ndarray):
            raise ValueError(f"returned {describe(value)}; expected an array of shape {want.shape}")
        if value.shape != want.shape:
            raise ValueError(f"returned an array of shape {value.shape}; expected {want.shape}")
        return value.astype(np.float64)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"returned {describe(value)}; expected a number")
    return float(value)


def diagnose(got, mistakes, nonfinite: str, explain=None) -> str:
    """A sentence naming the likely mistake of a wrong result (never the expected numbers):
    NaN or inf first, then the first wrong variant `got` matches, then `explain(got)`."""
    if not finite(got):
        return nonfinite
    for message, slip in mistakes:
        if agrees(got, slip):
            return message
    sentence = explain(got) if explain is not None else ""
    return sentence or "the result differs from what the function should return"
