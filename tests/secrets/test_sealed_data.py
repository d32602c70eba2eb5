"""The sealed local checks: drawn afresh at every release, values only (plain JSON numbers
as decimal strings and plain float arrays), read without pickle, nothing for value
questions or questions without a local check."""
from __future__ import annotations

import json

import numpy as np
import pytest

from autograder.grading import spec
from autograder.sealed import Sealed, find
from autograder.sealing import SEALED_ARRAYS, SEALED_JSON, seal


@pytest.fixture(scope="module")
def two_seals(tmp_path_factory):
    asg = spec.load("rnn_bptt")
    out = []
    for k in range(2):
        folder = tmp_path_factory.mktemp(f"seal{k}")
        seal(asg, folder)
        out.append(folder)
    return asg, out


def test_each_release_draws_new_secret_states_and_inputs(two_seals):
    asg, (a, b) = two_seals
    ja, jb = (json.loads((f / SEALED_JSON).read_text()) for f in (a, b))
    for qid in ("grad_Z_t", "grad_H_tm1", "grad_W"):
        ra = [s["reference"] for s in ja["questions"][qid]["states"]]
        rb = [s["reference"] for s in jb["questions"][qid]["states"]]
        assert len(ra) == 8 and not set(ra) & set(rb)
    with np.load(a / SEALED_ARRAYS, allow_pickle=False) as na, np.load(b / SEALED_ARRAYS, allow_pickle=False) as nb:
        assert na.files == nb.files
        assert all(na[k].dtype == np.float64 for k in na.files)
        assert not any(np.array_equal(na[k], nb[k]) for k in na.files)


def test_value_questions_and_questions_without_local_check_are_not_sealed(two_seals):
    asg, (a, _) = two_seals
    sealed = json.loads((a / SEALED_JSON).read_text())["questions"]
    for q in asg.questions:
        assert (q.id in sealed) == (q.local_check and q.kind not in ("value", "manual")), q.id


def test_sealed_entries_hold_numbers_and_words_only(two_seals):
    _, (a, _) = two_seals
    entry = json.loads((a / SEALED_JSON).read_text())["questions"]["grad_H_tm1"]
    assert set(entry) == {"kind", "last_step", "target", "states", "terms", "mistakes", "quick"}
    for state in entry["states"]:
        float(state["reference"])
        assert all(float(v) == float(v) for v in state["values"].values())
    assert all(isinstance(m["words"], str) and all(float(v) for v in m["values"]) for m in entry["mistakes"])
    # the quick reader's entry: the same secret states (the reference point by point), the
    # values of the quantities there, and names; no formula
    quick = entry["quick"]
    assert set(quick) == {"format", "target", "last_step", "dps", "tolerance_digits", "functions",
                          "quick_functions", "spellings", "states", "latex_names", "latex_variants",
                          "latex_display", "latex_d_is_name"}
    assert [float(s["reference"]) for s in quick["states"]] == [float(s["reference"]) for s in entry["states"]]
    for state in quick["states"]:
        assert all(float(v) == float(v) for v in state["values"].values())
    assert all(isinstance(w, str) and isinstance(m, str) and isinstance(noted, bool)
               for w, (m, noted) in quick["spellings"].items())
    assert all(isinstance(f, str) and f.isidentifier() for f in quick["functions"] + quick["quick_functions"])
    names = set(quick["latex_display"])
    assert set(quick["latex_names"].values()) - {None} <= names
    assert set(quick["latex_variants"].values()) - {None} <= names
    assert all(isinstance(k, str) for k in [*quick["latex_names"], *quick["latex_variants"], *quick["latex_display"].values()])


def test_arrays_with_objects_are_refused_not_unpickled(tmp_path, capsys):
    (tmp_path / SEALED_JSON).write_text(json.dumps({"format": 1, "assignment": "x", "questions": {}}))
    np.savez(tmp_path / SEALED_ARRAYS, evil=np.array([{"a": 1}], dtype=object))
    sealed = find("x", [tmp_path])
    assert isinstance(sealed, Sealed)
    with pytest.raises(ValueError, match="allow_pickle"):
        sealed.array("evil")
