"""The same mistake costs the same share of the points in every expression question: one
table (autograder/expressions/credit.py), which an assignment's spec may override."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.catalog import check_answer
from autograder.expressions import credit
from autograder.grading import spec

A, FLOW, RNN = "lstm_univariate", "lstm_gradient_flow", "rnn_bptt"
ROOT = Path(__file__).resolve().parents[2]

# kind -> answers with that one mistake, in different questions (assignment, question id, answer)
SAME_MISTAKE = {
    "wrong_time_step": [
        (A, "grad_C_general", "o_t*(1-tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1"),
        (A, "grad_f_general", "C_tm1*(o_t*(1-tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1)"),
        (FLOW, "cell_path", "f_t*f_tp1*f_tp2"),
    ],
    "missing_path": [
        (A, "grad_C_general", "f_tp1*grad_C_tp1"),
        (A, "grad_h_general", "W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1"
                              " + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1"),
        (RNN, "grad_H_tm1", "W*(1-H_t**2)*grad_H_t"),
    ],
    "missing_derivative": [
        (A, "grad_W_hi", "Sum(h_tm1*Ctilde_t*grad_C_t, (t, 1, T))"),
        (FLOW, "output_path", "W_ho*tanh(C_t)"),
        (A, "grad_o_last", "grad_h_t"),
    ],
    "last_step_form": [
        (A, "grad_C_general", "o_t*(1-tanh(C_t)**2)*grad_h_t"),
        (A, "grad_h_general", "W_y*y_t*(1-y_t)*grad_y_t"),
        (A, "grad_W_hi", "Sum(h_tm1*i_t*(1-i_t)*Ctilde_t*o_t*(1-tanh(C_t)**2)*W_y*y_t*(1-y_t)*grad_y_t,"
                         " (t, 1, T))"),
    ],
    "extra_derivative": [
        (A, "grad_i_general", "i_t*(1-i_t)*Ctilde_t*grad_C_t"),
        (A, "grad_o_general", "o_t*(1-o_t)*tanh(C_t)*grad_h_t"),
    ],
    "wrong_derivative": [
        (A, "grad_C_last", r"o_t (1-\tanh(C_t))^2 \nabla h_t"),
        (RNN, "grad_Z_t", "grad_H_t*(1-H_t)**2"),
    ],
}


@pytest.mark.parametrize("kind", sorted(SAME_MISTAKE))
def test_same_mistake_same_fraction_across_questions(kind):
    seen = set()
    for assignment, question, answer in SAME_MISTAKE[kind]:
        res = check_answer(assignment, question, answer)
        assert res.verdict == "incorrect", (question, res.feedback)
        assert res.diagnosis["credit"]["mistakes"] == [kind], (question, res.diagnosis)
        seen.add(res.score)
    assert seen == {credit.DEFAULT[kind]}


def test_every_catalogued_mistake_has_a_price():
    import re
    codes = set()
    for module in ("mistakes.py", "check.py"):
        text = (ROOT / "autograder" / "expressions" / module).read_text()
        codes |= set(re.findall(r'Mutant\("([a-z_]+)"', text))
        codes |= set(re.findall(r'\("(sigma_[a-z_]+)",', text))
    assert codes and codes <= set(credit.KINDS), sorted(codes - set(credit.KINDS))
    assert set(credit.KINDS.values()) | set(credit.FITTED.values()) | {"broken_step"} == credit.RULES


def test_two_mistakes_keep_the_product():
    res = check_answer(A, "grad_h_general", "W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_y*y_t*(1-y_t)*grad_y_t"
                                            " + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1")
    assert res.diagnosis["credit"]["mistakes"] == ["missing_path", "missing_path"]
    assert res.score == 0.25


def test_a_number_and_an_unexplained_answer_earn_nothing():
    assert check_answer(A, "grad_C_general", "0").score == 0
    res = check_answer(A, "grad_C_general", "h_t*W_y*grad_y_t")
    assert res.verdict == "incorrect" and res.score == 0 and "credit" not in res.diagnosis


def _spec_with(tmp_path, assignment: str, question: str, lines: str) -> Path:
    """A copy of an assignment's spec with `lines` added to one question."""
    root = tmp_path / "assignments"
    shutil.copytree(ROOT / "assignments" / assignment, root / assignment)
    path = root / assignment / "assignment.toml"
    text = path.read_text()
    head = f'id = "{question}"\n'
    at = text.index(head)
    end = text.find("\n[[question]]", at)
    end = len(text) if end < 0 else end
    path.write_text(text[:end] + "\n" + lines + "\n" + text[end:])
    return root


def test_spec_overrides_a_fraction_for_one_question(tmp_path):
    root = _spec_with(tmp_path, A, "grad_C_general", "[question.credit]\nwrong_time_step = 0.6")
    env = {**os.environ, "AUTOGRADER_ASSIGNMENTS": str(root)}
    cmd = [sys.executable, "-m", "autograder.cli", "check", A]
    wrong_step = "o_t*(1-tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1"
    out = subprocess.run([*cmd, "grad_C_general", wrong_step, "--json"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["score"] == 0.6
    # the other questions keep the table
    other = "C_tm1*(o_t*(1-tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1)"
    out = subprocess.run([*cmd, "grad_f_general", other, "--json"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert json.loads(out.stdout)["score"] == credit.DEFAULT["wrong_time_step"]


def test_spec_with_an_unknown_credit_rule_is_refused(tmp_path):
    root = _spec_with(tmp_path, A, "grad_C_general", "[question.credit]\nwrong_timestep = 0.5")
    with pytest.raises(spec.SpecError, match="wrong_timestep.*grad_C_general|grad_C_general.*wrong_timestep"):
        spec.load_file(root / A / "assignment.toml")
    root = _spec_with(tmp_path / "b", A, "grad_C_general", "[question.credit]\nmissing_path = 1.5")
    with pytest.raises(spec.SpecError, match="between 0 and 1"):
        spec.load_file(root / A / "assignment.toml")
