"""The CI workflows of a student's repository: their grading step run locally exactly as the
runner would run it, and what they install (a pinned release, never the instructor's
repository with its solutions)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .notebooks import FIXTURES, WRONG, submission, write

REPO = Path(__file__).resolve().parents[2]


def run_block(yml: Path, marker: str) -> str:
    """The literal block (`|`) that follows the line `marker` (a tiny YAML reader for the
    one shape our workflows use: `run: |` / `- |`)."""
    lines = yml.read_text().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == marker)
    head = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("|"))
    block = []
    indent = None
    for ln in lines[head + 1:]:
        if ln.strip() and indent is None:
            indent = len(ln) - len(ln.lstrip())
        if ln.strip() and len(ln) - len(ln.lstrip()) < indent:
            break
        block.append(ln[indent:] if ln.strip() else "")
    return "\n".join(block) + "\n"


@pytest.fixture
def shim(tmp_path):
    """`autograder` and `python` on PATH, as after `pip install` on the runner."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "autograder").write_text(f'#!/bin/sh\nexec {sys.executable} -m autograder.cli "$@"\n')
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return bin_dir


def run_step(script, tmp_path, shim, notebook, fail_under="", **ids):
    """The step in a student's repository (named unlike the assignment) holding the notebook
    and the released spec; no instructor's assignments folder anywhere."""
    work = tmp_path / "repo"
    work.mkdir(exist_ok=True)
    (work / "assignment.toml").write_bytes((FIXTURES / "fixture_hw" / "assignment.toml").read_bytes())
    summary = tmp_path / "summary.md"
    summary.write_text("")
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_ASSIGNMENTS"}
    env.update(PATH=f"{shim}:{os.environ['PATH']}", PYTHONPATH=str(REPO), ASSIGNMENT="fixture_hw",
               NOTEBOOK=str(notebook), SPEC="assignment.toml", FAIL_UNDER=fail_under,
               GITHUB_STEP_SUMMARY=str(summary), **ids)
    out = subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True,
                         text=True, timeout=120)
    return out, summary.read_text(), work


def test_github_grading_step(tmp_path, shim):
    script = run_block(REPO / "ci" / "github" / "grade.yml", "- name: Grade")
    assert "autograder grade" in script
    nb = write(submission(WRONG), tmp_path / "student" / "hw.ipynb")
    ids = dict(GITHUB_REPOSITORY="course/hw1-alice", GITHUB_ACTOR="alice")
    out, summary, work = run_step(script, tmp_path, shim, nb, **ids)
    assert out.returncode == 0, out.stderr
    # 2.4 for the code question, and the credit table's 0.25 of grad_f_last (4 points, a
    # pre-activation's gradient) and of derive_o_last (3 points, a wrong sigma')
    assert "## Score: 4.15 / 18" in summary and "# Feedback" in summary and "formative" in summary
    assert (work / "results.json").is_file()
    # the student is the repository, not the notebook's (the assignment's) name
    assert [p.name for p in (work / "feedback").iterdir()] == ["course_hw1-alice"]
    out, summary, _ = run_step(script, tmp_path, shim, nb, fail_under="50%", **ids)
    assert out.returncode == 1 and "## Score" in summary


def test_github_student_is_the_actor_without_a_repository(tmp_path, shim):
    script = run_block(REPO / "ci" / "github" / "grade.yml", "- name: Grade")
    nb = write(submission(), tmp_path / "student" / "fixture_hw.ipynb")
    out, _, work = run_step(script, tmp_path, shim, nb, GITHUB_ACTOR="bob")
    assert out.returncode == 0, out.stderr
    assert [p.name for p in (work / "feedback").iterdir()] == ["bob"]


def test_gitlab_grading_script(tmp_path, shim):
    script = run_block(REPO / "ci" / "gitlab" / ".gitlab-ci.yml", "script:")
    nb = write(submission(), tmp_path / "student" / "fixture_hw.ipynb")
    out, _, work = run_step(script, tmp_path, shim, nb, fail_under="90%",
                            CI_PROJECT_PATH="course/hw1/carol", GITLAB_USER_LOGIN="carol")
    assert out.returncode == 0, out.stderr
    assert "Score: 15 / 18" in out.stdout and "formative" in out.stdout
    assert [p.name for p in (work / "feedback").iterdir()] == ["course_hw1_carol"]


@pytest.mark.parametrize("yml, install", [("github/grade.yml", "- name: Install the grader"),
                                          ("gitlab/.gitlab-ci.yml", "before_script:")])
def test_templates_install_a_pinned_release_not_the_instructors_repository(yml, install):
    text = (REPO / "ci" / yml).read_text()
    assert "git clone" not in text and "AUTOGRADER_REPO" not in text and "solutions" not in \
        text.replace("solutions/)", "")
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith(install))
    step = "\n".join(lines[start:start + 3])
    assert 'pip install --quiet "$GRADER"' in step, step
    pinned = next(ln for ln in lines if ln.strip().startswith("GRADER:"))
    assert "bptt-grader" in pinned and "==" in pinned, pinned       # a version, not the newest


def test_student_id_names_exactly_one_submission(tmp_path):
    from click.testing import CliRunner

    from autograder.cli import main

    a = write(submission(), tmp_path / "a.ipynb")
    b = write(submission(), tmp_path / "b.ipynb")
    r = CliRunner().invoke(main, ["grade", "--assignment", "fixture_hw", "--assignments-dir", str(FIXTURES),
                                  "--student-id", "course/alice", str(a), str(b)])
    assert r.exit_code == 2 and "--student-id names one student, but 2 submissions" in r.output
