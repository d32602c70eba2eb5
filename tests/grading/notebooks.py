"""Building the fixture notebook and student submissions of it (as plain JSON).

`python -m tests.grading.notebooks` rewrites fixtures/fixture_hw/source/fixture_hw.ipynb,
the authored notebook (nbgrader markers, solutions, hidden tests)."""
from __future__ import annotations

import json
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ASSIGNMENT = "fixture_hw"

RNN_STEPS = '''def rnn_step_forward(x, prev_h, Wx, Wh, b):
    ### BEGIN SOLUTION
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    ### END SOLUTION
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    ### BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    dz = dnext_h * (1 - next_h ** 2)
    dx, dprev_h = dz @ Wx.T, dz @ Wh.T
    dWx, dWh, db = x.T @ dz, prev_h.T @ dz, dz.sum(axis=0)
    ### END SOLUTION
    return dx, dprev_h, dWx, dWh, db
'''

SOLUTIONS = {
    "answer_grad_f_last": '### BEGIN SOLUTION\nanswer_grad_f_last = r"grad_C_t*C_tm1"\n### END SOLUTION',
    "answer_derive_o_last": ('### BEGIN SOLUTION\nderivation = r"""\ngrad_h_t*tanh(C_t)\n'
                             'W_y*grad_y_t*y_t*(1 - y_t)*tanh(C_t)\n"""\n### END SOLUTION'),
    "answer_rnn_steps": RNN_STEPS,
    "answer_sum_squares": "### BEGIN SOLUTION\nsum_squares = float(np.sum(np.arange(5) ** 2))\n### END SOLUTION",
    "answer_why": "The forget gate multiplies the cell state, so the gradient along the cell path is a "
                  "product of forget gates, which can stay close to 1.",
}

TESTS = {
    "test_grad_f_last": (4, "assert isinstance(answer_grad_f_last, str)"),
    "test_derive_o_last": (3, "assert isinstance(derivation, str)"),
    "test_rnn_steps": (6, "assert callable(rnn_step_forward) and callable(rnn_step_backward)\n"
                          "### BEGIN HIDDEN TESTS\nassert rnn_step_forward.__code__.co_argcount == 5\n"
                          "### END HIDDEN TESTS"),
    "test_sum_squares": (2, "assert isinstance(sum_squares, float)"),
}


def _meta(grade_id, *, grade=False, solution=False, points=None, locked=False):
    m = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
         "solution": solution, "task": False}
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


def _code(source, meta=None):
    return {"cell_type": "code", "execution_count": None, "metadata": meta or {}, "outputs": [],
            "source": source}


def _md(source, meta=None):
    return {"cell_type": "markdown", "metadata": meta or {}, "source": source}


def source_notebook() -> dict:
    cells = [
        _md("# Fixture homework\n\nOne question of every kind.", _meta("intro", locked=True)),
        _code("import numpy as np", _meta("imports", locked=True)),
        _md("**1.** $\\nabla f_T$ at the last step, as a string.", _meta("q_grad_f_last", locked=True)),
        _code(SOLUTIONS["answer_grad_f_last"], _meta("answer_grad_f_last", solution=True)),
        _code(TESTS["test_grad_f_last"][1], _meta("test_grad_f_last", grade=True, points=4, locked=True)),
        _md("**2.** Derive $\\nabla o_T$, one line per step.", _meta("q_derive", locked=True)),
        _code(SOLUTIONS["answer_derive_o_last"], _meta("answer_derive_o_last", solution=True)),
        _code(TESTS["test_derive_o_last"][1], _meta("test_derive_o_last", grade=True, points=3, locked=True)),
        _md("**3.** Implement the RNN step.", _meta("q_rnn", locked=True)),
        _code(SOLUTIONS["answer_rnn_steps"], _meta("answer_rnn_steps", solution=True)),
        _code(TESTS["test_rnn_steps"][1], _meta("test_rnn_steps", grade=True, points=6, locked=True)),
        _md("**4.** Compute `sum_squares`.", _meta("q_sum", locked=True)),
        _code(SOLUTIONS["answer_sum_squares"], _meta("answer_sum_squares", solution=True)),
        _code(TESTS["test_sum_squares"][1], _meta("test_sum_squares", grade=True, points=2, locked=True)),
        _md("**5.** Why does the forget gate help?", _meta("q_why", locked=True)),
        _md(SOLUTIONS["answer_why"], _meta("answer_why", grade=True, solution=True, points=3)),
    ]
    for i, c in enumerate(cells):
        c["id"] = f"cell-{i:02d}"
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def strip_markers(src: str) -> str:
    src = re.sub(r"[ \t]*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\n?", "", src)
    return src


def submission(overrides: dict | None = None, drop=()) -> dict:
    """A completed student notebook: the solutions, with some answer cells replaced
    (`overrides`: grade_id -> source) or removed (`drop`)."""
    nb = source_notebook()
    cells = []
    for c in nb["cells"]:
        gid = c["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in drop:
            continue
        c = dict(c)
        c["source"] = strip_markers((overrides or {}).get(gid, c["source"]))
        cells.append(c)
    nb["cells"] = cells
    return nb


def write(nb: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


WRONG = {
    "answer_grad_f_last": 'answer_grad_f_last = r"grad_C_t*C_tm1*f_t*(1 - f_t)"',
    "answer_derive_o_last": 'derivation = r"""\ngrad_h_t*tanh(C_t)\nW_y*grad_y_t*y_t*tanh(C_t)\n"""',
    "answer_rnn_steps": RNN_STEPS.replace("(1 - next_h ** 2)", "(1 - next_h)"),
    "answer_sum_squares": "sum_squares = float(np.sum(np.arange(5)))",
}


if __name__ == "__main__":
    write(source_notebook(), FIXTURES / ASSIGNMENT / "source" / f"{ASSIGNMENT}.ipynb")
