"""Answers of nbformat cells (dicts), read by the one reader in `answers.py`."""
from __future__ import annotations

from .answers import answer_from_text, read_answer
from .submissions import Cell


def answer_text(raw: str | None) -> str:
    """The answer without comment lines and placeholders ('' when unanswered)."""
    return "" if raw is None else answer_from_text(str(raw)).text


def cell_answer(cell, variable: str) -> str:
    """The answer text of an answer cell (code or markdown), '' when unanswered or unreadable."""
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    return read_answer(Cell(0, cell["cell_type"], source), variable).text
