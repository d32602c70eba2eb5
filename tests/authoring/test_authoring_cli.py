"""`autograder validate`, `new` and `release` on a course folder, run as an instructor runs
them: the installed command in a child process, `--course DIR` before the verb."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PYTHONPATH": str(ROOT),
           "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600, env=env)


def problems(out: str) -> list[tuple[str, int, str]]:
    """The `file:line: message` lines of validate's output."""
    found = []
    for line in out.splitlines():
        m = re.match(r"(.+?):(\d+): (.*)$", line)
        assert m, f"not file:line: message: {line!r}"
        found.append((m.group(1), int(m.group(2)), m.group(3)))
    return found


def line_of(path: Path, n: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[n - 1]


@pytest.fixture
def course(tmp_path) -> Path:
    """A course folder holding a copy of rnn_bptt (expression, code and value questions)."""
    folder = tmp_path / "course"
    shutil.copytree(ROOT / "assignments" / "rnn_bptt", folder / "rnn_bptt")
    return folder


def authored(course: Path) -> Path:
    return course / "rnn_bptt" / "source" / "rnn_bptt.ipynb"


def edit_notebook(course: Path, change) -> None:
    path = authored(course)
    nb = json.loads(path.read_text(encoding="utf-8"))
    change(nb)
    path.write_text(json.dumps(nb, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def cell(nb: dict, grade_id: str) -> dict:
    return next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def test_the_package_course_validates_clean():
    r = cli("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == "" and "4 assignment(s), no problems" in r.stderr


def test_a_missing_answer_cell_is_named_at_its_question_in_assignment_toml(course):
    edit_notebook(course, lambda nb: nb["cells"].remove(cell(nb, "answer_grad_Z_t")))
    r = cli("--course", course, "validate", "rnn_bptt", cwd=course)
    assert r.returncode == 1
    [(file, line, message)] = problems(r.stdout)
    assert file == "rnn_bptt/assignment.toml"
    toml = course / "rnn_bptt" / "assignment.toml"
    lines = toml.read_text().splitlines()
    qline = lines.index('id = "grad_Z_t"') + 1
    header = max(i for i in range(1, qline) if lines[i - 1] == "[[question]]")
    assert line == header, (line, lines[line - 1])      # the question's table (answer_cell is implied)
    assert "grad_Z_t" in message and "answer_grad_Z_t" in message


def test_a_graded_cell_without_question_and_a_question_without_test_cell(course):
    def rename(nb):
        meta = cell(nb, "test_grad_W")["metadata"]["nbgrader"]
        meta["grade_id"] = "test_grad_W_old"
    edit_notebook(course, rename)
    r = cli("--course", course, "validate", cwd=course)
    assert r.returncode == 1
    found = problems(r.stdout)
    assert len(found) == 2, found
    by_file = {f: (n, m) for f, n, m in found}
    n, m = by_file["rnn_bptt/source/rnn_bptt.ipynb"]
    assert "test_grad_W_old" in m and "no question" in m
    assert '"test_grad_W_old"' in line_of(authored(course), n)
    n, m = by_file["rnn_bptt/assignment.toml"]
    assert "test cell" in m and "'test_grad_W'" in m


def test_unbalanced_markers_are_found_at_their_line(course):
    def unclose(nb):
        c = cell(nb, "answer_grad_W")
        source = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        c["source"] = source.replace("### END SOLUTION\n", "")
    edit_notebook(course, unclose)
    r = cli("--course", course, "validate", cwd=course)
    assert r.returncode == 1
    [(file, line, message)] = problems(r.stdout)
    assert "never closed" in message and "answer_grad_W" in message
    assert "### BEGIN SOLUTION" in line_of(authored(course), line)


def test_a_spec_error_is_at_the_line_of_its_key(course):
    toml = course / "rnn_bptt" / "assignment.toml"
    text = toml.read_text()
    at = text.index('id = "grad_W"')
    end = text.index("points = ", at)
    toml.write_text(text[:end] + "points = -3" + text[text.index("\n", end):])
    r = cli("--course", course, "validate", cwd=course)
    assert r.returncode == 1
    [(file, line, message)] = problems(r.stdout)
    assert file == "rnn_bptt/assignment.toml" and "points must be positive" in message
    assert line_of(toml, line) == "points = -3"


def test_release_refuses_while_problems_remain(course, tmp_path):
    edit_notebook(course, lambda nb: nb["cells"].remove(cell(nb, "test_grad_Z_t")))
    r = cli("--course", course, "release", "rnn_bptt", "--out", tmp_path / "out")
    assert r.returncode != 0
    assert "assignment.toml:" in r.stderr and "test_grad_Z_t" in r.stderr
    assert not (tmp_path / "out" / "rnn_bptt").exists()


@pytest.mark.parametrize("model", ["rnn", "lstm_univariate"])
def test_new_assignment_validates_clean_and_releases_without_solutions(tmp_path, model):
    course = tmp_path / "course"
    course.mkdir()
    r = cli("--course", course, "new", "hw1", "--model", model, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["course/hw1/assignment.toml", "course/hw1/source/hw1.ipynb"]
    r = cli("--course", course, "validate")
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr

    nb = json.loads((course / "hw1" / "source" / "hw1.ipynb").read_text())
    answers = [c for c in nb["cells"] if c["metadata"]["nbgrader"]["solution"]]
    assert answers
    solutions = {ln.strip() for c in answers for ln in "".join(c["source"]).split("### BEGIN SOLUTION\n")[1]
                 .split("### END SOLUTION")[0].splitlines() if ln.strip()}

    r = cli("--course", course, "release", "hw1", "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "out" / "hw1" / "hw1.ipynb").read_text()
    released = json.loads(text)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", 'verify(\\"'):
        assert marker not in text
    sources = ["".join(c["source"]) for c in released["cells"]]
    assert not [s for s in solutions if any(s in src for src in sources)]
    assert sum("# YOUR ANSWER HERE" in s for s in sources) == len(answers)


def test_new_scaffold_earns_every_point(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    assert cli("--course", course, "new", "hw_rnn", "--model", "rnn").returncode == 0
    r = cli("--course", course, "grade", "--assignment", "hw_rnn",
            course / "hw_rnn" / "source" / "hw_rnn.ipynb", "--json", "-", "-q")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["tests"] and all(t["score"] == t["max_score"] for t in result["tests"])


def test_new_refuses_an_existing_folder_and_an_unknown_model(tmp_path):
    course = tmp_path / "course"
    (course / "hw1").mkdir(parents=True)
    r = cli("--course", course, "new", "hw1", "--model", "rnn")
    assert r.returncode == 2 and "already exists" in r.stderr
    r = cli("--course", course, "new", "hw2", "--model", "gru_nowhere")
    assert r.returncode == 2 and "unknown model" in r.stderr
    assert not (course / "hw2").exists()
    r = cli("--course", course, "new", "Bad-Id", "--model", "rnn")
    assert r.returncode == 2 and "not an assignment id" in r.stderr


def test_a_solution_whose_backward_disagrees_with_its_forward_is_refused(course, tmp_path):
    """validate proves the code solution (numeric/proof.py); release refuses while it fails."""
    def slip(nb):
        c = cell(nb, "answer_step_functions")
        src = "".join(c["source"])
        assert "dnext_h * (1.0 - next_h ** 2)" in src
        c["source"] = src.replace("dnext_h * (1.0 - next_h ** 2)", "dnext_h * (1.0 - next_h)")
    edit_notebook(course, slip)
    r = cli("--course", course, "validate", "rnn_bptt", cwd=course)
    assert r.returncode == 1, r.stdout + r.stderr
    found = problems(r.stdout)
    assert any("rnn_step_backward" in m for _, _, m in found), found
    assert cli("--course", course, "release", "rnn_bptt", "--out", tmp_path / "out", cwd=course).returncode != 0


def test_a_model_declaration_problem_is_named_at_its_line(tmp_path):
    """validate reads the course's model declarations too (models/declaration.py)."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "assignments" / "models", course / "models")
    shutil.copytree(ROOT / "assignments" / "rnn_bptt", course / "rnn_bptt")
    toml = course / "models" / "rnn.model.toml"
    toml.write_text(toml.read_text().replace('formula = "tanh(Z_t)"', 'formula = "tanh(Q_t)"'))
    r = cli("--course", course, "validate", cwd=course)
    assert r.returncode == 1
    found = problems(r.stdout)
    line = next(n for n, text in enumerate(toml.read_text().splitlines(), 1) if "tanh(Q_t)" in text)
    assert any(f.endswith("models/rnn.model.toml") and ln == line and "Q_t" in m for f, ln, m in found), found
