"""The solution notebooks earn every auto-graded point (manual questions are left out)."""
import pytest

from .conftest import ASSIGNMENTS, solution_notebook
from .grading_helper import grade_notebook, points


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_solution_grades_at_100_percent(aid, zygote):
    result = grade_notebook(aid, solution_notebook(aid), "solution", zygote)
    got, most = points(aid, result)
    assert got == most, {k: v for k, v in result.items() if v[0] < 1}


def test_solutions_do_not_depend_on_the_student_seed(zygote):
    result = grade_notebook("rnn_bptt", solution_notebook("rnn_bptt"), "someone-else", zygote)
    assert all(v[0] == 1.0 for v in result.values())
