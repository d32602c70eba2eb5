"""The CI workflows' grading step, run locally exactly as the runner would run it."""
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


def run_step(script, tmp_path, shim, notebook, fail_under=""):
    work = tmp_path / "repo"
    work.mkdir(exist_ok=True)
    summary = tmp_path / "summary.md"
    summary.write_text("")
    env = dict(os.environ, PATH=f"{shim}:{os.environ['PATH']}", PYTHONPATH=str(REPO),
               ASSIGNMENT="fixture_hw", NOTEBOOK=str(notebook), FAIL_UNDER=fail_under,
               AUTOGRADER_ASSIGNMENTS=str(FIXTURES), GITHUB_STEP_SUMMARY=str(summary))
    out = subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True,
                         text=True, timeout=120)
    return out, summary.read_text(), work


def test_github_grading_step(tmp_path, shim):
    script = run_block(REPO / "ci" / "github" / "grade.yml", "- name: Grade")
    assert "autograder grade" in script
    nb = write(submission(WRONG), tmp_path / "student" / "hw.ipynb")
    out, summary, work = run_step(script, tmp_path, shim, nb)
    assert out.returncode == 0, out.stderr
    assert "## Score: 2.4 / 18" in summary and "# Feedback" in summary
    assert (work / "results.json").is_file() and (work / "feedback" / "hw" / "feedback.html").is_file()
    out, summary, _ = run_step(script, tmp_path, shim, nb, fail_under="50%")
    assert out.returncode == 1 and "## Score" in summary


def test_gitlab_grading_script(tmp_path, shim):
    script = run_block(REPO / "ci" / "gitlab" / ".gitlab-ci.yml", "script:")
    nb = write(submission(), tmp_path / "student" / "hw.ipynb")
    out, _, _ = run_step(script, tmp_path, shim, nb, fail_under="90%")
    assert out.returncode == 0, out.stderr
    assert "Score: 15 / 18" in out.stdout
