"""Realistic wrong submissions grade below full marks, with feedback that names the mistake."""
import pytest

from autograder.grading.spec import load

from .conftest import ASSIGNMENTS, auto_fractions, grade

# (assignment, submission): {question: (largest fraction allowed, words the feedback must contain)}
EXPECTED = {
    ("lstm_univariate", "seed_last_step_forms"): {
        "grad_h_general": (0.25, ["no contribution through f_{t+1}", "Ctilde_{t+1}"]),
        "grad_C_general": (0.25, ["time step of f_t"]),
        "grad_W_hi": (0.3, ["as if that step were the last"]),
    },
    ("lstm_univariate", "derivative_slips"): {
        "grad_C_last": (0.25, ["derivative of tanh", "(1 - tanh)^2"]),
        "grad_W_hf": (0.25, ["derivative of the sigmoid"]),
        "grad_o_last": (0.0, ["ends with '+'", "^"]),
    },
    ("lstm_univariate", "broken_derivation"): {
        "derive_grad_i_general": (0.5, ["Step 2 does not follow from step 1"]),
    },
    ("rnn_bptt", "seed_one_minus_h_squared"): {
        "grad_Z_t": (0.25, ["(1 - tanh)^2 is not it"]),
        "step_functions": (0.6, ["a square is in the wrong place ((1 - y)²"]),
        "gradient_ratio": (0.0, ["is not the expected value"]),
    },
    ("rnn_bptt", "missing_terms"): {
        "grad_H_tm1": (0.5, ["delta_{t-1}"]),
        "sequence_functions": (0.6, ["a term of a sum is missing", "dx is wrong at steps t=[0, 1, 2, 3, 4, 5]"]),
    },
    ("rnn_bptt", "overwritten_dWh"): {
        "sequence_functions": (0.9, ["dWh is overwritten at each step instead of accumulated"]),
        "grad_W": (0.3, ["adds up the contributions of all steps"]),
    },
    ("lstm_numpy", "gate_order_ifgo"): {
        "step_functions": (0.3, ["gate order differs from i, f, o, g", "i, f, g, o"]),
        "component_0": (0.0, ["is not the expected value"]),
    },
    ("lstm_numpy", "cell_gradient_without_h_path"): {
        "step_functions": (0.6, ["a term of a sum is missing", "(the i, f, g gate blocks)"]),
        "component_2": (0.0, ["is not the expected value"]),
    },
    ("lstm_numpy", "overwritten_dWh"): {
        "sequence_functions": (0.9, ["dWh is overwritten"]),
    },
    ("lstm_gradient_flow", "clipping_nan_on_zero"): {
        "clipping": (0.85, ["FAIL zero gradient", "ZeroDivisionError"]),
    },
    ("lstm_gradient_flow", "clipping_each_array"): {
        "clipping": (0.5, ["each array was clipped on its own", "global norm"]),
    },
    ("lstm_gradient_flow", "path_slips"): {
        "cell_path": (0.25, ["Not equal", "one step off"]),
        "output_path": (0.25, ["chain-rule factor is missing"]),
        "output_path_bound": (0.0, ["is not the expected value"]),
    },
}


def test_every_submission_file_is_covered():
    on_disk = {(aid, p.stem) for aid in ASSIGNMENTS for p in load(aid).samples_dir.glob("*.ipynb")}
    assert on_disk == set(EXPECTED)
    for aid in {a for a, _ in EXPECTED}:
        assert len([1 for a, _ in EXPECTED if a == aid]) >= 3


@pytest.mark.parametrize("aid,name", sorted(EXPECTED))
def test_wrong_submission(aid, name, zygote):
    result = auto_fractions(aid, grade(aid, load(aid).samples_dir / f"{name}.ipynb", "student-7", zygote))
    assert any(v[0] < 1 for v in result.values())
    for qid, (at_most, words) in EXPECTED[(aid, name)].items():
        fraction, feedback = result[qid]
        assert fraction <= at_most + 1e-9, (qid, fraction)
        assert fraction < 1
        for w in words:
            assert w in feedback, (qid, w, feedback)
    # questions the submission did not touch keep their points
    wrong = set(EXPECTED[(aid, name)])
    others = {q: v for q, v in result.items() if q not in wrong and v[0] < 1}
    assert not others or aid in ("rnn_bptt", "lstm_numpy"), others
