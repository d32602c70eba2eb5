"""Releasing: the student version is made from the authored notebook; nothing of the
solutions or the hidden tests survives; the released notebook runs top to bottom, unanswered
and answered."""
import os
import re

import nbformat
import pytest

from autograder.grading import spec

from .conftest import ASSIGNMENTS, ROOT, solution_notebook, source_notebook


def solution_lines(nb):
    """Lines written between solution markers or inside hidden tests of the source."""
    out = set()
    for c in nb.cells:
        for block in re.findall(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", c.source, flags=re.S):
            out |= {ln.strip() for ln in block[1].splitlines() if len(ln.strip()) > 6}
    return out


def outside_solutions(nb):
    text = "\n".join(re.sub(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n.*?### END \1", "", c.source, flags=re.S)
                     for c in nb.cells)
    return {ln.strip() for ln in text.splitlines()}


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_release_removes_solutions_and_hidden_tests(aid, released):
    folder = released[aid]
    sealed = ["sealed.json"] + (["sealed.npz"] if aid != "lstm_univariate" else [])   # the local checks
    asks = {q.kind for q in spec.load(aid).questions} & {"expression", "derivation"}
    model = [f"{spec.load(aid).model}.model.toml"] if asks else []    # the names those checks read
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{aid}.ipynb", "assignment.toml", *sealed, *model])
    nb = nbformat.read(folder / f"{aid}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    secret = solution_lines(source_notebook(aid)) - outside_solutions(source_notebook(aid))
    assert secret
    leaked = [ln for ln in secret if ln in text]
    assert not leaked
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", 'verify("'):
        assert marker not in text
    # nbgrader's own bookkeeping is in place
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded and all("checksum" in c.metadata["nbgrader"] for c in graded)
    assert "YOUR ANSWER HERE" in text


def test_release_command(tmp_path):
    from click.testing import CliRunner

    from autograder.cli import main

    r = CliRunner().invoke(main, ["release", "lstm_gradient_flow", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "lstm_gradient_flow" / "lstm_gradient_flow.ipynb").is_file()
    bad = CliRunner().invoke(main, ["release", "no_such_thing", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "unknown assignment" in bad.output


def run(nb, folder, kernel):
    from nbclient import NotebookClient

    NotebookClient(nb, kernel_name=kernel, timeout=180,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def outputs(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


@pytest.fixture
def kernel_env(monkeypatch, python3_kernel):
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("AUTOGRADER_ASSIGNMENTS", raising=False)
    return python3_kernel


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_released_notebook_runs_unanswered_and_answered(aid, released, kernel_env):
    folder = released[aid]
    from autograder.grading import spec

    asg = spec.load(aid)
    blank = run(nbformat.read(folder / f"{aid}.ipynb", as_version=4), folder, kernel_env)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in blank.cells}
    for q in asg.questions:
        if q.kind == "manual":
            continue
        out = outputs(cells[q.test_cell])
        assert ("not answered yet" in out) or (not q.local_check and "no local check" in out), (q.id, out)

    answered = nbformat.read(folder / f"{aid}.ipynb", as_version=4)
    solution = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in solution_notebook(aid).cells}
    for c in answered.cells:
        gid = c.metadata.get("nbgrader", {}).get("grade_id")
        if c.metadata.get("nbgrader", {}).get("solution"):
            c.source = solution[gid].source
    done = run(answered, folder, kernel_env)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in done.cells}
    for q in asg.questions:
        if q.kind == "manual":
            continue
        out = outputs(cells[q.test_cell])
        assert out.startswith(f"[{q.id}] correct") or (not q.local_check and "no local check" in out), (q.id, out)
