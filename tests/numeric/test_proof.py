"""The authoring-time proof: a solution's backward agrees with exact derivatives of its own
forward, and a broken one is named by function and output."""
import json
import shutil
from pathlib import Path

import numpy as np

from autograder.grading.spec import load
from autograder.numeric import proof

ROOT = Path(__file__).resolve().parents[2]


def course_copy(tmp_path, aid, old=None, new=None) -> Path:
    """A course folder holding assignment `aid` and its solution, edited once."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "assignments" / aid, root / "assignments" / aid)
    if old is not None:
        nb_path = load(aid, root / "assignments").solution_path
        nb = json.loads(nb_path.read_text())
        cells = [c for c in nb["cells"] if old in "".join(c["source"])]
        assert len(cells) == 1, old
        cells[0]["source"] = "".join(cells[0]["source"]).replace(old, new)
        nb_path.write_text(json.dumps(nb, indent=1))
    return root / "assignments"


def test_the_solutions_are_proved():
    assert proof.problems("lstm_numpy") == []
    assert proof.problems("rnn_bptt") == []


def test_a_broken_backward_is_named_with_its_output_and_line(tmp_path):
    root = course_copy(tmp_path, "lstm_numpy", "dprev_c = dc * f", "dprev_c = dc")
    found = proof.problems(load("lstm_numpy", root))
    step = [p for p in found if p.message.startswith("lstm_step_backward:")]
    assert [p.message.split(" (")[0] for p in step] == ["lstm_step_backward: dprev_c"], found
    assert "complex-step" in step[0].message
    assert step[0].file.endswith("lstm_numpy.ipynb")
    line = Path(step[0].file).read_text().splitlines()[step[0].line - 1]
    assert "def lstm_step_backward(" in line
    # the sequence backward calls the broken step: its gradients are wrong too
    assert any(p.message.startswith("lstm_backward: dx") for p in found)


def test_a_wrong_sign_in_a_sequence_backward_is_found_by_central_differences(tmp_path):
    # the sequence forward fills a float buffer: complex numbers do not go through it
    root = course_copy(tmp_path, "rnn_bptt", "        db += db_t", "        db -= db_t")
    found = proof.problems(load("rnn_bptt", root))
    assert [p.message.split(" (")[0] for p in found] == ["rnn_backward: db"], found
    assert "central-difference" in found[0].message


def test_a_forward_that_is_not_analytic_is_still_proved(tmp_path):
    # |z| has no complex derivative: the complex step is wrong there and must not decide
    stable = ("def sigmoid(z):\n    e = np.exp(-np.abs(z))\n"
              "    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))")
    root = course_copy(tmp_path, "lstm_numpy", "def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))", stable)
    assert proof.problems(load("lstm_numpy", root)) == []


def test_directional_derivatives_are_exact_for_analytic_code():
    x = {"w": np.array([0.3, -1.2])}
    v = np.array([1.0, 2.0])
    value, how = proof.directional(lambda d: np.sum(np.tanh(d["w"]) ** 3), x, "w", v)
    exact = float(np.sum(3 * np.tanh(x["w"]) ** 2 * (1 - np.tanh(x["w"]) ** 2) * v))
    assert how == "complex-step" and abs(value - exact) < 1e-15
