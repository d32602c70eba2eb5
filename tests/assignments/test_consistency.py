"""The specs and the notebooks agree: every question has its cells, every graded cell has a
question, points match, totals are 100."""
import pytest

from autograder.grading import spec

from .conftest import ASSIGNMENTS, solution_notebook, source_notebook


def nbgrader_cells(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_spec_and_notebooks_agree(aid):
    asg = spec.load(aid)
    assert asg.total_points == 100
    for nb in (source_notebook(aid), solution_notebook(aid)):
        cells = nbgrader_cells(nb)
        assert nb.metadata["autograder"]["assignment"] == aid
        for q in asg.questions:
            assert q.answer_cell in cells, f"{q.id}: no answer cell {q.answer_cell}"
            assert cells[q.answer_cell].metadata["nbgrader"]["solution"] is True
            graded = q.answer_cell if q.kind == "manual" else q.test_cell
            meta = cells[graded].metadata["nbgrader"]
            assert meta["grade"] is True and meta["points"] == q.points, q.id
        graded_ids = {gid for gid, c in cells.items() if c.metadata["nbgrader"]["grade"]}
        expected = {q.answer_cell if q.kind == "manual" else q.test_cell for q in asg.questions}
        assert graded_ids == expected
        assert sum(c.metadata["nbgrader"]["points"] for c in cells.values()
                   if c.metadata["nbgrader"]["grade"]) == 100
        for c in cells.values():
            assert c.metadata["nbgrader"]["schema_version"] == 3


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_source_has_markers_and_solution_has_none(aid):
    src = source_notebook(aid)
    sol = solution_notebook(aid)
    asg = spec.load(aid)
    src_text = "\n".join(c.source for c in src.cells)
    sol_text = "\n".join(c.source for c in sol.cells)
    assert src_text.count("### BEGIN SOLUTION") >= len({q.answer_cell for q in asg.questions})
    assert src_text.count("### BEGIN HIDDEN TESTS") == len([q for q in asg.questions if q.kind != "manual"])
    for marker in ("### BEGIN SOLUTION", "### END SOLUTION", "HIDDEN TESTS", 'verify("'):
        assert marker not in sol_text


def test_setup_cell_names_the_assignment():
    # the setup cell is the first read-only code cell; before it, with value questions, only the
    # cell where a student writes their id
    for aid in ASSIGNMENTS:
        nb = source_notebook(aid)
        setup = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" in c.metadata)
        assert f'ASSIGNMENT = "{aid}"' in setup.source
        before = [c for c in nb.cells[:nb.cells.index(setup)] if c.cell_type == "code"]
        assert [c.source.splitlines()[-1] for c in before] in ([], ['STUDENT_ID = ""'])
