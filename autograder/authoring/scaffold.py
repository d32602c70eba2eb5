"""`autograder new`: a new assignment in a course folder, ready to be edited.

It writes `<course>/<id>/assignment.toml` and the authored notebook `<course>/<id>/source/
<id>.ipynb` with one expression question per gradient of the model at a general step t (the
step t-1 forms are the same gradients one step back). Each answer cell holds the reference the
engine derives for it between solution markers, so the new assignment validates clean and its
solution earns every point; the instructor deletes, rewords and re-weighs from there.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from .notebook import BEGIN, END, HIDDEN_BEGIN, HIDDEN_END

POINTS = 5
ID = re.compile(r"[a-z][a-z0-9_]*")

SETUP = '''ASSIGNMENT = "{aid}"
import numpy as np
try:
    from autograder.student import check, verify
except Exception:  # no autograder package here (e.g. the grading sandbox): no local checks
    def check(*args, **kwargs):
        print("(local checks are not available here)")

    def verify(*args, **kwargs):  # hidden checks fail closed: unchecked work earns nothing
        raise RuntimeError("hidden check not run: the autograder package is not installed here")'''


class ScaffoldError(ValueError):
    """The assignment cannot be created; the message says why."""


def _meta(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked,
            "schema_version": 3}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def gradients(model) -> list[str]:
    from ..derive.references import question_names

    return [name for name in question_names(model) if not name.endswith("_tm1")]


def _toml(aid: str, model_name: str, model, names: list[str]) -> str:
    out = [f"# A new assignment on the model {model_name}: edit the questions, their titles and points.",
           f'id = "{aid}"', f"title = {json.dumps('Gradients through time: ' + model.title)}",
           f"model = {json.dumps(model_name)}", f'notebook = "{aid}.ipynb"']
    for name in names:
        out += ["", "[[question]]", f'id = "{name}"', 'kind = "expression"',
                f'title = "{name} at a general step t"', f"points = {POINTS}",
                f'target = "{name}"', 'step = "general"']
    return "\n".join(out) + "\n"


def _notebook(aid: str, model, names: list[str]):
    from ..derive.printing import to_text
    from ..derive.references import reference

    cells = []

    def fixed(new, gid, text):
        cells.append(new(text, id=gid, metadata=_meta(gid, locked=True)))

    fixed(nbformat.v4.new_markdown_cell, f"{aid}-intro",
          f"# Gradients through time: {model.title}\n\nWrite $\\nabla v$ for "
          "$\\partial \\mathcal L / \\partial v$. Answer in plain text or LaTeX inside the "
          "string of each answer cell; the cell below it checks the answer on the spot.")
    fixed(nbformat.v4.new_code_cell, f"{aid}-setup", SETUP.format(aid=aid))
    for name in names:
        answer, test = f"answer_{name}", f"test_{name}"
        fixed(nbformat.v4.new_markdown_cell, f"{aid}-{name}",
              f"**{name} at a general step t** ({POINTS} points). Give `{name}`.")
        solution = to_text(reference(model, name))
        cells.append(nbformat.v4.new_code_cell(
            f'{name} = r"""\n{BEGIN}\n{solution}\n{END}\n"""', id=answer,
            metadata=_meta(answer, solution=True)))
        cells.append(nbformat.v4.new_code_cell(
            f'check("{name}", {name})\n{HIDDEN_BEGIN}\nverify("{name}", {name})\n{HIDDEN_END}',
            id=test, metadata=_meta(test, grade=True, locked=True, points=POINTS)))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}, "autograder": {"assignment": aid}}
    nbformat.validate(nb)
    return nb


def scaffold(course: Path, aid: str, model_name: str) -> list[Path]:
    """Write the new assignment `aid` into `course`; returns the files written."""
    from ..models import get_model

    if not ID.fullmatch(aid):
        raise ScaffoldError(f"{aid!r} is not an assignment id: lower-case letters, digits and _, "
                            "starting with a letter")
    folder = Path(course) / aid
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; nothing was written")
    model = get_model(model_name, beside=Path(course) / "models")   # KeyError: the known models are named
    names = gradients(model)
    spec_text = _toml(aid, model_name, model, names)
    nb = _notebook(aid, model, names)
    toml, authored = folder / "assignment.toml", folder / "source" / f"{aid}.ipynb"
    authored.parent.mkdir(parents=True)
    toml.write_text(spec_text, encoding="utf-8")
    nbformat.write(nb, str(authored))
    return [toml, authored]
