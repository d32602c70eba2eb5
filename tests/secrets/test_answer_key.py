"""The instructor's answer key from the command: every question id with its answer, each
expression answer in text and LaTeX that the grader itself marks correct, the value
answers for a student id, and `reference` taking question ids as `check` does."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.value_seed import value_seed

ROOT = Path(__file__).resolve().parents[2]


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def blocks(out: str) -> dict[str, list[str]]:
    found, current = {}, None
    for line in out.splitlines()[1:]:
        if line and not line.startswith(" "):
            current = line.split()[0]
            found[current] = []
        elif current and line.strip():
            found[current].append(line.strip())
    return found


@pytest.mark.parametrize("aid", ["rnn_bptt", "lstm_gradient_flow", "lstm_univariate", "lstm_numpy"])
def test_key_lists_every_question_with_its_answer(aid):
    from autograder.grading import spec

    asg = spec.load(aid)
    r = cli("key", aid, "--student-id", "alice")
    assert r.returncode == 0, r.stderr
    found = blocks(r.stdout)
    assert list(found) == [q.id for q in asg.questions]
    for q in asg.questions:
        body = found[q.id]
        if q.kind in ("expression", "derivation"):
            text = next(b for b in body if b.startswith("text:"))[len("text:"):].strip()
            latex = next(b for b in body if b.startswith("latex:"))[len("latex:"):].strip()
            for answer in (text, latex):     # both forms are what the grader marks correct
                c = cli("check", aid, q.id, answer)
                assert c.stdout.startswith("correct"), (q.id, answer, c.stdout, c.stderr)
            ref = cli("reference", aid, q.id)
            assert ref.returncode == 0 and ref.stdout.strip() == text, (ref.stdout, ref.stderr)
            ref = cli("reference", aid, q.id, "--latex")
            assert ref.stdout.strip() == latex
        elif q.kind == "value":
            value = float(re.search(rf"{q.variable} = (\S+)", body[0]).group(1))
            assert value == pytest.approx(q.expected_value(value_seed(aid, "alice")), rel=1e-12)
        elif q.kind == "code":
            assert all(f in body[0] for f in q.functions)
        elif q.kind == "function":
            assert q.function.name in body[0] and q.function.reference in body[0], body


def test_reference_of_a_value_question_says_where_the_answer_is():
    r = cli("reference", "rnn_bptt", "spectral_radius")
    assert r.returncode == 2 and "autograder key rnn_bptt" in r.stderr and "Traceback" not in r.stderr
