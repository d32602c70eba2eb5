"""How an answer's notation was read, for the feedback.

When a parser accepts a variant spelling (`c_t` for C_t, `\\hat{C}_t` for the candidate,
`dh_t` for the gradient of h_t), it notes the reading here so the student is told what
their answer was understood as. Notes are collected per parse (a context variable, so
parallel checks in threads do not mix them).
"""
from __future__ import annotations

import contextlib
import contextvars

_NOTES: contextvars.ContextVar[list | None] = contextvars.ContextVar("readings", default=None)


def note(written: str, meant: str) -> None:
    """Record that `written` was read as `meant` (no-op outside `collect`)."""
    notes = _NOTES.get()
    if notes is not None and (written, meant) not in notes:
        notes.append((written, meant))


@contextlib.contextmanager
def collect():
    """Yield the list the parse inside the block fills with (written, meant) pairs."""
    notes: list = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def sentence(notes: list) -> str:
    """'Read c_t as C_t, dh_t as grad_h_t.' or '' when nothing was read as a variant."""
    if not notes:
        return ""
    return "Read " + ", ".join(f"{w} as {m}" for w, m in notes) + "."
