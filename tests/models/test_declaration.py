"""Reading a model declaration: every inconsistency is reported with its file and line,
and nothing in the file is run."""
from pathlib import Path

import pytest

from autograder.models import available_models, declaration_path, get_model
from autograder.models.declaration import DeclarationError, load, problems, read

ROOT = Path(__file__).resolve().parents[2]

# a small cell, every field in use; line numbers below refer to this text
GOOD = """\
name = "cell"
title = "A small cell"
weights = [
    { name = "W", latex = 'W', meaning = "recurrent weight" },
    { name = "U", latex = 'U', meaning = "input weight" },
]
inputs = [{ name = "X", latex = 'X', meaning = "input" }]
initial = ["H"]

[[nodes]]
name = "Z"
latex = 'Z'
meaning = "pre-activation"
formula = "W*H_tm1 + U*X_t"

[[nodes]]
name = "H"
latex = 'H'
meaning = "hidden state"
formula = "tanh(Z_t)"

[given]
H = { name = "delta", latex = '\\delta' }

[[aliases]]
text = "s"
latex = 's'
means = [["H", "the hidden state s_t"]]
"""


def write(tmp_path, text, name="cell"):
    path = tmp_path / "models" / f"{name}.model.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(tmp_path, text, name="cell"):
    path = write(tmp_path, text, name)
    model, found = read(path)
    assert model is None and len(found) == 1, found
    assert found[0].file == str(path)
    return found[0]


def test_a_good_declaration_reads_into_a_model(tmp_path):
    model = load(write(tmp_path, GOOD))
    assert model.name == "cell" and model.node_names == ("Z", "H")
    assert str(model.definitions["Z"]) == "H_tm1*W + U*X_t"
    assert str(model.definitions["H"]) == "tanh(Z_t)"
    assert model.given == {"H": ("delta", r"\delta")} and model.initial == ("H",)
    assert model.aliases[0].means == (("H", "the hidden state s_t"),)
    assert problems(tmp_path) == []


def test_get_model_reads_beside_first_then_the_package_course_folder(tmp_path):
    write(tmp_path, GOOD)
    folder = tmp_path / "models"
    assert get_model("cell", beside=folder).node_names == ("Z", "H")
    assert get_model("cell", beside=folder) is get_model("cell", beside=folder)   # read once
    assert available_models(folder) == ["cell", "lstm_univariate", "rnn"]
    assert declaration_path("rnn", folder) == ROOT / "assignments" / "models" / "rnn.model.toml"
    with pytest.raises(KeyError, match="unknown model 'gru'; known models: cell, lstm_univariate, rnn"):
        get_model("gru", beside=folder)


def test_the_course_folder_declares_the_models_without_problems():
    assert problems(ROOT / "assignments") == []
    assert available_models() == ["lstm_univariate", "rnn"]


def test_an_unknown_quantity_in_a_formula(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("U*X_t", "V*X_t"))
    assert p.line == 14 and "the formula of Z" in p.message and "'V' is not a quantity" in p.message


def test_a_variant_spelling_is_not_read_as_the_name(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("tanh(Z_t)", "tanh(z_t)"))
    assert p.line == 20 and "write the model's own names: Z_t for z_t" in p.message


def test_bad_syntax_in_a_formula(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("tanh(Z_t)", "tanh(Z_t"))
    assert p.line == 20 and "the formula of H" in p.message and "never closed" in p.message


def test_code_in_a_formula_is_refused_not_run(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("tanh(Z_t)", "__import__('os').system('true')"))
    assert p.line == 20 and "the formula of H" in p.message


def test_bad_toml_names_its_line(tmp_path):
    p = only_problem(tmp_path, GOOD.replace('meaning = "hidden state"', 'meaning = "hidden state'))
    assert p.line == 19 and "not valid TOML" in p.message


def test_a_cycle_at_the_same_step(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("W*H_tm1 + U*X_t", "W*H_t + U*X_t"))
    assert p.line == 14 and "depend on each other at the same step: Z_t -> H_t -> Z_t" in p.message


def test_nodes_are_declared_in_the_order_they_are_computed(tmp_path):
    text = GOOD.replace("W*H_tm1 + U*X_t", "W*H_tm1 + U*X_t + Q_t") + \
        '\n[[nodes]]\nname = "Q"\nlatex = \'Q\'\nmeaning = "later"\nformula = "X_t"\n'
    p = only_problem(tmp_path, text)
    assert p.line == 14 and "uses Q_t, declared after it" in p.message


