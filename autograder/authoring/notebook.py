"""The authored notebook of an assignment and the two notebooks made from it.

An instructor writes one notebook per assignment, `<course>/<id>/source/<id>.ipynb`, as
nbgrader and `otter assign` have it: the solution of every answer cell stands between
`### BEGIN SOLUTION` / `### END SOLUTION` lines (in a code cell, inside the answer string of
an expression or derivation answer, or in a markdown answer cell), and the strict checks of a
test cell between `### BEGIN HIDDEN TESTS` / `### END HIDDEN TESTS`. Cells are tied to
questions by their nbgrader metadata (`grade_id` = the spec's `answer_cell` or `test_cell`).

- the student notebook: each solution region replaced by a placeholder, hidden tests gone;
- the solution notebook: the markers and the hidden tests gone, the solution kept: exactly
  what a student who answered everything hands in. The grader reads marker lines as
  comments, so the authored notebook itself grades as that solution does.
"""
from __future__ import annotations

import re

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MARKERS = (BEGIN, END, HIDDEN_BEGIN, HIDDEN_END)
CODE_STUB = "# YOUR ANSWER HERE"
TEXT_STUB = "YOUR ANSWER HERE"

_HIDDEN = re.compile(rf"\n?[ \t]*{re.escape(HIDDEN_BEGIN)}.*?{re.escape(HIDDEN_END)}[ \t]*", re.S)
_SOLUTION = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[ \t]*\n.*?^[ \t]*{re.escape(END)}[ \t]*$",
                       re.S | re.M)


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def solution_notebook(authored) -> nbformat.NotebookNode:
    """The complete submission: marker lines and hidden tests removed, solutions kept."""
    out = nbformat.from_dict(authored)
    for cell in out.cells:
        src = _HIDDEN.sub("", cell.source)
        cell.source = "\n".join(ln for ln in src.split("\n") if ln.strip() not in (BEGIN, END))
    return out


def student_notebook(authored) -> nbformat.NotebookNode:
    """The released notebook: every solution region a placeholder (indented as its markers),
    hidden tests removed, outputs cleared."""
    out = nbformat.from_dict(authored)
    for cell in out.cells:
        stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        src = _HIDDEN.sub("", cell.source)
        cell.source = _SOLUTION.sub(lambda m: m.group(1) + stub, src)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return out


def with_changes(nb, changes):
    """`nb` with edits applied, as sample submissions are made from a solution: each change
    is (grade_id of the cell, old text, new text); old None replaces a text answer's string."""
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for gid, old, new in changes:
        cell = cells[gid]
        if old is None:
            var = cell.source.split("=", 1)[0].strip()
            cell.source = f'{var} = r"""\n{new}\n"""'
        else:
            if old not in cell.source:
                raise ValueError(f"{gid}: {old!r} not found")
            cell.source = cell.source.replace(old, new)
    return nb

