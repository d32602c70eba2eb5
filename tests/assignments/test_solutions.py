"""The solution notebooks earn every auto-graded point (manual questions are left out)."""
import pytest

from .conftest import ASSIGNMENTS, auto_fractions, grade, load


def _solution(aid):
    """The authored notebook, graded as it is (its marker lines are comments)."""
    return load(aid).solution_path


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_solution_grades_at_100_percent(aid, zygote):
    result = grade(aid, _solution(aid), "solution", zygote)
    fractions = auto_fractions(aid, result)
    assert fractions and all(v[0] == 1.0 for v in fractions.values()), \
        {k: v for k, v in fractions.items() if v[0] < 1}
    assert not result["extra_data"]["problems"]


def test_solutions_do_not_depend_on_the_student_seed(zygote):
    fractions = auto_fractions("rnn_bptt", grade("rnn_bptt", _solution("rnn_bptt"), "someone-else", zygote))
    assert all(v[0] == 1.0 for v in fractions.values())
