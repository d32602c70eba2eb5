"""A student's notebook as it leaves their own Jupyter: the solution run under their id (the
id written in the STUDENT_ID cell, a plain kernel without the autograder package), then its
value answers frozen as the numbers it printed. Handed in by another student, it carries
the first student's numbers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import nbformat

from autograder.grading import spec
from autograder.value_seed import ENV_VARIABLE

from .conftest import solution_notebook


def with_student_id(nb, student_id: str):
    """The notebook with `student_id` written in its STUDENT_ID cell."""
    nb = nbformat.from_dict(nb)
    cell = next(c for c in nb.cells if c.get("id") == "student_id")
    cell.source = cell.source.replace('STUDENT_ID = ""', f"STUDENT_ID = {student_id!r}")
    return nb


def computed_as(aid: str, student_id: str) -> dict[str, float]:
    """The value answers of the solution, run top to bottom in a plain Python with the id
    written in the notebook (no grader: nothing sets the id from outside)."""
    nb = with_student_id(solution_notebook(aid), student_id)
    names = [q.variable for q in spec.load(aid).questions if q.kind == "value"]
    program = ("import sys, json\nsys.modules['autograder'] = None   # a kernel without the package\n"
               + "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")
               + f"\nprint('@@' + json.dumps({{n: float(globals()[n]) for n in {names!r}}}))\n")
    env = {k: v for k, v in os.environ.items() if k not in (ENV_VARIABLE, "JUPYTERHUB_USER")}
    env["MPLBACKEND"] = "Agg"
    with tempfile.TemporaryDirectory() as here:
        out = subprocess.run([sys.executable, "-c", program], cwd=here, env=env, capture_output=True,
                             text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("@@"))
    return json.loads(line[2:])


def frozen(aid: str, student_id: str):
    """The solution with `student_id` written in it and each value answer cell replaced by
    the numbers it computed for that id (what a student copies out of their notebook)."""
    numbers = computed_as(aid, student_id)
    nb = with_student_id(solution_notebook(aid), student_id)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    by_cell: dict[str, list[str]] = {}
    for q in spec.load(aid).questions:
        if q.kind == "value":
            by_cell.setdefault(q.answer_cell, []).append(q.variable)
    for cell_id, variables in by_cell.items():
        cells[cell_id].source = "\n".join(f"{v} = {numbers[v]!r}" for v in variables)
    return nb
