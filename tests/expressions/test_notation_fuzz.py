"""Broken variants of published-style answers: every one gets a verdict and a message,
never a parser's internal error (seeded, so the same variants every run)."""
import random

import pytest

from autograder.catalog import check_answer
from autograder.expressions.check import CheckResult

from published_mistakes import A, CASES

NOISE = ["'", "\\", "|", "_", "^", "{", "}", "(", ")", "$", "d", "\\delta ", "\\partial ",
         "\\frac", "\\prime", "^T", "&", "\\\\", "=", "\\sum_t ", "\\nabla_", "''"]


def variants(n=240, seed=16):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        _, question, answer, _, _ = rng.choice(CASES)
        chars = list(answer)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5 and chars:
                del chars[min(k, len(chars) - 1)]
            else:
                chars.insert(k, rng.choice(NOISE))
        out.append((question, "".join(chars)))
    return out


@pytest.mark.parametrize("question, answer", variants())
def test_broken_answer_gets_a_message(question, answer):
    res = check_answer(A, question, answer)
    assert isinstance(res, CheckResult) and res.feedback
    assert res.verdict in ("correct", "incorrect", "invalid", "undecided")
