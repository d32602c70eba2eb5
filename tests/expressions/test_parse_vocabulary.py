"""Every name of both models parses, in text and in its LaTeX form, to its one Symbol."""
import pytest

from autograder.expressions.parse import parse_answer
from autograder.expressions.parse_latex import parse_latex
from autograder.expressions.parse_text import parse_text
from autograder.models.naming import sym
from parse_vocabularies import lstm_latex, rnn_latex, lstm_vocabulary, rnn_vocabulary

LSTM, RNN = lstm_vocabulary(), rnn_vocabulary()
CASES = [(LSTM, n, tex) for n, tex in lstm_latex().items()] + \
        [(RNN, n, tex) for n, tex in rnn_latex().items()]


@pytest.mark.parametrize("vocab,name,tex", CASES, ids=[c[1] + "@" + str(i) for i, c in
                                                         enumerate(CASES)])
def test_every_name_in_text_and_latex(vocab, name, tex):
    assert parse_text(name, vocab) is sym(name)
    assert parse_latex(tex, vocab) is sym(name)
    assert parse_answer(f"${tex}$", vocab) is sym(name)


@pytest.mark.parametrize("tex,name", [
    ("W^{h f}", "W_hf"), ("W^{hf}", "W_hf"), ("W^{ h f }", "W_hf"), ("W^y", "W_y"),
    ("W_0^f", "W0_f"), ("W_{0}^{f}", "W0_f"), ("W_0^y", "W0_y"), ("W^{f}_0", "W0_f"),
    ("C_{t-1}", "C_tm1"), ("C_{t - 1}", "C_tm1"), ("h_{t+1}", "h_tp1"), ("X_t", "X_t"),
    (r"\tilde C_t", "Ctilde_t"), (r"\tilde{C}_{t+1}", "Ctilde_tp1"), ("h_0", "h_0"),
    ("C_{12}", "C_12"), (r"\nabla W^{hi}", "grad_W_hi"), (r"\nabla\tilde{C}_{t+1}",
                                                          "grad_Ctilde_tp1"),
    (r"\frac{\partial \mathcal{L}}{\partial h_t}", "grad_h_t"),
    (r"\frac{\partial L}{\partial C_{t+1}}", "grad_C_tp1"),
    (r"\dfrac{\partial \mathcal L}{\partial W^{hi}}", "grad_W_hi"),
])
def test_latex_spellings_of_one_name(lstm, tex, name):
    assert parse_latex(tex, lstm) is sym(name)


def test_rnn_names(rnn):
    assert parse_latex(r"\delta_t", rnn) is sym("delta_t")
    assert parse_latex(r"\nabla H_{t-1}", rnn) is sym("grad_H_tm1")
    assert parse_text("grad_W + grad_U", rnn) == sym("grad_W") + sym("grad_U")


def test_suggestions(lstm):
    assert lstm.suggest("c_t")[0] == "C_t"
    assert lstm.suggest("w_y")[0] == "W_y"
    assert lstm.lookup("nope") is None


def test_vocabulary_rejects_ambiguous_latex():
    from autograder.expressions.vocabulary import Vocabulary
    with pytest.raises(ValueError):
        Vocabulary({"a": sym("a"), "b": sym("b")}, {"a": "W^{hf}", "b": "W^{h f}"})


def test_model_vocabularies_have_one_latex_form_per_name():
    # a model's vocabulary reads its LaTeX names when a LaTeX answer first needs them;
    # reading them all must find no two names with the same LaTeX
    from autograder.expressions.latex_tokens import canonical_name
    from autograder.expressions.model_vocabulary import vocabulary_for
    from autograder.models import available_models, get_model
    for model in map(get_model, available_models()):
        vocab = vocabulary_for(model)
        vocab.check_latex()
        for name, tex in vocab.latex.items():
            assert vocab.resolve_latex(canonical_name(tex)) == name
