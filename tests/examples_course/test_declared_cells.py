"""The course folder examples/course/ declares two cells the package knows nothing about
(a GRU and an LSTM with a coupled input-forget gate). Everything the grader does for them
comes from the declarations: references, the mistake catalogue, diagnosis."""
import re
from pathlib import Path

import pytest

from autograder.derive.printing import to_text
from autograder.derive.references import reference
from autograder.expressions.check import check_expression
from autograder.models import get_model

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "examples" / "course"
MODELS = COURSE / "models"

# (model, question, last step, answer, words the reason must contain)
SLIPS = [
    # GRU: the update gate's complement, signs, a missing tanh', steps, paths, sums
    ("gru", "grad_n_t", False, "grad_h_t*z_t", ["z_t", "complement"]),
    ("gru", "grad_z_t", False, "grad_h_t*(n_t - h_tm1)", ["sign"]),
    ("gru", "grad_r_t", False, "W_hn*grad_n_t*h_tm1", ["derivative of tanh", "n_t"]),
    ("gru", "grad_r_t", False, "W_hn*grad_n_t*h_t*(1-n_t**2)", ["time step of h_t"]),
    ("gru", "grad_h_t", False,
     "W_hn*grad_n_tp1*r_tp1*(1 - n_tp1**2) + W_hr*grad_r_tp1*r_tp1*(1 - r_tp1)"
     " + W_hz*grad_z_tp1*z_tp1*(1 - z_tp1) + W_y*grad_y_t*y_t*(1 - y_t)",
     ["no contribution through h_{t+1}"]),
    ("gru", "grad_h_t", False,
     "W_hn*grad_n_tp1*r_tp1*(1 - n_tp1**2) + W_hr*grad_r_tp1*r_tp1*(1 - r_tp1)"
     " + W_hz*grad_z_tp1*z_tp1*(1 - z_tp1) + W_y*grad_y_t*y_t*(1 - y_t) + grad_h_tp1*z_t",
     ["time step of z_t"]),
    ("gru", "grad_W_hz", False, "Sum(grad_z_t*h_tm1*z_t*(1 - z_t), (t, 1, T-1))", ["last step T"]),
    ("gru", "grad_W_hz", False, "Sum(grad_z_t*h_t*z_t*(1 - z_t), (t, 1, T))", ["time step of h_t"]),
    ("gru", "grad_h_t", True, "W_y*grad_y_t*y_t", ["sigmoid that gives y_t"]),
    # CIFG: the coupled gate's two terms, complements, steps, the t+1 path
    ("cifg", "grad_f_t", False, "grad_C_t*C_tm1", ["missing", "Ctilde_t"]),
    ("cifg", "grad_f_t", False, "grad_C_t*(C_tm1 + Ctilde_t)", ["Ctilde_t", "wrong sign"]),
    ("cifg", "grad_f_t", False, "grad_C_t*(C_t - Ctilde_t)", ["time step of C_t"]),
    ("cifg", "grad_Ctilde_t", False, "grad_C_t*f_t", ["f_t", "complement"]),
    ("cifg", "grad_Ctilde_t", False, "grad_C_t*(1-f_t)*(1-Ctilde_t**2)", ["pre-activation of Ctilde_t"]),
    ("cifg", "grad_C_t", False, "grad_h_t*o_t*(1 - tanh(C_t)**2)", ["no contribution through C_{t+1}"]),
    ("cifg", "grad_C_t", False, "f_t*grad_C_tp1 + grad_h_t*o_t*(1 - tanh(C_t)**2)", ["time step of f_t"]),
    ("cifg", "grad_W_hf", False, "Sum(f_t*grad_f_t*h_t*(1 - f_t), (t, 1, T))", ["time step of h_t"]),
]


@pytest.mark.parametrize("model, question, last, answer, words", SLIPS,
                         ids=[f"{s[0]}:{s[1]}:{s[3][:24]}" for s in SLIPS])
def test_a_slip_is_diagnosed_with_its_gate_and_step(model, question, last, answer, words):
    m = get_model(model, beside=MODELS)
    result = check_expression(m, question, answer, last_step=last)
    assert result.verdict == "incorrect"
    for w in words:
        assert w in result.feedback, result.feedback
    assert to_text(reference(m, question, last_step=last)) not in result.feedback


@pytest.mark.parametrize("model, question, last", sorted({(s[0], s[1], s[2]) for s in SLIPS}))
def test_the_reference_and_an_equal_rewriting_are_right(model, question, last):
    m = get_model(model, beside=MODELS)
    ref = reference(m, question, last_step=last)
    assert check_expression(m, question, to_text(ref), last_step=last).verdict == "correct"
    if last:      # at the last step, written out down to forward values
        expanded = reference(m, question, form="expanded", last_step=True)
        assert check_expression(m, question, to_text(expanded), last_step=True).verdict == "correct"


def test_the_package_holds_nothing_specific_to_the_course_cells():
    """No file, branch or name of the package mentions the example cells or their homework."""
    words = re.compile(r"\b(gru|cifg|gru_univariate|cifg_univariate|gru_numpy|cifg_numpy|W_hz|W_hn|W_hr)\b",
                       re.I)
    hits = []
    for path in (ROOT / "autograder").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".toml", ".json", ".txt", ".md"):
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if words.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not hits, "\n".join(hits)
