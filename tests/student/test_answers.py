"""The answer reader: the answer is the value of the answer cell's variable, and one
placeholder rule serves the grader and the local check."""
import json

import pytest

from autograder.grading.answers import answer_from_text, read_answer
from autograder.grading.submissions import Cell
from autograder.student import evaluate

from .conftest import ROOT


def code(source):
    return read_answer(Cell(0, "code", source), "grad_W")


def test_the_answer_is_the_variables_string_not_the_last_string():
    a = code('grad_W = r"H_tm1*grad_Z_t"\nnote = r"Sum(H_tm1*grad_Z_t, (t, 1, T))"')
    assert a.text == "H_tm1*grad_Z_t"
    assert code('note = r"Sum(H_tm1*grad_Z_t, (t, 1, T))"\ngrad_W = r"H_tm1"').text == "H_tm1"
    assert code('grad_W = r"a"\ngrad_W = r"b"').text == "b"           # the last assignment wins


def test_no_assignment_to_the_variable_is_no_answer():
    a = code('answer = r"Sum(H_tm1*grad_Z_t, (t, 1, T))"')
    assert not a.text and "grad_W" in a.problem and "no answer found in the cell" in a.problem


def test_a_variable_bound_to_something_else_is_refused_with_its_line():
    for source in ('grad_W = r"H_tm1"\ngrad_W += r"*grad_Z_t"', 'grad_W = str(1)',
                   'grad_W, other = r"a", r"b"', 'x = 1\ngrad_W = f"{x}"'):
        a = code(source)
        assert not a.text and "not a plain string" in a.problem, source
    assert "line 2" in code('grad_W = r"H_tm1"\ngrad_W += r"x"').problem


@pytest.mark.parametrize("raw, text", [
    ('\n# YOUR ANSWER HERE\nH_tm1*grad_Z_t\n', "H_tm1*grad_Z_t"),
    ('YOUR ANSWER HERE\nH_tm1*grad_Z_t', "H_tm1*grad_Z_t"),
    ('H_tm1*grad_Z_t  \n# a note to self\n', "H_tm1*grad_Z_t"),
    ('\n# YOUR ANSWER HERE\n', ""),
    ('   ', ""),
])
def test_one_placeholder_rule(raw, text):
    assert answer_from_text(raw).text == text
    assert code(f'grad_W = r"""{raw}"""').text == text
    assert bool(answer_from_text(raw).problem) == (not text)


def test_the_local_check_reads_what_the_grader_reads():
    """The released placeholder above a typed answer: correct on both sides."""
    ns = {"ASSIGNMENT": "rnn_bptt", "grad_Z_t": "\n# YOUR ANSWER HERE\ngrad_H_t*(1 - H_t**2)\n"}
    assert evaluate("grad_Z_t", namespace=ns).status == "correct"
    cell = Cell(0, "code", f'grad_Z_t = r"""{ns["grad_Z_t"]}"""')
    assert read_answer(cell, "grad_Z_t").text == "grad_H_t*(1 - H_t**2)"


def test_markdown_answers_and_a_code_answer_left_in_markdown():
    md = read_answer(Cell(0, "markdown", "YOUR ANSWER HERE\n$$ H_{t-1} $$"), "grad_W")
    assert md.text == "$$ H_{t-1} $$"
    moved = read_answer(Cell(0, "markdown", 'grad_W = r"H_tm1"'), "grad_W")
    assert moved.text == "H_tm1"


def test_every_authored_notebook_assigns_the_spec_variable():
    from autograder.grading import spec

    for aid in spec.available():
        asg = spec.load(aid)
        nb = json.loads(asg.solution_path.read_text())
        cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in nb["cells"]}
        for q in asg.questions:
            if q.kind in ("expression", "derivation"):
                source = "".join(cells[q.answer_cell]["source"])
                assert source.startswith(f"{q.variable} = "), (aid, q.id, q.variable)
    assert (ROOT / "assignments").is_dir()
