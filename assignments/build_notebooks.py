"""Build the source notebooks of the four assignments, and the solution notebooks.

    python assignments/build_notebooks.py          # writes assignments/<id>/<id>.ipynb
                                                   # and solutions/<id>/<id>.ipynb

Points come from each assignment's `assignment.toml` (the spec is the one place they are
written). Cell conventions (docs/assignment-spec.md):

- the answer cell of a question has grade_id = the spec's answer_cell, `solution: true`;
  expression and derivation answers are strings assigned in a code cell, the solution
  between `### BEGIN SOLUTION` / `### END SOLUTION` lines inside the string;
- the test cell of a question (grade_id = test_cell, `grade: true`, the question's points)
  runs the formative local check and, hidden, the strict one;
- manual questions are markdown answer cells with `grade: true` and `solution: true`.

The solution notebook is the source with the solution markers removed and the hidden
tests dropped: exactly what a student who answered everything would hand in.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.grading import spec as specs  # noqa: E402
from autograder.value_seed import SETUP_CODE  # noqa: E402

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


STUDENT_ID_CELL = """
# Your student id, as the course knows you. The numbers of this notebook's experiments are
# drawn from it, and the grader checks your answers with the numbers of your id. On the
# course's JupyterHub, and when the grader runs the notebook, the id is known: leave it empty.
STUDENT_ID = ""
"""


def _nbgrader(grade_id, *, solution=False, grade=False, points=None, locked=False) -> dict:
    meta = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked,
            "schema_version": 3}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


class Builder:
    def __init__(self, assignment_id: str):
        self.spec = specs.load(assignment_id)
        self.cells = []
        self._n = 0

    def _id(self) -> str:
        self._n += 1
        return f"{self.spec.id}-{self._n:02d}"

    # -- plain cells ------------------------------------------------------------------
    def md(self, text: str):
        gid = self._id()
        self.cells.append(nbformat.v4.new_markdown_cell(text.strip(), id=gid,
                                                        metadata=_nbgrader(gid, locked=True)))

    def given(self, code: str):
        """A read-only code cell (setup, figures)."""
        gid = self._id()
        self.cells.append(nbformat.v4.new_code_cell(code.strip(), id=gid,
                                                    metadata=_nbgrader(gid, locked=True)))

    def work(self, name: str, code: str):
        """An ungraded cell the student fills in (solution between markers)."""
        self.cells.append(nbformat.v4.new_code_cell(code.strip(), id=name,
                                                    metadata=_nbgrader(name, solution=True)))

    def student_id(self):
        """The one cell before the setup where a student outside the course's JupyterHub writes
        their id (editable, no nbgrader metadata: nothing is graded in it)."""
        self.cells.append(nbformat.v4.new_code_cell(STUDENT_ID_CELL.strip(), id="student_id"))

    def setup(self, imports: str = "import numpy as np"):
        """The setup cell; with value questions, preceded by the student id cell and ending with
        the seed of the student's own inputs (autograder/value_seed.py), no answer in it."""
        values = any(q.kind == "value" for q in self.spec.questions)
        if values:
            self.student_id()
        self.given(f'''
ASSIGNMENT = "{self.spec.id}"
{imports}
try:
    from autograder.student import check, verify
except Exception:  # no autograder package here (e.g. the grading sandbox): no local checks
    def check(*args, **kwargs):
        print("(local checks are not available here)")

    def verify(*args, **kwargs):  # hidden checks fail closed: unchecked work earns nothing
        raise RuntimeError("hidden check not run: the autograder package is not installed here")
''' + (SETUP_CODE if values else ""))

    # -- questions --------------------------------------------------------------------
    def _question(self, qid):
        return self.spec.question(qid)

    def _answer(self, q, source: str, markdown=False):
        meta = _nbgrader(q.answer_cell, solution=True, grade=q.kind == "manual",
                         points=q.points if q.kind == "manual" else None)
        new = nbformat.v4.new_markdown_cell if markdown else nbformat.v4.new_code_cell
        if not any(c.get("id") == q.answer_cell for c in self.cells):
            self.cells.append(new(source.strip(), id=q.answer_cell, metadata=meta))

    def _test(self, q, args: str):
        src = f'check("{q.id}"{args})\n{HIDDEN_BEGIN}\nverify("{q.id}"{args})\n{HIDDEN_END}'
        self.cells.append(nbformat.v4.new_code_cell(
            src, id=q.test_cell, metadata=_nbgrader(q.test_cell, grade=True, points=q.points, locked=True)))

    def expression(self, qid: str, variable: str, prompt: str, solution: str):
        q = self._question(qid)
        self.md(f"**{q.title}** ({q.points:g} points). {prompt.strip()}")
        self._answer(q, f'{variable} = r"""\n{BEGIN}\n{solution.strip()}\n{END}\n"""')
        self._test(q, f", {variable}")

    def code(self, qid: str, prompt: str, source: str):
        q = self._question(qid)
        self.md(f"**{q.title}** ({q.points:g} points). {prompt.strip()}")
        self._answer(q, source)
        self._test(q, "")

    def value(self, qid: str, prompt: str | None = None, source: str | None = None):
        q = self._question(qid)
        if prompt:
            self.md(prompt)
        if source:
            self._answer(q, source)
        self._test(q, f", {q.variable}")

    def manual(self, qid: str, prompt: str, solution: str):
        q = self._question(qid)
        self.md(f"**{q.title}** ({q.points:g} points, graded by a person). {prompt.strip()}")
        self._answer(q, f"{BEGIN}\n{solution.strip()}\n{END}", markdown=True)

    # -- output -----------------------------------------------------------------------
    def notebook(self):
        nb = nbformat.v4.new_notebook(cells=self.cells)
        nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                       "language_info": {"name": "python"},
                       "autograder": {"assignment": self.spec.id}}
        return nb


def solution_of(nb):
    """The submission of a student who answered everything: markers and hidden tests gone."""
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        src = cell.source
        src = re.sub(rf"\n?{re.escape(HIDDEN_BEGIN)}.*?{re.escape(HIDDEN_END)}", "", src, flags=re.S)
        src = "\n".join(line for line in src.split("\n") if line.strip() not in (BEGIN, END))
        cell.source = src
    return out


def write(builder: Builder):
    nb = builder.notebook()
    nbformat.validate(nb)
    aid = builder.spec.id
    src = ROOT / "assignments" / aid / f"{aid}.ipynb"
    sol = ROOT / "solutions" / aid / f"{aid}.ipynb"
    sol.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, src)
    nbformat.write(solution_of(nb), sol)
    return src, sol


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import notebook_content as content

    for build in (content.lstm_univariate, content.rnn_bptt, content.lstm_numpy,
                  content.lstm_gradient_flow):
        b = Builder(build.__name__)
        build(b)
        for path in write(b):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
