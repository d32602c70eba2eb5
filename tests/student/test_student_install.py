"""The student's side, from the outside: the released folder, the wheel installed normally in a
fresh venv, the released notebook run by a real Jupyter kernel from that venv."""
from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from .conftest import ASSIGNMENTS, ROOT, env_without_checkout, student_copy

pytestmark = pytest.mark.slow

INSTRUCTOR_ONLY = ("nbgrader", "nbformat", "nbclient", "ipykernel", "matplotlib", "jupyterlab",
                   "notebook", "jupyter-server")


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def run(nb, folder, kernel):
    from nbclient import NotebookClient

    NotebookClient(nb, kernel_name=kernel, timeout=300, allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def errors(nb) -> list[tuple[str, str]]:
    return [(grade_id(c), f"{o['ename']}: {o['evalue']}") for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def answered(folder, aid, replace=None):
    """The released notebook with every answer cell filled from the solution (as a student who
    answered everything), then `replace` {grade_id: source} on top."""
    nb = nbformat.read(folder / f"{aid}.ipynb", as_version=4)
    from autograder.authoring.notebook import read, solution_notebook
    from autograder.grading import spec

    solution = {grade_id(c): c.source
                for c in solution_notebook(read(spec.load(aid).solution_path)).cells}
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("solution"):
            c.source = solution[grade_id(c)]
        c.source = (replace or {}).get(grade_id(c), c.source)
    return nb


def questions(aid):
    from autograder.grading import spec

    return [q for q in spec.load(aid).questions if q.kind != "manual"]


def test_the_student_install_is_light(student_install, tmp_path):
    held = student_install["distributions"]
    assert "bptt-grader-student" in held and not held & {"autograder", "bptt-grader"}
    assert not held & set(INSTRUCTOR_ONLY), held & set(INSTRUCTOR_ONLY)
    python = student_install["python"]
    # every module a student's kernel or command loads imports without the instructor's extra
    code = ("import autograder.student, autograder.sealed, autograder.cli_student, "
            "autograder.grading.answers, autograder.expressions.prose; print('ok')")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                         env=env_without_checkout(), cwd="/")
    assert out.stdout.strip() == "ok", out.stderr
    # an instructor's command is not there, and says so instead of a traceback
    env = dict(env_without_checkout(), AUTOGRADER_ASSIGNMENTS=str(ROOT / "assignments"))
    out = subprocess.run([str(python.parent / "autograder"), "release", "rnn_bptt", "--out", str(tmp_path)],
                         capture_output=True, text=True, env=env, cwd="/")
    assert out.returncode == 2 and "No such command" in out.stderr and "Traceback" not in out.stderr
    print(f"student install: {len(held)} distributions, {student_install['bytes'] / 1e6:.0f} MB")


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_released_notebook_in_the_student_kernel(aid, released, kernel_env, tmp_path):
    """Blank: every check says 'not answered yet'. Answered: every check says 'correct',
    from the spec `release` put beside the notebook, in a folder the student renamed."""
    folder = student_copy(released[aid], tmp_path / f"{aid}-alice")
    blank = run(nbformat.read(folder / f"{aid}.ipynb", as_version=4), folder, kernel_env["student"])
    assert not errors(blank), errors(blank)
    cells = {grade_id(c): c for c in blank.cells}
    for q in questions(aid):
        out = printed(cells[q.test_cell])
        assert "not answered yet" in out or (not q.local_check and "no local check" in out), (q.id, out)
    # value questions: each student's expected value is their own, checked when graded

    done = run(answered(folder, aid), folder, kernel_env["student"])
    assert not errors(done), errors(done)
    cells = {grade_id(c): c for c in done.cells}
    for q in questions(aid):
        out = printed(cells[q.test_cell])
        no_check = not q.local_check or q.kind == "value"
        assert out.startswith(f"[{q.id}] correct") or (no_check and "no local check" in out), (q.id, out)


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_released_notebook_in_a_numpy_only_kernel(aid, released, kernel_env, tmp_path):
    """No matplotlib, no grader: every cell still runs (figures are skipped), no NameError."""
    folder = student_copy(released[aid], tmp_path / aid)
    done = run(answered(folder, aid), folder, kernel_env["numpy-only"])
    tests = {q.test_cell for q in questions(aid)}
    assert not [e for e in errors(done) if e[0] not in tests], errors(done)
    assert not [e for e in errors(done) if "NameError" in e[1] or "ModuleNotFound" in e[1]], errors(done)
    text = "".join(printed(c) for c in done.cells)
    assert "(no figure: matplotlib is not installed" in text
    assert "correct" not in text.replace("not right", "")


def test_local_check_and_grader_agree_on_real_answers(released, kernel_env, student_venv, tmp_path):
    """The released placeholder left above a typed answer, another string after a wrong
    answer, a wrong answer: the notebook's check (sealed data) and the grader (the full
    install's `autograder grade`) say the same, question by question."""
    aid = "rnn_bptt"
    folder = student_copy(released[aid], tmp_path / "rnn-bptt-bob")
    nb = answered(folder, aid, {
        "answer_grad_Z_t": 'grad_Z_t = r"""\n# YOUR ANSWER HERE\ngrad_H_t*(1 - H_t**2)\n"""',
        "answer_grad_W": 'grad_W = r"H_tm1*grad_Z_t"\nnote = r"Sum(H_tm1*grad_Z_t, (t, 1, T))"',
        "answer_grad_H_tm1": 'grad_H_tm1 = r"W*grad_Z_t"',
    })
    done = run(nb, folder, kernel_env["student"])
    assert not errors(done), errors(done)
    cells = {grade_id(c): c for c in done.cells}
    said = {q: printed(cells[f"test_{q}"]) for q in ("grad_Z_t", "grad_W", "grad_H_tm1")}
    assert said["grad_Z_t"].startswith("[grad_Z_t] correct"), said
    assert "not right yet" in said["grad_W"] and "not right yet" in said["grad_H_tm1"], said

    nbformat.write(done, folder / f"{aid}.ipynb")
    spec_root = tmp_path / "specs" / aid
    spec_root.mkdir(parents=True)
    (spec_root / "assignment.toml").write_bytes((folder / "assignment.toml").read_bytes())
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid,
                          str(folder / f"{aid}.ipynb"), "--assignments-dir", str(spec_root.parent),
                          "--json", "-", "--quiet"],
                         capture_output=True, text=True, env=env_without_checkout(), cwd=ROOT,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    tests = {t["number"]: t for t in json.loads(out.stdout)["tests"]}
    assert tests["grad_Z_t"]["score"] == tests["grad_Z_t"]["max_score"], tests["grad_Z_t"]
    for q in ("grad_W", "grad_H_tm1"):      # partly right: the same share on both sides
        share = tests[q]["score"] / tests[q]["max_score"]
        assert 0 < share < 1, tests[q]
        assert f"about {share:.0%} of the points" in said[q], (said[q], tests[q])
