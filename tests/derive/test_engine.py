"""Unit tests of the derivation machinery: naming, time shifts, edges, references."""
import pytest
import sympy

from autograder.derive import UnknownQuestion, one_level, reference, resolve
from autograder.derive.local import edges, partial
from autograder.derive.paths import PathTable, one_level_branches, relative_paths
from autograder.derive.printing import to_latex, to_text
from autograder.derive.timeshift import pin, release, shift
from autograder.models import get_model
from autograder.models.naming import at_offset, split_time, sym

M, RNN = get_model("lstm_univariate"), get_model("rnn")


def test_names_round_trip():
    for base in ("f", "Ctilde", "grad_C"):
        for k in range(-3, 4):
            assert split_time(at_offset(base, k)) == (base, "offset", k)
    assert split_time("h_0") == ("h", "step", 0)
    assert split_time("W_hf") is None and split_time("W0_f") is None


def test_shift_pin_release():
    e = sym("f_tp1") * sym("grad_C_tp1") + sym("C_tm1")
    assert shift(e, -1) == sym("f_t") * sym("grad_C_t") + sym("C_tm2")
    assert pin(e, 3) == sym("f_4") * sym("grad_C_4") + sym("C_2")
    assert release(pin(e, 3), 3) == e


def test_edges_are_local_partials_in_node_values():
    by_consumer = {(e.consumer, e.lag): e.factor for e in edges(M)["h"]}
    assert by_consumer[("y", 0)] == sym("W_y") * sym("y_t") * (1 - sym("y_t"))
    assert by_consumer[("f", 1)] == sym("W_hf") * sym("f_tp1") * (1 - sym("f_tp1"))
    assert by_consumer[("Ctilde", 1)] == sym("W_hc") * (1 - sym("Ctilde_tp1") ** 2)
    assert {(e.consumer, e.lag) for e in edges(M)["C"]} == {("h", 0), ("C", 1)}


def test_last_step_drops_the_next_step_terms():
    general, last = one_level(M, "C", False), one_level(M, "C", True)
    assert general - last == sym("f_tp1") * sym("grad_C_tp1")
    assert one_level(RNN, "H", False) == sym("delta_t") + sym("W") * sym("grad_Z_tp1")


def test_branches_name_each_use():
    names = [b.via for b in one_level_branches(M, "h", last_step=False)]
    assert sorted(names) == sorted(["y_t", "f_tp1", "i_tp1", "o_tp1", "Ctilde_tp1"])


def test_path_counts_grow_as_the_graph_says():
    table = PathTable(M, 6)
    # h has 1 path at the last step, 5 with one step after, 2640 with five steps after
    assert [len(table.node("h", t)) for t in (6, 5, 1)] == [1, 5, 2640]
    names = [n for n, _ in relative_paths(M, "C", 1)]
    assert "C_t -> C_tp1 -> h_tp1 -> y_tp1" in names


def test_unknown_question_lists_valid_names_and_suggests_case():
    with pytest.raises(UnknownQuestion) as err:
        resolve(M, "grad_c_t")
    assert "grad_C_t" in err.value.message.split("Did you mean")[1][:20]
    with pytest.raises(UnknownQuestion):
        resolve(M, "grad_y_t")  # the given gradient is not a question
    with pytest.raises(UnknownQuestion):
        resolve(M, "grad_f_0")  # gates have no step 0


def test_reference_forms():
    assert to_text(reference(M, "grad_W_hi")) == "Sum(grad_i_t*h_tm1*i_t*(1 - i_t), (t, 1, T))"
    last = reference(M, "grad_f_t", "expanded", last_step=True)
    assert last.free_symbols == {sym(n) for n in
                                 ("C_tm1", "W_y", "grad_y_t", "o_t", "y_t", "C_t")}
    assert r"\nabla \tilde{C}_{t+1}" in to_latex(M, reference(M, "grad_h_t"))
    assert reference(M, "grad_C_tm1") == shift(reference(M, "grad_C_t"), -1)
    conc = reference(M, "grad_C_2", "expanded", horizon=2)
    assert all(not s.name.startswith("grad_") or s.name.startswith("grad_y") for s in conc.free_symbols)


@pytest.mark.parametrize("model", [M, RNN], ids=lambda m: m.name)
def test_local_partials_are_what_sympy_diff_gives(model):
    """`partial` (the chain rule over a definition's tree) gives, expression for
    expression, what sympy.diff gives, for every definition and every symbol in it."""
    for definition in model.definitions.values():
        for s in definition.free_symbols:
            assert partial(definition, s) == sympy.diff(definition, s), (definition, s)
    # and for what the rule does not cover itself, it is sympy.diff
    x = sym("h_t")
    assert partial(x ** x, x) == sympy.diff(x ** x, x)
