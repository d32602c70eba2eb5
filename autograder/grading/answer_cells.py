"""Reading an answer out of a notebook cell without running anything.

- A code cell: the last string assigned to a name (`answer = r"..."`), found with `ast`
  (never executed). A code cell without a string assignment has no text answer.
- A markdown cell: its text, with `$$` / `$` delimiters left for the LaTeX reader.

Inside an answer, lines starting with `#` are comments (the released notebook puts the
placeholder `# YOUR ANSWER HERE` there); an answer that is empty after removing them is
"not answered".
"""
from __future__ import annotations

import ast

STUB_MARKERS = ("YOUR ANSWER HERE", "YOUR CODE HERE")


def answer_text(raw: str | None) -> str:
    """The answer without comment lines and surrounding blank space ('' when unanswered)."""
    if raw is None:
        return ""
    lines = [ln for ln in str(raw).splitlines() if not ln.lstrip().startswith("#")]
    text = "\n".join(lines).strip()
    return "" if text in STUB_MARKERS else text


def string_assigned(source: str) -> str | None:
    """The last string literal assigned to a name in `source` (None if there is none)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = None
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found = value.value
    return found


def cell_answer(cell) -> str:
    """The answer text of an answer cell (code or markdown), '' when unanswered."""
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    if cell["cell_type"] == "markdown":
        return answer_text(source)
    return answer_text(string_assigned(source))
