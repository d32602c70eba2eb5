"""`autograder assignments` lists spec questions; `autograder check` takes spec question ids."""
import json

from click.testing import CliRunner

from autograder.cli import main


def test_assignments_lists_spec_questions():
    r = CliRunner().invoke(main, ["assignments"])
    assert r.exit_code == 0
    for line in ("grad_C_general", "derive_grad_i_general", "clipping", "component_2", "why_clip"):
        assert line in r.output
    assert "lstm_gradient_flow" in r.output and "(100 points)" in r.output


def test_check_uses_the_spec_question():
    # the same text is right at the last step and wrong at a general step
    last = CliRunner().invoke(main, ["check", "lstm_univariate", "grad_C_last",
                                     "o_t*(1-tanh(C_t)**2)*grad_h_t", "--json"])
    general = CliRunner().invoke(main, ["check", "lstm_univariate", "grad_C_general",
                                        "o_t*(1-tanh(C_t)**2)*grad_h_t", "--json"])
    assert json.loads(last.output)["verdict"] == "correct"
    assert json.loads(general.output)["verdict"] == "incorrect"
    path = CliRunner().invoke(main, ["check", "lstm_gradient_flow", "cell_path", "f_tp1*f_tp2*f_tp3"])
    assert path.output.startswith("correct")
    ref_name = CliRunner().invoke(main, ["check", "lstm_univariate", "grad_o_t", "tanh(C_t)*grad_h_t"])
    assert ref_name.output.startswith("correct")


def test_check_refuses_non_text_questions():
    r = CliRunner().invoke(main, ["check", "rnn_bptt", "step_functions", "x"])
    assert r.exit_code == 2 and "code question" in r.output