@pytest.mark.parametrize("old, new, line, words", [
    ("W*H_tm1 + U*X_t", "W*H_tp1 + U*X_t", 14, "H_tp1, a later step"),
    ("W*H_tm1 + U*X_t", "W*H_0 + U*X_t", 14, "H_0, a concrete step"),
    ("W*H_tm1 + U*X_t", "W*H_tm1 + U*X_tm1", 14, "an input is used at its own step"),
    ('initial = ["H"]', "initial = []", 14, "H has no value before step 1"),
])
def test_steps_a_formula_may_not_use(tmp_path, old, new, line, words):
    p = only_problem(tmp_path, GOOD.replace(old, new))
    assert p.line == line and words in p.message


def test_a_missing_field_of_a_node(tmp_path):
    p = only_problem(tmp_path, GOOD.replace('meaning = "hidden state"\n', ""))
    assert p.line == 16 and "nodes entry 2 (H): missing field 'meaning'" in p.message


def test_a_missing_top_level_field(tmp_path):
    found = read(write(tmp_path, GOOD.replace('title = "A small cell"\n', "")))[1]
    assert [(p.line, p.message) for p in found] == [(1, "missing field 'title'")]


def test_a_misspelt_field_is_named(tmp_path):
    found = read(write(tmp_path, GOOD.replace("formula = \"tanh", "formla = \"tanh")))[1]
    assert [(p.line, p.message) for p in found] == [
        (20, "nodes entry 2: unknown field 'formla'; an entry has name, latex, meaning, formula"),
        (16, "nodes entry 2 (H): missing field 'formula'")]


def test_a_duplicate_name(tmp_path):
    p = only_problem(tmp_path, GOOD.replace('{ name = "U", latex', '{ name = "W", latex').replace("U*X_t", "X_t"))
    assert p.line == 5 and "'W' is declared twice" in p.message


def test_a_node_named_like_a_weight_is_a_duplicate(tmp_path):
    text = GOOD.replace('name = "Z"', 'name = "U"').replace("tanh(Z_t)", "tanh(U_t)") \
        .replace("W*H_tm1 + U*X_t", "W*H_tm1 + X_t")
    p = only_problem(tmp_path, text)
    assert p.line == 11 and "'U' is declared twice (already among the weights)" in p.message


def test_a_name_that_looks_like_a_step(tmp_path):
    p = only_problem(tmp_path, GOOD.replace('{ name = "U", latex', '{ name = "U_t", latex').replace("U*X_t", "X_t"))
    assert p.line == 5 and "ends like a step" in p.message


def test_two_quantities_with_the_same_latex(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("latex = 'Z'", "latex = 'H'"))
    assert p.line == 18 and "H and Z have the same LaTeX 'H'" in p.message


def test_a_latex_that_is_not_one_name(tmp_path):
    p = only_problem(tmp_path, GOOD.replace("latex = 'Z'", "latex = 'Z + 1'"))
    assert p.line == 12 and "latex 'Z + 1' is not one LaTeX name" in p.message


def test_where_the_loss_enters_must_be_a_node(tmp_path):
    p = only_problem(tmp_path, GOOD.replace('H = { name = "delta"', 'Y = { name = "delta"'))
    assert p.line == 23 and "given: 'Y' is not a node" in p.message


def test_an_alias_of_something_the_model_lacks(tmp_path):
    p = only_problem(tmp_path, GOOD.replace('means = [["H"', 'means = [["C"'))
    assert p.line == 25 and "stands for C" in p.message


def test_the_file_is_named_after_the_model(tmp_path):
    p = only_problem(tmp_path, GOOD, name="other")
    assert p.line == 1 and "name the file after the model" in p.message


def test_every_problem_is_reported_at_once(tmp_path):
    write(tmp_path, GOOD.replace("U*X_t", "V*X_t").replace("tanh(Z_t)", "tanh(Z_t"))
    found = problems(tmp_path)
    assert [p.line for p in found] == [14, 20]
    with pytest.raises(DeclarationError) as err:
        load(tmp_path / "models" / "cell.model.toml")
    assert str(err.value).count("cell.model.toml:") == 2
