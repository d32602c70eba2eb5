"""Broken notebooks: each case grades a real rnn_bptt submission file that is truncated,
mangled, of the wrong kind or the wrong assignment. The grader never crashes, every
question gets a results entry, the questions the damage touches get nothing they did not
earn, the others keep their marks, and the feedback says plainly what happened.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from . import harness

pytestmark = pytest.mark.redteam("broken")

EVERYTHING = (*harness.EXPRESSIONS, *harness.CODE, *harness.VALUES)


def _grade(classroom, zygote, nb_or_bytes, name="mallory"):
    watch = classroom.watch()
    g = harness.grade(harness.write(nb_or_bytes, classroom.submissions / f"{name}.ipynb"), zygote)
    assert watch.changed() == []
    assert "Traceback" not in g.feedback()
    assert {t["number"] for t in g.result["tests"]} == set(EVERYTHING)
    return g


def _full(g, questions):
    for q in questions:
        assert g.full(q), (q, g.test(q))


def _nothing(g, saying: str):
    """An unreadable submission: every question 0, each saying why."""
    assert g.result["score"] == 0
    for t in g.result["tests"]:
        assert t["score"] == 0 and saying in t["output"], t
    assert saying in g.result["output"]


def _text() -> str:
    return harness.SOLUTION.read_text(encoding="utf-8")


# -- not a notebook at all ------------------------------------------------------------

def test_truncated_notebook_says_where_the_json_breaks(classroom, zygote):
    g = _grade(classroom, zygote, b'{\n "cells": [\n    x')
    _nothing(g, "the notebook is not valid JSON at line 3, column 5")


def test_notebook_cut_off_halfway(classroom, zygote):
    text = _text()
    cut = text[: len(text) // 2]
    try:
        json.loads(cut)
    except json.JSONDecodeError as e:
        where = f"at line {e.lineno}, column {e.colno}"
    g = _grade(classroom, zygote, cut.encode())
    _nothing(g, f"the notebook is not valid JSON {where}")
    assert "save it again" in g.feedback()


@pytest.mark.parametrize("opening", ["[", '{"a":'], ids=["lists", "objects"])
def test_json_nested_100000_deep(classroom, zygote, opening):
    closing = "]" if opening == "[" else "}"
    g = _grade(classroom, zygote, (opening * 100_000 + "1" + closing * 100_000).encode())
    _nothing(g, "not a valid notebook: its JSON is nested far too deeply")


def test_empty_file(classroom, zygote):
    _nothing(_grade(classroom, zygote, b""), "the file is empty")


def test_whitespace_only_file(classroom, zygote):
    _nothing(_grade(classroom, zygote, b"\n  \n\t"), "the file is empty")


def test_notebook_of_100_megabytes_is_refused_fast(classroom, zygote):
    # a real notebook whose first code cell carries one 100 MB output, written in chunks
    nb = harness.solution()
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "@@BIG@@"}]
    head, tail = json.dumps(nb).split("@@BIG@@")
    path = classroom.submissions / "mallory.ipynb"
    with path.open("wb") as f:
        f.write(head.encode())
        chunk = b"x" * (1 << 20)
        for _ in range(100):
            f.write(chunk)
        f.write(tail.encode())
    watch = classroom.watch()
    g = harness.grade(path, zygote)
    assert watch.changed() == []
    assert g.seconds < 2.0
    _nothing(g, "the file is 100 MB, more than the 20 MB allowed")


def test_notebook_that_is_a_json_list(classroom, zygote):
    g = _grade(classroom, zygote, json.dumps(harness.solution()["cells"]).encode())
    _nothing(g, "not a Jupyter notebook: its JSON is a list")


def test_notebook_that_is_a_json_string(classroom, zygote):
    _nothing(_grade(classroom, zygote, b'"rnn_bptt"'), "its JSON is a string")


def test_ipynb_that_is_a_zip(classroom, zygote):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("rnn_bptt.ipynb", _text())
    _nothing(_grade(classroom, zygote, buf.getvalue()), "the file is a zip archive, not a notebook")


def test_ipynb_that_is_a_png(classroom, zygote):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    _nothing(_grade(classroom, zygote, png), "the file is a PNG image, not a notebook")


def test_json_with_a_100000_digit_number(classroom, zygote):
    text = _text().replace('"nbformat": 4', '"nbformat": ' + "4" * 100_000, 1)
    _nothing(_grade(classroom, zygote, text.encode()), "the notebook is not valid JSON")


def test_notebook_of_another_assignment(classroom, zygote):
    lstm = harness.LSTM_SOLUTION.read_bytes()
    g = _grade(classroom, zygote, lstm)
    _nothing(g, "this looks like the notebook of assignment 'lstm_univariate', not 'rnn_bptt'")


def test_notebook_of_another_assignment_known_only_by_its_assignment_line(classroom, zygote):
    nb = harness.lstm_solution()
    nb["metadata"].pop("autograder", None)
    _nothing(_grade(classroom, zygote, nb), "the notebook of assignment 'lstm_univariate'")


# -- a notebook with damaged cells ---------------------------------------------------

def _without(nb, *grade_ids):
    nb = copy.deepcopy(nb)
    nb["cells"] = [c for c in nb["cells"]
                   if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in grade_ids]
    return nb


def test_answer_cells_deleted(classroom, zygote):
    nb = _without(harness.solution(), "answer_grad_Z_t", "answer_spectral_radius")
    g = _grade(classroom, zygote, nb)
    for q in ("grad_Z_t", "spectral_radius"):
        assert g.score(q) == 0
    assert "the answer cell 'answer_grad_Z_t' is missing from the notebook" in g.test("grad_Z_t")["output"]
    assert "does not define spectral_radius" in g.test("spectral_radius")["output"]
    _full(g, ("grad_H_tm1", "grad_W", *harness.CODE, "gradient_ratio"))


def test_grade_id_renamed(classroom, zygote):
    nb = harness.solution()
    cell = nb["cells"][harness.cell_index(nb, "answer_grad_W")]
    cell["metadata"]["nbgrader"]["grade_id"] = "my_answer_grad_W"
    g = _grade(classroom, zygote, nb)
    assert g.score("grad_W") == 0 and "'answer_grad_W' is missing" in g.test("grad_W")["output"]
    _full(g, [q for q in EVERYTHING if q != "grad_W"])


@pytest.mark.parametrize("order", ["wrong_then_right", "right_then_wrong"])
def test_answer_cell_duplicated(classroom, zygote, order):
    nb = harness.solution()
    i = harness.cell_index(nb, "answer_grad_Z_t")
    wrong = copy.deepcopy(nb["cells"][i])
    wrong["source"] = 'grad_Z_t = r"""\ngrad_H_t\n"""'
    nb["cells"].insert(i if order == "wrong_then_right" else i + 1, wrong)
    g = _grade(classroom, zygote, nb)
    # one rule, said in the feedback: the last copy is graded
    assert g.full("grad_Z_t") == (order == "wrong_then_right"), g.test("grad_Z_t")
    assert "appears 2 times; the last copy" in g.test("grad_Z_t")["output"]
    _full(g, [q for q in EVERYTHING if q != "grad_Z_t"])


def test_every_cell_with_the_same_id(classroom, zygote):
    nb = harness.solution()
    for c in nb["cells"]:
        c["id"] = "same"
    g = _grade(classroom, zygote, nb)
    assert g.result["score"] == 100, g.feedback()


def test_code_answer_cell_turned_into_markdown(classroom, zygote):
    nb = harness.solution()
    cell = nb["cells"][harness.cell_index(nb, "answer_step_functions")]
    cell["cell_type"] = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    g = _grade(classroom, zygote, nb)
    assert g.score("step_functions") == 0
    assert "'answer_step_functions' is a markdown cell, so its code was not run" in g.test("step_functions")["output"]
    # rnn_forward calls rnn_step_forward, and gradient_ratio uses rnn_forward: both lose too
    _full(g, (*harness.EXPRESSIONS, "spectral_radius"))


def test_expression_answer_cell_turned_into_markdown_is_still_read(classroom, zygote):
    nb = harness.solution()
    nb["cells"][harness.cell_index(nb, "answer_grad_Z_t")]["cell_type"] = "markdown"
    g = _grade(classroom, zygote, nb)
    assert g.result["score"] == 100, g.feedback()


def test_markdown_cell_turned_into_code(classroom, zygote):
    nb = harness.solution()
    i = harness.cell_index(nb, "answer_grad_Z_t") - 1
    nb["cells"][i]["cell_type"] = "code"      # the text of the first question
    g = _grade(classroom, zygote, nb)
    assert g.result["score"] == 100
    assert f"cell {i + 1} raised SyntaxError" in g.result["output"]


# -- edited or deleted test cells: the grader runs its own checks ----------------------

WRONG_STEP = '''
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    return np.zeros((x.shape[0], Wh.shape[0])), None

def rnn_step_backward(dnext_h, cache):
    return 0, 0, 0, 0, 0
'''


def _wrong_submission():
    nb = harness.with_answer("answer_grad_Z_t", 'grad_Z_t = r"""\ngrad_H_t\n"""')
    nb = harness.with_answer("answer_step_functions", WRONG_STEP, nb=nb)
    return harness.with_answer("answer_spectral_radius", "spectral_radius = 1.0", nb=nb)


_BASELINE: dict = {}


def _baseline(classroom, zygote) -> dict:
    """The scores of the wrong submission with its test cells untouched."""
    if not _BASELINE:
        g = harness.grade(harness.write(_wrong_submission(), classroom.root / "baseline.ipynb"), zygote)
        _BASELINE.update({t["number"]: t["score"] for t in g.result["tests"]})
    return _BASELINE


@pytest.mark.parametrize("how", ["always_true_check", "prints_all_tests_passed", "metadata_removed"])
def test_edited_test_cells_change_nothing(classroom, zygote, how):
    nb = _wrong_submission()
    for c in nb["cells"]:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if not gid.startswith("test_"):
            continue
        if how == "always_true_check":
            c["source"] = "check = lambda *a, **k: True\nassert check()"
        elif how == "prints_all_tests_passed":
            c["source"] = 'print("all tests passed")\nscore = 100'
        else:         # an ordinary cell now: it runs (in the sandbox), and still decides nothing
            c["metadata"] = {}
            c["source"] = "check = lambda *a, **k: True\nprint('all tests passed')"
    g = _grade(classroom, zygote, nb)
    assert {t["number"]: t["score"] for t in g.result["tests"]} == _baseline(classroom, zygote)
    for q in ("grad_Z_t", "step_functions", "spectral_radius"):
        assert not g.full(q), g.test(q)
    _full(g, ("grad_H_tm1", "grad_W"))


def test_test_cells_deleted(classroom, zygote):
    nb = harness.solution()
    nb["cells"] = [c for c in nb["cells"]
                   if not c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("test_")]
    g = _grade(classroom, zygote, nb)
    assert g.result["score"] == 100, g.feedback()


# -- encodings and formats -----------------------------------------------------------

def test_latin1_in_a_markdown_cell(classroom, zygote):
    raw = _text().encode("utf-8")
    assert b"A recurrent network" in raw
    g = _grade(classroom, zygote, raw.replace(b"A recurrent network", "A r\u00e9current network".encode("latin-1")))
    assert g.result["score"] == 100, g.feedback()
    assert "the file is not valid UTF-8 (the first bad byte is on line" in g.result["output"]


def test_invalid_byte_inside_an_answer_string(classroom, zygote):
    raw = _text().encode("utf-8")
    marker = b"(1 - H_t^2)"
    assert raw.count(marker) == 1
    g = _grade(classroom, zygote, raw.replace(marker, b"(1 \xff- H_t^2)"))
    t = g.test("grad_Z_t")
    assert t["score"] == 0 and "U+FFFD REPLACEMENT CHARACTER" in t["output"], t
    assert "not valid text (not UTF-8)" in t["output"] and "not valid UTF-8" in g.result["output"]
    _full(g, [q for q in EVERYTHING if q != "grad_Z_t"])


def test_lone_surrogate_escapes(classroom, zygote, tmp_path):
    """JSON may hold \\ud800, which no UTF-8 file can: in an answer, a code cell, markdown,
    and the results still write out (JSON, feedback report)."""
    nb = harness.solution()
    nb["cells"][0]["source"] = "# title \ud800"
    nb = harness.with_answer("answer_grad_Z_t", 'grad_Z_t = r"""\ngrad_H_t*(1 - H_t**2)\ud800\n"""', nb=nb)
    nb = harness.with_cell_after("answer_spectral_radius", "note = '\ud800'\nprint(note)", nb=nb)
    path = classroom.submissions / "mallory.ipynb"
    path.write_text(json.dumps(nb), encoding="ascii")          # \ud800 stays an escape
    watch = classroom.watch()
    g = harness.grade(path, zygote, options=harness.OPTIONS.__class__(
        **{**harness.OPTIONS.__dict__, "feedback_dir": str(tmp_path / "feedback")}))
    assert watch.changed() == []
    assert g.score("grad_Z_t") == 0 and "U+FFFD" in g.test("grad_Z_t")["output"], g.test("grad_Z_t")
    assert "a lone surrogate" in g.result["output"]
    _full(g, [q for q in EVERYTHING if q != "grad_Z_t"])
    from autograder.grading.results import gradebook_csv, to_json
    json.loads(to_json([g.result]))
    gradebook_csv([g.result]).encode("utf-8")


def _v3(nb4: dict) -> dict:
    """The nbformat 3 shape of a v4 notebook: worksheets, code in `input`."""
    cells = []
    for c in nb4["cells"]:
        src = c["source"]
        if c["cell_type"] == "code":
            cells.append({"cell_type": "code", "input": src, "language": "python", "outputs": [],
                          "collapsed": False, "metadata": c.get("metadata", {})})
        else:
            cells.append({"cell_type": c["cell_type"], "source": src, "metadata": c.get("metadata", {})})
    return {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "rnn_bptt"},
            "worksheets": [{"cells": cells, "metadata": {}}]}


def test_nbformat_3(classroom, zygote):
    g = _grade(classroom, zygote, _v3(harness.solution()))
    assert g.result["score"] == 100, g.feedback()
    assert "nbformat 3" in g.result["output"]


def test_nbformat_3_with_mangled_worksheets(classroom, zygote):
    nb = {"nbformat": 3, "worksheets": [{"cells": 5}, "sheet", None]}
    g = _grade(classroom, zygote, nb)
    assert g.result["score"] == 0
    assert "'answer_grad_Z_t' is missing" in g.test("grad_Z_t")["output"]


@pytest.mark.parametrize("major", [5, "four"], ids=["5", "a_string"])
def test_unknown_nbformat_with_cell_ids(classroom, zygote, major):
    nb = harness.solution()
    nb["nbformat"], nb["nbformat_minor"] = major, 0
    g = _grade(classroom, zygote, nb)
    assert g.result["score"] == 100, g.feedback()
    assert f"nbformat {major!r} is not known" in g.result["output"]


# -- cells of the wrong shape ---------------------------------------------------------

def test_cell_sources_that_are_not_text(classroom, zygote):
    nb = harness.solution()
    nb["cells"][harness.cell_index(nb, "answer_grad_Z_t")]["source"] = 42
    nb["cells"][harness.cell_index(nb, "answer_grad_H_tm1")]["source"] = None
    nb["cells"][harness.cell_index(nb, "answer_grad_W")]["source"] = {"grad_W": "Sum(H_tm1*grad_Z_t, (t, 1, T))"}
    nb["cells"][0]["source"] = [1, 2, None]
    nb["cells"][harness.cell_index(nb, "answer_grad_Z_t") - 1]["cell_type"] = ["markdown"]   # a question's text
    nb["cells"].append("not a cell")
    g = _grade(classroom, zygote, nb)
    for q in harness.EXPRESSIONS:
        assert g.score(q) == 0 and "no answer found in the cell" in g.test(q)["output"], g.test(q)
    assert "is not an object and was skipped" in g.result["output"]
    _full(g, (*harness.CODE, *harness.VALUES))


def test_nbgrader_metadata_that_is_a_string(classroom, zygote):
    nb = harness.solution()
    i = harness.cell_index(nb, "answer_grad_Z_t")
    nb["cells"][i]["metadata"]["nbgrader"] = "answer_grad_Z_t"
    nb["cells"][i + 1]["metadata"] = "test cell"
    g = _grade(classroom, zygote, nb)
    assert g.score("grad_Z_t") == 0
    assert f"cell {i + 1} has nbgrader metadata that is not an object" in g.result["output"]
    assert "'answer_grad_Z_t' is missing" in g.test("grad_Z_t")["output"]
    _full(g, [q for q in EVERYTHING if q != "grad_Z_t"])


# -- a class through the command line -------------------------------------------------

def test_a_class_of_broken_notebooks_through_the_cli(tmp_path):
    folder = tmp_path / "submitted"
    good = harness.SOLUTION.read_bytes()
    broken = {
        "truncated": good[: len(good) // 3],
        "empty": b"",
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "list": b"[1, 2, 3]",
        "zip": b"PK\x03\x04" + bytes(200),
        "png": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "latin1": good.replace(b"A recurrent network", b"A r\xe9current network"),
        "wrong_assignment": harness.LSTM_SOLUTION.read_bytes(),
        "no_answers": json.dumps(_without(harness.solution(), *[f"answer_{q}" for q in EVERYTHING])).encode(),
        "grade_id_key_renamed": good.replace(b'"grade_id": "answer_grad_W"', b'"grade_id_": "answer_grad_W"'),
    }
    for name, raw in broken.items():
        harness.write(raw, folder / f"{name}.ipynb")
    harness.write(good, folder / "good1.ipynb")
    harness.write(good, folder / "good2.ipynb")
    results, gradebook = tmp_path / "results.json", tmp_path / "gradebook.csv"
    env = {**os.environ, "PYTHONPATH": str(harness.ROOT)}
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", "rnn_bptt",
                           str(folder), "--json", str(results), "--csv", str(gradebook), "--jobs", "2",
                           "--cell-timeout", "3", "--timeout", "20", "--quiet"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=harness.ROOT)
    assert proc.returncode == 0, proc.stderr          # grading ran, whatever the scores
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    data = json.loads(results.read_text(encoding="utf-8"))
    by_id = {r["extra_data"]["student_id"]: r for r in data}
    assert sorted(by_id) == sorted([*broken, "good1", "good2"])
    for sid, r in by_id.items():
        assert len(r["tests"]) == len(EVERYTHING), sid
    assert by_id["good1"]["score"] == by_id["good2"]["score"] == by_id["latin1"]["score"] == 100
    for sid in ("truncated", "empty", "deep", "list", "zip", "png", "wrong_assignment", "no_answers"):
        assert by_id[sid]["score"] == 0, (sid, by_id[sid]["output"])
        assert by_id[sid]["output"].strip(), (sid, by_id[sid])
    assert by_id["grade_id_key_renamed"]["score"] == 93      # all but grad_W
    rows = list(csv.DictReader(gradebook.read_text(encoding="utf-8").splitlines()))
    assert sorted(r["student_id"] for r in rows) == sorted(by_id)
