"""Every answer pair of the corpus gets its expected verdict (and diagnosis, where given)."""
from collections import Counter

import pytest

from autograder.catalog import check_answer

from answer_pairs import PAIRS


def diagnosis_code(result) -> str | None:
    """The corpus's short form of a result's diagnosis (see answer_pairs.py)."""
    d = result.diagnosis
    if result.verdict == "invalid":
        return d.get("error")
    if "mistake" in d:
        return d["mistake"]
    if d.get("explained_by_terms"):
        return "terms:" + ",".join(f"{t['via']}={t['coefficient']}" for t in d["terms"]
                                   if t["coefficient"] != 1)
    return None


def _id(pair) -> str:
    assignment, question, last, answer, verdict, _ = pair
    text = answer if len(answer) <= 40 else answer[:37] + "..."
    return f"{question}{'@T' if last else ''}:{text}->{verdict}"


def test_corpus_size_and_mix():
    assert len(PAIRS) >= 120
    verdicts = Counter(p[4] for p in PAIRS)
    assert verdicts["correct"] >= 40 and verdicts["incorrect"] >= 40 and verdicts["invalid"] >= 15
    assert {p[0] for p in PAIRS} == {"lstm_univariate", "rnn_bptt"}
    assert sum(1 for p in PAIRS if "\\" in p[3]) >= 20  # LaTeX answers
    assert sum(1 for p in PAIRS if p[2]) >= 10  # last-step questions
    assert len({p[:4] for p in PAIRS}) == len(PAIRS)  # no duplicate rows


@pytest.mark.parametrize("pair", PAIRS, ids=[_id(p) for p in PAIRS])
def test_answer_pair(pair):
    assignment, question, last_step, answer, verdict, code = pair
    result = check_answer(assignment, question, answer, last_step=last_step)
    assert result.verdict == verdict, result.feedback
    if code is not None:
        assert diagnosis_code(result) == code, result.to_json()
    # scores follow the verdict: full marks only for correct, nothing for invalid/undecided
    if verdict == "correct":
        assert result.score == 1.0
    else:
        assert 0.0 <= result.score < 1.0
    if verdict in ("invalid", "undecided"):
        assert result.score == 0.0
