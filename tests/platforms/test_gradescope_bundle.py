"""The Gradescope bundle, run as Gradescope runs it: the zip unpacked into a root laid out as
Gradescope lays it out (ROOT/source, ROOT/submission, ROOT/results; $AUTOGRADER_ROOT points
the scripts there instead of /autograder), setup.sh installing the bundled wheel into a fresh
venv, and run_autograder grading sample submissions into ROOT/results/results.json, checked
against Gradescope's documented shape."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.grading import spec

from .gradescope_schema import looks_like_data, problems, student_text

ROOT = Path(__file__).resolve().parents[2]
METADATA = {"id": 1, "users": [{"email": "s@example.org", "id": 4242, "name": "S"}],
            "assignment": {"total_points": "100.0", "title": "hw"}}

pytestmark = pytest.mark.slow


def clean_env(root: Path, **more) -> dict:
    """Nothing of this checkout or its venv reaches the scripts."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "AUTOGRADER_ASSIGNMENTS", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(ROOT)))
    return {**env, "AUTOGRADER_ROOT": str(root), **more}


def bundle(tmp: Path, assignment: str, wheel: Path) -> Path:
    out = tmp / f"{assignment}.zip"
    r = subprocess.run([sys.executable, "-m", "autograder.cli", "gradescope", assignment, "--out", str(out),
                        "--wheel", str(wheel)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out


def unpack(zip_path: Path, root: Path) -> Path:
    """As Gradescope builds its image: the zip's contents in ROOT/source, run_autograder
    copied to ROOT/run_autograder (zipfile drops the modes; Gradescope keeps them)."""
    source = root / "source"
    source.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            z.extract(info, source)
            os.chmod(source / info.filename, (info.external_attr >> 16) & 0o777 or 0o644)
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    (root / "results").mkdir()
    return root


# As root (Gradescope runs both scripts as root), run_autograder grades as an ordinary user;
# here that user is `nobody` (no user is created on this machine), with the system's Python
# as on Gradescope's image, where one is new enough.
GRADE_AS = "nobody"
SYSTEM_PYTHON = Path("/usr/bin/python3.11")


def python_for_setup() -> Path:
    if SYSTEM_PYTHON.exists():
        return SYSTEM_PYTHON
    return Path(getattr(sys, "_base_executable", sys.executable))


@pytest.fixture(scope="module")
def shared_tmp():
    """A folder the ordinary user can pass through (pytest's own are private to their owner,
    and their common parent is reset to that by every pytest run): execute only, nothing
    listed. Removed at the end."""
    path = Path(tempfile.mkdtemp(prefix="bptt-gradescope-"))
    os.chmod(path, 0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def drops_privileges() -> bool:
    """Whether run_autograder can grade as the ordinary user here (root, the user exists, and
    it can run the venv's Python, which a Python under /root would not allow)."""
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        return False
    r = subprocess.run(["runuser", "-u", GRADE_AS, "--", str(python_for_setup()), "-c", ""], capture_output=True)
    return r.returncode == 0


@pytest.fixture(scope="module")
def installed(shared_tmp, wheel) -> dict:
    """The rnn_bptt bundle installed by its own setup.sh into ROOT/grader-venv."""
    tmp = shared_tmp
    root = unpack(bundle(tmp, "rnn_bptt", wheel), tmp / "autograder")
    r = subprocess.run(["bash", str(root / "source" / "setup.sh")], capture_output=True, text=True,
                       timeout=1200, cwd=root, env=clean_env(root, AUTOGRADER_PYTHON=str(python_for_setup())))
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert "installed: autograder, version 0.1.0" in r.stdout, r.stdout
    return {"root": root, "tmp": tmp}


def run(root: Path, files: dict[str, bytes | Path], metadata: dict | None = METADATA) -> dict:
    """One submission: ROOT/submission/ holds `files`, then run_autograder as Gradescope runs it."""
    sub = root / "submission"
    shutil.rmtree(sub, ignore_errors=True)
    sub.mkdir()
    for name, content in files.items():
        (sub / name).parent.mkdir(parents=True, exist_ok=True)
        (sub / name).write_bytes(content.read_bytes() if isinstance(content, Path) else content)
    if metadata is not None:
        (root / "submission_metadata.json").write_text(json.dumps(metadata))
    r = subprocess.run([str(root / "run_autograder")], capture_output=True, text=True, timeout=600, cwd=root,
                       env=clean_env(root, AUTOGRADER_USER=GRADE_AS))
    assert r.returncode == 0, r.stdout + r.stderr
    text = (root / "results" / "results.json").read_text(encoding="utf-8")
    assert problems(text) == [], problems(text)
    data = json.loads(text)
    assert all(not looks_like_data(s) for s in student_text(data)), student_text(data)
    data["stdout"] = r.stdout
    return data


def test_the_grader_is_installed_from_the_wheel_not_from_this_checkout(installed):
    python = installed["root"] / "grader-venv" / "bin" / "python"
    r = subprocess.run([str(python), "-c", "import autograder; print(autograder.__file__)"], capture_output=True,
                       text=True, cwd=installed["tmp"], env=clean_env(installed["root"]))
    assert r.returncode == 0 and str(installed["root"] / "grader-venv") in r.stdout, r.stdout + r.stderr


def test_the_solution_earns_every_point(installed):
    data = run(installed["root"], {"rnn_bptt.ipynb": spec.load("rnn_bptt").solution_path})
    assert data["score"] == 100
    said = f"grading as the user {GRADE_AS}" if drops_privileges() else "grading as "
    assert said in data["stdout"], data["stdout"]
    assert [t["status"] for t in data["tests"]] == ["passed"] * len(data["tests"])
    assert sum(t["max_score"] for t in data["tests"]) == 100
    assert "Automatically graded: 100 of 100 points." in data["output"]


def test_a_wrong_submission_gets_the_scores_and_words_of_grade(installed, tmp_path):
    wrong = ROOT / "assignments" / "rnn_bptt" / "samples" / "missing_terms.ipynb"
    data = run(installed["root"], {"hw/my_rnn.ipynb": wrong})        # any name, in a folder
    # the same submission graded by `autograder grade` under the submitter's id
    r = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", "rnn_bptt", str(wrong),
                        "--student-id", "gradescope-4242", "--json", "-", "--quiet"],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    local = json.loads(r.stdout)
    assert 0 < data["score"] < 100 and data["score"] == pytest.approx(local["score"])
    assert [(t["score"], t["output"]) for t in data["tests"]] == [(t["score"], t["output"]) for t in local["tests"]]
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert failed and all(t["output"] for t in failed)
    assert data["extra_data"]["submission"] == "hw/my_rnn.ipynb"


@pytest.mark.parametrize("files, said", [
    ({"rnn_bptt.ipynb": b"this is not a notebook {"}, "not valid JSON"),
    ({"rnn_bptt.ipynb": b""}, "the file is empty"),
    ({}, "nothing was uploaded"),
    ({"a.ipynb": b"{}", "b.ipynb": b"{}"}, "2 .ipynb files were uploaded"),
    ({"rnn_bptt.pdf": b"%PDF-1.4 ..."}, "no notebook was uploaded"),
])
def test_a_broken_submission_scores_zero_with_a_reason(installed, files, said):
    data = run(installed["root"], files)
    assert data["score"] == 0 and said in data["output"], data["output"]
    assert len(data["tests"]) == 7 and all(t["score"] == 0 for t in data["tests"])


def test_without_metadata_the_submission_is_still_graded(installed):
    data = run(installed["root"], {"rnn_bptt.ipynb": spec.load("rnn_bptt").solution_path}, metadata=None)
    (installed["root"] / "submission_metadata.json").unlink(missing_ok=True)
    assert data["score"] == 100


def test_manual_questions_are_pending_in_another_assignments_bundle(installed, wheel):
    """The lstm_univariate bundle, with the grader installed above (setup.sh is the same)."""
    root = unpack(bundle(installed["tmp"], "lstm_univariate", wheel), installed["tmp"] / "other")
    (root / "grader-venv").symlink_to(installed["root"] / "grader-venv")
    data = run(root, {"lstm_univariate.ipynb": spec.load("lstm_univariate").solution_path},
               metadata={**METADATA, "assignment": {"total_points": "50"}})
    pending = [t for t in data["tests"] if "pending" in t.get("tags", [])]
    assert pending and all("status" not in t and t["score"] == 0 for t in pending)
    auto = [t for t in data["tests"] if t not in pending]
    assert all(t["status"] == "passed" for t in auto)
    assert data["score"] == sum(t["max_score"] for t in auto)
    assert "Graded by hand later" in data["output"]
    assert "the Gradescope assignment is worth 50 points, the spec 100" in data["stdout"]


def test_a_grader_that_cannot_start_still_writes_one_result(tmp_path, wheel):
    """An image whose setup.sh failed (no grader installed): run_autograder says so itself."""
    root = unpack(bundle(tmp_path, "rnn_bptt", wheel), tmp_path / "autograder")
    data = run(root, {"rnn_bptt.ipynb": b"{}"})
    assert data["score"] == 0 and "could not run" in data["output"]
    assert "wrote no results" in data["stdout"]
