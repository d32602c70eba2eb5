"""The benchmark's fair class: distinct real notebooks, the same for a seed."""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from autograder.authoring.notebook import read, solution_notebook
from autograder.grading import spec

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from fair_class import write_class  # noqa: E402


def _texts(paths):
    return [p.read_bytes() for p in paths]


def test_distinct_notebooks_the_same_for_a_seed(tmp_path):
    a = _texts(write_class("rnn_bptt", tmp_path / "a", n=40, seed=3))
    b = _texts(write_class("rnn_bptt", tmp_path / "b", n=40, seed=3))
    c = _texts(write_class("rnn_bptt", tmp_path / "c", n=40, seed=4))
    assert a == b
    assert len(set(a)) == 40
    assert a != c


def test_answers_come_from_the_catalogues_and_the_solution_stays_whole(tmp_path):
    paths = write_class("lstm_numpy", tmp_path, n=60, seed=0)
    solution = solution_notebook(read(spec.load("lstm_numpy").solution_path))
    step = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in solution.cells}
    seen = set()
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        nbformat.validate(nb)
        assert len(nb.cells) == len(solution.cells)
        cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
        seen.add(cells["answer_step_functions"])
        # a realistic code bug (fair_class.CODE_BUGS: dprev_c_missing_f) shows up
        if "dprev_c = dc\n" in cells["answer_step_functions"]:
            seen.add("dprev_c_missing_f")
    assert step["answer_step_functions"] in seen       # right answers too
    assert "dprev_c_missing_f" in seen
    assert len(seen) >= 6
