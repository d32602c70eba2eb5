"""A question with `local_check = false` gets no verdict from the notebook's `check` or
`verify`, nor from the CLI: the same words, no exception, the same return value, whether the
answer is right or wrong. Run from the outside: a Python process in the assignment's folder
whose namespace is the notebook's (its first cell sets ASSIGNMENT), and the command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from autograder.value_seed import value_seed

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOK = r"""
import json, sys
ASSIGNMENT = "rnn_bptt"
from autograder.student import check, verify
answer = json.loads(sys.argv[1])
gradient_ratio = answer
check("gradient_ratio", gradient_ratio)
try:
    value = verify("gradient_ratio", gradient_ratio)
    print("returned", repr(value))
except BaseException as err:      # a verdict by raising would show here
    print("raised", type(err).__name__)
"""


def run_notebook(answer) -> str:
    out = subprocess.run([sys.executable, "-c", NOTEBOOK, json.dumps(answer)], capture_output=True,
                         text=True, cwd=ROOT / "assignments" / "rnn_bptt", timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_verify_and_check_say_the_same_for_right_and_wrong_values():
    from autograder.grading import spec

    right = spec.load("rnn_bptt").question("gradient_ratio").expected_value(value_seed("rnn_bptt", None))
    said = {name: run_notebook(v) for name, v in
            (("right", right), ("wrong", right * 3), ("none", None), ("text", "abc"))}
    assert len(set(said.values())) == 1, said
    out = said["right"]
    assert "no local check" in out and "returned None" in out, out
    assert "correct" not in out.replace("not right", "")


def test_cli_check_refuses_a_question_without_local_check():
    def cli(answer):
        r = subprocess.run([sys.executable, "-m", "autograder.cli", "check", "rnn_bptt", "gradient_ratio",
                            answer], capture_output=True, text=True, cwd=ROOT, timeout=300)
        return r.returncode, r.stdout, r.stderr

    from autograder.grading import spec

    right = spec.load("rnn_bptt").question("gradient_ratio").expected_value(value_seed("rnn_bptt", None))
    first = cli(repr(right))
    assert first == cli("0.5") == cli("x+"), first
    assert first[0] == 2 and "no local check" in first[2], first
