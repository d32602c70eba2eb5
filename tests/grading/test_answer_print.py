"""The reports' own printer of answers: what it prints in LaTeX parses back to the same
expression, for every answer of the corpus that parses, and its MathML is well formed."""
import sys
import xml.dom.minidom
from pathlib import Path

import pytest
import sympy

from autograder.expressions.model_vocabulary import vocabulary_for
from autograder.expressions.parse import parse_answer
from autograder.grading.answer_print import answer_latex, answer_mathml
from autograder.models import get_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "expressions"))
from answer_pairs import PAIRS  # noqa: E402

MODEL = {"lstm_univariate": "lstm_univariate", "rnn_bptt": "rnn"}


def _parsed():
    out = []
    for assignment, question, _, answer, _, _ in PAIRS:
        if question.startswith("path:"):
            continue
        name = MODEL[assignment]
        try:
            expr = parse_answer(answer, vocabulary_for(get_model(name)))
        except Exception:
            continue
        out.append((name, answer, expr))
    return out


CASES = _parsed()


def test_the_corpus_gives_many_answers():
    assert len(CASES) > 150


@pytest.mark.parametrize("name, answer, expr", CASES, ids=[c[1][:40] for c in CASES])
def test_latex_parses_back_to_the_same_expression(name, answer, expr):
    tex = answer_latex(name, expr)
    back = parse_answer(tex, vocabulary_for(get_model(name)))
    assert sympy.simplify(back - expr) == 0 or back == expr, (tex, back, expr)


@pytest.mark.parametrize("name, answer, expr", CASES[::7], ids=[c[1][:40] for c in CASES[::7]])
def test_mathml_is_one_math_element(name, answer, expr):
    ml = answer_mathml(name, expr)
    doc = xml.dom.minidom.parseString(ml)
    assert doc.documentElement.tagName == "math"
    assert "\\" not in ml          # no LaTeX left in it
