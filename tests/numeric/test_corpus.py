"""Real student code: every function an independent check finds correct earns full marks,
every other one loses marks.

tests/numeric/corpus/ holds CS231n-style rnn_layers.py files collected from public
repositories (each names its source in its first line). corpus_oracle.py judges them with
its own formulas and full central differences of each file's own forward; the grader is
not consulted.
"""
import functools
import pathlib
import re

import pytest

from autograder.numeric.grade_py import grade_source

from .corpus_oracle import LSTM, RNN, judge

CORPUS = sorted((pathlib.Path(__file__).parent / "corpus").glob("*.py"))


@functools.lru_cache(maxsize=None)
def verdict_of(path: pathlib.Path) -> dict:
    return judge(path.read_text())


def test_corpus_is_large_and_every_file_names_its_source():
    assert len(CORPUS) >= 50
    for f in CORPUS:
        first = f.read_text().splitlines()[0]
        assert re.match(r"# Source: https://github\.com/[\w.-]+/[\w.-]+ \(.+, commit [0-9a-f]{40}\)", first), f


@pytest.mark.parametrize("path", CORPUS, ids=[f.stem for f in CORPUS])
def test_grader_agrees_with_the_independent_check(path, zygote):
    source = path.read_text()
    verdict = verdict_of(path)
    wrong = []
    for assignment, names in (("rnn_bptt", RNN), ("lstm_numpy", LSTM)):
        result = grade_source(assignment, source, path.stem, zygote=zygote)
        for t in result["tests"]:
            full = t["score"] == t["max_score"]
            if full != verdict[t["name"]]:
                wrong.append((t["name"], "correct" if verdict[t["name"]] else "buggy",
                              f"{t['score']}/{t['max_score']}", t["output"][:600]))
    assert not wrong, wrong


def test_corpus_holds_both_kinds():
    """The agreement above means something only if the corpus has right and buggy functions."""
    verdicts = [verdict_of(f) for f in CORPUS]
    right = sum(v for d in verdicts for v in d.values())
    buggy = sum(not v for d in verdicts for v in d.values())
    assert right >= 400 and buggy >= 20, (right, buggy)
