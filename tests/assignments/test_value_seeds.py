"""Value questions are per student: the inputs of every experiment are drawn from a seed of
(assignment, student id), the grader expects the numbers of the id it grades under, and a
notebook's numbers copied from another student earn nothing."""
import json
import math
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.grading import spec
from autograder.grading.submissions import safe_id
from autograder.value_seed import DEFAULT_STUDENT_ID, ENV_VARIABLE, normal_id, value_seed

from .conftest import ROOT, source_notebook
from .value_copy import frozen

WITH_VALUES = ("rnn_bptt", "lstm_numpy", "lstm_gradient_flow")
IDS = ("alice", "bob", "s1234567", "Zoë Müller", DEFAULT_STUDENT_ID)


def value_questions(aid):
    return [q for q in spec.load(aid).questions if q.kind == "value"]


def grade(*args):
    r = CliRunner().invoke(main, ["grade", *map(str, args), "--json", "-", "-q"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    return out if isinstance(out, list) else [out]


def test_seed_is_sha256_of_assignment_and_id():
    # pinned: a seed that changed between versions would change every student's numbers
    assert value_seed("rnn_bptt", "alice") == 0xe5414813bd385fc3
    assert value_seed("rnn_bptt", "alice") != value_seed("rnn_bptt", "bob")
    assert value_seed("rnn_bptt", "alice") != value_seed("lstm_numpy", "alice")
    assert value_seed("rnn_bptt", None) == value_seed("rnn_bptt", "") == value_seed("rnn_bptt", DEFAULT_STUDENT_ID)
    for raw in ("alice", "Zoë Müller", "a/b", "..x..", "ok@uni.edu", "x y\tz"):
        assert normal_id(raw) == safe_id(raw)      # the notebook's id is the grader's


@pytest.mark.parametrize("aid", WITH_VALUES)
def test_two_students_get_different_expected_values(aid):
    for q in value_questions(aid):
        got = {sid: q.expected_value(value_seed(aid, sid)) for sid in IDS}
        for a in IDS:
            for b in IDS:
                if a < b:
                    assert not math.isclose(got[a], got[b], rel_tol=100 * q.rel_tol, abs_tol=q.abs_tol), \
                        (q.id, a, b, got[a])
        # the same id always gets the same number
        assert q.expected_value(value_seed(aid, "alice")) == got["alice"]


SETUP_PROBE = """
import json, os, sys
sys.modules["autograder"] = None          # a plain kernel: the package is not there
cases = json.loads(sys.argv[1])
out = []
for case in cases:
    for k in ("{env}", "JUPYTERHUB_USER"):
        os.environ.pop(k, None)
    os.environ.update(case["env"])
    os.chdir(case["cwd"])
    ns = dict(case["globals"])
    for source in case["cells"]:
        exec(compile(source, "<cell>", "exec"), ns)
    out.append([ns["STUDENT_ID"], ns["SEED"]])
print(json.dumps(out))
"""


@pytest.mark.parametrize("aid", WITH_VALUES)
def test_setup_cell_draws_the_seed_the_grader_expects(aid, tmp_path):
    """The setup cell, in a kernel without the package, finds the id where the grader, nbgrader,
    the student or JupyterHub put it, and computes the grader's seed from it."""
    nb = source_notebook(aid)
    id_cell = next(c for c in nb.cells if c.get("id") == "student_id")
    setup = next(c for c in nb.cells if c.cell_type == "code" and f'ASSIGNMENT = "{aid}"' in c.source)
    autograded = tmp_path / "autograded" / "carol" / aid
    autograded.mkdir(parents=True)
    written = id_cell.source.replace('STUDENT_ID = ""', 'STUDENT_ID = "Zoë Müller"')
    cases = [  # (environment, working directory, cells run) -> the id whose numbers are drawn
        ({ENV_VARIABLE: "alice"}, tmp_path, [written, setup.source], "alice"),        # the grader's
        ({}, autograded, [written, setup.source], "carol"),                           # nbgrader's folder
        ({}, tmp_path, [written, setup.source], safe_id("Zoë Müller")),               # written
        ({"JUPYTERHUB_USER": "bob"}, tmp_path, [id_cell.source, setup.source], "bob"),
        ({}, tmp_path, [id_cell.source, setup.source], DEFAULT_STUDENT_ID),           # said aloud
        ({}, tmp_path, [setup.source], DEFAULT_STUDENT_ID),                           # no id cell run
    ]
    probe = SETUP_PROBE.replace("{env}", ENV_VARIABLE)
    arg = json.dumps([{"env": e, "cwd": str(d), "cells": cells, "globals": {}} for e, d, cells, _ in cases])
    env = {k: v for k, v in os.environ.items() if k not in (ENV_VARIABLE, "JUPYTERHUB_USER")}
    out = subprocess.run([sys.executable, "-c", probe, arg], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == [[want, value_seed(aid, want)] for *_, want in cases]


@pytest.mark.parametrize("aid", WITH_VALUES)
def test_solution_earns_every_automatic_point_under_each_id(aid):
    for sid in ("alice", "bob"):
        [r] = grade("--assignment", aid, spec.load(aid).solution_path, "--student-id", sid)
        assert r["extra_data"]["values_student_id"] == sid
        lost = [(t["number"], t["output"]) for t in r["tests"]
                if t["score"] < t["max_score"] and t.get("status") is not None]
        assert not lost, (sid, lost)
        for q in value_questions(aid):
            assert next(t for t in r["tests"] if t["number"] == q.id)["status"] == "passed"


@pytest.mark.parametrize("aid", WITH_VALUES)
def test_numbers_copied_from_another_student_lose_the_value_points(aid, tmp_path):
    """Alice's notebook, numbers frozen as her Jupyter printed them (her id written in it),
    handed in by Alice and by Bob: Alice earns the value points, Bob none of them; both keep
    every other point."""
    nb = frozen(aid, "alice")
    for student in ("alice", "bob"):
        (tmp_path / "class" / student).mkdir(parents=True)
        nbformat.write(nb, tmp_path / "class" / student / f"{aid}.ipynb")
    results = {r["extra_data"]["student_id"]: r for r in grade("--assignment", aid, tmp_path / "class")}
    values = {q.id for q in value_questions(aid)}
    for student, r in results.items():
        assert r["extra_data"]["values_student_id"] == student
        for t in r["tests"]:
            if t.get("status") is None:      # pending: graded by a person
                continue
            full = t["score"] == t["max_score"]
            assert full == (student == "alice" or t["number"] not in values), (student, t)


def test_grading_without_a_student_id_says_so(tmp_path, monkeypatch):
    """A notebook named after its assignment, given alone: no student is known. It is graded
    with the default id's numbers, and the output says so."""
    nb = frozen("rnn_bptt", DEFAULT_STUDENT_ID)
    path = tmp_path / "rnn_bptt.ipynb"
    nbformat.write(nb, path)
    monkeypatch.chdir(tmp_path)
    [r] = grade("--assignment", "rnn_bptt", "rnn_bptt.ipynb")
    assert r["extra_data"]["values_student_id"] == DEFAULT_STUDENT_ID
    assert f"default id {DEFAULT_STUDENT_ID!r}" in r["output"]
    assert r["score"] == r["max_score"]


def _solution_statements(aid, q):
    """The right-hand sides of the statements that compute a value question in the source's
    solution (an outer float(...) taken off): the formula of the answer. A call of a function
    the student writes (rnn_backward(...)) is the student's own, not a formula."""
    cell = next(c for c in source_notebook(aid).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == q.answer_cell)
    block = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, flags=re.S).group(1)
    own = {f for x in spec.load(aid).questions if x.kind == "code" for f in x.functions}
    out = set()
    for line in block.splitlines():
        m = re.match(r"\s*[\w, ]+=\s*(.+)$", line)
        call = re.match(r"(\w+)\(", m.group(1)) if m else None
        if m and len(m.group(1)) > 12 and not (call and call.group(1) in own):
            rhs = m.group(1).strip()
            out.add(rhs)
            if rhs.startswith("float(") and rhs.endswith(")"):
                out.add(rhs[len("float("):-1])
    return out


@pytest.mark.parametrize("aid", WITH_VALUES)
def test_released_notebook_holds_no_graded_value_or_formula(aid, released):
    nb = nbformat.read(released[aid] / f"{aid}.ipynb", as_version=4)
    text = re.sub(r"\s+", "", "\n".join(c.source for c in nb.cells))
    for q in value_questions(aid):
        formulas = _solution_statements(aid, q)
        assert formulas, q.id
        leaked = [f for f in formulas if re.sub(r"\s+", "", f) in text]
        assert not leaked, (q.id, leaked)
    assert "eigvals" not in text          # the spectral radius is the student's to compute
    # and no number of the released notebook is an answer, for anyone among these ids
    numbers = [float(x) for x in re.findall(r"\d+\.\d{4,}(?:e-?\d+)?", "\n".join(c.source for c in nb.cells))]
    for q in value_questions(aid):
        for sid in IDS:
            want = q.expected_value(value_seed(aid, sid))
            assert not any(math.isclose(x, want, rel_tol=q.rel_tol) for x in numbers), (q.id, sid)


def test_local_check_uses_the_notebooks_student_id():
    """In an instructor's install the local check of a value uses the id the notebook's setup
    cell drew its inputs for (STUDENT_ID), with the grader's seed."""
    from autograder.student import evaluate

    q = spec.load("rnn_bptt").question("spectral_radius")
    alices = q.expected_value(value_seed("rnn_bptt", "alice"))
    as_alice = {"ASSIGNMENT": "rnn_bptt", "STUDENT_ID": "alice"}
    assert evaluate("spectral_radius", alices, namespace=as_alice).status == "correct"
    assert evaluate("spectral_radius", alices, namespace=dict(as_alice, STUDENT_ID="bob")).status == "incorrect"
    assert evaluate("spectral_radius", alices, namespace={"ASSIGNMENT": "rnn_bptt"}).status == "incorrect"


def test_no_local_verdict_on_values_without_the_answer_code(tmp_path):
    """Where no support.py computes the expected values (a released folder, no course folder
    anywhere), a value question gets no verdict (neither from check nor from verify's strict
    check), only a refusal."""
    shutil.copy2(ROOT / "assignments" / "rnn_bptt" / "assignment.toml", tmp_path / "assignment.toml")
    (tmp_path / "no-course").mkdir()
    program = (
        "from autograder.student import evaluate\n"
        "ns = {'ASSIGNMENT': 'rnn_bptt', 'STUDENT_ID': 'alice'}\n"
        "for strict in (False, True):\n"
        "    r = evaluate('spectral_radius', 0.5, namespace=ns, strict=strict)\n"
        "    print(r.status, '|', r.message)\n")
    env = dict(os.environ, AUTOGRADER_ASSIGNMENTS=str(tmp_path / "no-course"), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and all(ln.startswith("refused |") and "student id" in ln for ln in lines), lines
