"""The student install's quick reading of plain-text answers (sealed.quick_verdict) against
its whole sealed check (sealed.check_expression): the same verdict, share and words on
every answer of the corpus it reads, right or wrong."""
import random
import sys
from pathlib import Path

import pytest

from autograder import sealed, sealing
from autograder.catalog import model_for
from autograder.grading import spec

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "expressions"))
from answer_pairs import PAIRS  # noqa: E402
from published_mistakes import A, CASES  # noqa: E402
import textbook_names  # noqa: E402
from test_quick import random_latex, swap_token  # noqa: E402


@pytest.fixture(scope="module")
def entries():
    """(assignment, question id) -> (spec question, sealed entry), for expression questions."""
    out = {}
    for aid in ("lstm_univariate", "rnn_bptt"):
        asg = spec.load(aid)
        for q in asg.questions:
            if q.kind == "expression" and q.local_check:
                out[(aid, q.id)] = (q, sealing.expression_entry(asg, q))
    return out


def corpus(entries):
    by_target = {(aid, q.target, q.last_step): qid for (aid, qid), (q, _) in entries.items()}
    for _, question, answer, _, _ in CASES:
        yield A, question, answer
    for question, answer, _ in textbook_names.CORRECT:
        yield textbook_names.A, question, answer
    for question, answer in textbook_names.WRONG:
        yield textbook_names.A, question, answer
    for aid, target, last, answer, _, _ in PAIRS:
        qid = by_target.get((aid, target, bool(last)))
        if qid is not None:
            yield aid, qid, answer


def quick_and_whole(entries, aid, qid, answer) -> str | None:
    """The quick reading's verdict (None: not read); when there is one, the whole sealed
    check must give the same verdict, share and words."""
    q, entry = entries[(aid, qid)]
    quick = sealed.quick_verdict(entry, sealing.DPS, q, answer)
    if quick is not None:
        whole = sealed.check_expression(entry, sealing.DPS, model_for(aid), q, answer)
        assert (quick.verdict, quick.score, quick.feedback) == (whole.verdict, whole.score, whole.feedback), \
            (qid, answer)
    return None if quick is None else quick.verdict


def test_the_quick_reading_gives_the_sealed_checks_verdict(entries):
    verdicts = [quick_and_whole(entries, aid, qid, answer)
                for aid, qid, answer in corpus(entries) if (aid, qid) in entries]
    read = [v for v in verdicts if v is not None]
    wrong = [v for v in read if v != "correct"]
    assert len(read) >= 60 and len(wrong) >= 20, (len(read), len(wrong))


def test_an_answer_outside_the_subset_is_left_to_the_whole_check(entries):
    q, entry = entries[("lstm_univariate", "grad_C_general")]
    for answer in (r"\sum_t o_t \nabla h_t", r"o_t^{\top} \nabla h_t", "grad_C_t = o_t", "o_t + 1/10**25", "dc_next*f_t"):
        assert sealed.quick_verdict(entry, sealing.DPS, q, answer) is None


def test_swapped_answers_get_the_sealed_checks_verdict(entries):
    """Seeded token swaps of the corpus's answers: wrong answers the quick reading judges
    from the sealed values get the whole check's share and words."""
    rng = random.Random(31)
    answers = [(aid, qid, a) for aid, qid, a in corpus(entries) if (aid, qid) in entries]
    judged = 0
    for _ in range(300):
        aid, qid, answer = rng.choice(answers)
        q, entry = entries[(aid, qid)]
        if "quick" not in entry:
            continue
        verdict = quick_and_whole(entries, aid, qid, swap_token(answer, entry["quick"]["spellings"], rng))
        judged += verdict not in (None, "correct")
    assert judged >= 50, judged


def test_random_latex_answers_get_the_sealed_checks_verdict(entries):
    """Seeded random LaTeX answers over the question's own names: each one the quick reading
    judges gets the whole check's verdict, share and words."""
    rng = random.Random(41)
    keys = sorted(k for k, (_, entry) in entries.items() if "quick" in entry)
    judged = 0
    for _ in range(300):
        aid, qid = rng.choice(keys)
        names = sorted(entries[(aid, qid)][1]["quick"]["latex_display"].values())
        judged += quick_and_whole(entries, aid, qid, random_latex(rng, names)) is not None
    assert judged >= 60, judged
