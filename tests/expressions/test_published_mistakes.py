"""Every derivation of the published-style catalogue: correct ones accepted in their own
notation; every wrong one gets a specific reason, the one its slip deserves."""
import pytest

from autograder.catalog import check_answer

from published_mistakes import A, CASES

SOURCES = {c[0] for c in CASES}


def test_catalogue_size():
    assert len(CASES) >= 60 and len(SOURCES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[f"{c[1]}:{c[2][:40]}" for c in CASES])
def test_published_case(case):
    source, question, answer, verdict, code = case
    res = check_answer(A, question, answer)
    assert res.verdict == verdict, f"{source}: {res.feedback}"
    if verdict == "incorrect":
        d = res.diagnosis
        assert d.get("messages"), f"no reason given: {res.feedback}"
        got = "explained" if d.get("explained_by_terms") else d.get("mistake")
        assert got == code, f"{source}: reason {got!r}, expected {code!r}: {res.feedback}"


def test_same_mistake_same_credit_across_questions():
    """The pre-activation slip costs the same in every gate's question."""
    scores = {check_answer(A, q, ans).score for _, q, ans, _, code in CASES
              if code == "pre_activation_gradient"}
    assert len(scores) == 1
