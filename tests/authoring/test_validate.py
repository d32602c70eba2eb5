"""The checks of authoring/validate.py one by one, on a copy of lstm_numpy (code, value and
shared answer cells): each damage is found once, at the line that shows it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder.authoring.validate import (ASSIGNMENT_CHECKS, COURSE_CHECKS, assignment_problems,
                                           course_problems)

ROOT = Path(__file__).resolve().parents[2]
AID = "lstm_numpy"


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copytree(ROOT / "assignments" / AID, tmp_path / AID)
    return tmp_path / AID


def notebook(folder: Path) -> Path:
    return folder / "source" / f"{AID}.ipynb"


def edit(folder: Path, change) -> None:
    nb = json.loads(notebook(folder).read_text())
    change(nb)
    notebook(folder).write_text(json.dumps(nb, indent=1, sort_keys=True) + "\n")


def cell(nb, gid):
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == gid)


def text_at(problem) -> str:
    return Path(problem.file).read_text().splitlines()[problem.line - 1]


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_checks_are_registered_and_the_copy_is_clean(folder):
    assert ASSIGNMENT_CHECKS and COURSE_CHECKS
    assert assignment_problems(folder) == []
    assert course_problems(folder.parent) == []


def test_toml_syntax_error_at_its_line(folder):
    toml = folder / "assignment.toml"
    lines = toml.read_text().splitlines()
    lines[10] = "points = = 3"
    toml.write_text("\n".join(lines) + "\n")
    p = only(assignment_problems(folder))
    assert p.line == 11 and "not valid TOML" in p.message


def test_duplicate_question_id_at_the_second(folder):
    toml = folder / "assignment.toml"
    toml.write_text(toml.read_text().replace('id = "component_1"', 'id = "component_0"'))
    p = only(assignment_problems(folder))
    assert "appears twice" in p.message
    assert text_at(p) == 'id = "component_0"'
    assert p.line > toml.read_text().splitlines().index('id = "component_0"') + 1


def test_unknown_checker_at_its_key(folder):
    toml = folder / "assignment.toml"
    toml.write_text(toml.read_text().replace('checker = "lstm_numpy"', 'checker = "gru"', 1))
    p = only(assignment_problems(folder))
    assert text_at(p) == 'checker = "gru"' and "checker must be one of" in p.message


def test_points_differ_between_spec_and_notebook(folder):
    edit(folder, lambda nb: cell(nb, "test_component_1")["metadata"]["nbgrader"].update(points=12))
    p = only(assignment_problems(folder))
    assert "12" in p.message and "component_1" in p.message
    assert '"test_component_1"' in text_at(p)


def test_solution_region_outside_a_solution_cell(folder):
    def leak(nb):
        c = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        c["source"] = "".join(c["source"]) + "\n### BEGIN SOLUTION\nthe answer\n### END SOLUTION"
    edit(folder, leak)
    p = only(assignment_problems(folder))
    assert "not marked `solution: true`" in p.message and "BEGIN SOLUTION" in text_at(p)


def test_answer_cell_without_solution_region(folder):
    def bare(nb):
        c = cell(nb, "answer_components")
        source = "".join(c["source"])
        c["source"] = source.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", "")
    edit(folder, bare)
    p = only(assignment_problems(folder))
    assert "no ### BEGIN SOLUTION region" in p.message and '"answer_components"' in text_at(p)


def test_end_without_begin_and_hidden_tests_left_open(folder):
    def damage(nb):
        c = cell(nb, "test_component_2")
        c["source"] = "".join(c["source"]).replace("### END HIDDEN TESTS", "")
        d = cell(nb, "answer_step_functions")
        d["source"] = "### END SOLUTION\n" + "".join(d["source"])
    edit(folder, damage)
    messages = sorted(p.message for p in assignment_problems(folder))
    assert len(messages) == 2, messages
    assert "never closed" in messages[1] and "test_component_2" in messages[1]
    assert "without ### BEGIN SOLUTION" in messages[0] and "answer_step_functions" in messages[0]


def test_a_notebook_of_another_assignment(folder):
    edit(folder, lambda nb: nb["metadata"]["autograder"].update(assignment="rnn_bptt"))
    p = only(assignment_problems(folder))
    assert "'rnn_bptt'" in p.message and '"autograder"' in text_at(p)


def test_missing_notebook_and_orphan_notebook(tmp_path, folder):
    notebook(folder).rename(tmp_path / "elsewhere.ipynb")
    p = only(assignment_problems(folder))
    assert "no authored notebook source/lstm_numpy.ipynb" in p.message
    assert text_at(p).startswith("notebook =")
    orphan = tmp_path / "draft" / "source"
    orphan.mkdir(parents=True)
    (tmp_path / "elsewhere.ipynb").rename(orphan / "draft.ipynb")
    found = [str(p) for p in course_problems(tmp_path)]
    assert any("draft/ has an authored notebook but no assignment.toml" in p for p in found), found
