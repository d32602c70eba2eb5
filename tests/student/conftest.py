"""A student's machine, built for real: the student wheel of this checkout
(`autograder student-wheel`) installed in a fresh venv, and Jupyter kernels that run from
such venvs.

- `student_venv`: the student install (`pip install <student wheel>`) plus ipykernel, the
  kernel a student's Jupyter starts; no references, no matplotlib, no nbgrader, nothing of
  this checkout on the path.
- `numpy_venv`: numpy and ipykernel only, no grader at all.

Building them takes a minute (pip, from its cache when warm); they are made once a session.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("lstm_univariate", "rnn_bptt", "lstm_numpy", "lstm_gradient_flow")
# what the wheel is built from: the package and its build description, nothing else
SOURCE = ("pyproject.toml", "README.md", "autograder")


def pip(python: Path, *args: str) -> None:
    out = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                          *args], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]


def new_venv(path: Path) -> Path:
    # the base interpreter, not this venv's: nothing of the test environment leaks in
    base = Path(getattr(sys, "_base_executable", sys.executable))
    subprocess.run([str(base), "-m", "venv", str(path)], check=True, timeout=300)
    return path / "bin" / "python"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel of this checkout, built from a clean copy (no stale build/ folder)."""
    src = tmp_path_factory.mktemp("wheel-src")
    for name in SOURCE:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(p, src / name)
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    (whl,) = out.glob("*.whl")
    return whl


@pytest.fixture(scope="session")
def student_wheel(tmp_path_factory) -> Path:
    """The student wheel, built by the instructor's command from this checkout."""
    out = tmp_path_factory.mktemp("student-wheel")
    r = subprocess.run([sys.executable, "-m", "autograder.cli", "student-wheel", "--out", str(out)],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-3000:]
    (whl,) = out.glob("*.whl")
    return whl


@pytest.fixture(scope="session")
def student_install(tmp_path_factory, student_wheel) -> dict:
    """A fresh venv with the student install alone (`pip install <student wheel>`): its
    python, its site-packages, and what it holds before anything else is added
    (distributions, bytes on disk)."""
    venv = tmp_path_factory.mktemp("student") / "venv"
    python = new_venv(venv)
    pip(python, str(student_wheel))
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout
    names = {d["name"].lower() for d in json.loads(listed)} - {"pip", "setuptools"}
    size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    return {"python": python, "distributions": names, "bytes": size, "site": Path(site)}


@pytest.fixture(scope="session")
def student_venv(student_install) -> Path:
    """The student install plus ipykernel: the kernel a student's Jupyter starts."""
    python = student_install["python"]
    pip(python, "ipykernel")
    return python


@pytest.fixture(scope="session")
def numpy_venv(tmp_path_factory) -> Path:
    python = new_venv(tmp_path_factory.mktemp("numpy-only") / "venv")
    pip(python, "numpy", "ipykernel")
    return python


@pytest.fixture(scope="session")
def kernels(tmp_path_factory, student_venv, numpy_venv) -> dict:
    """Kernel specs named `student` and `numpy-only`, found through JUPYTER_PATH."""
    root = tmp_path_factory.mktemp("jupyter")
    for name, python in (("student", student_venv), ("numpy-only", numpy_venv)):
        d = root / "kernels" / name
        d.mkdir(parents=True)
        (d / "kernel.json").write_text(json.dumps({
            "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": name, "language": "python"}))
    return {"path": str(root), "student": "student", "numpy-only": "numpy-only"}


@pytest.fixture
def kernel_env(monkeypatch, kernels):
    """Kernels see neither this checkout nor an instructor's assignments folder."""
    monkeypatch.setenv("JUPYTER_PATH", kernels["path"])
    for var in ("PYTHONPATH", "AUTOGRADER_ASSIGNMENTS", "MPLBACKEND"):
        monkeypatch.delenv(var, raising=False)
    return kernels


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> dict:
    """Every assignment released with the CLI, as an instructor hands it out."""
    out = tmp_path_factory.mktemp("released")
    for aid in ASSIGNMENTS:
        r = subprocess.run([sys.executable, "-m", "autograder.cli", "release", aid, "--out", str(out)],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert r.returncode == 0, r.stderr
    return {aid: out / aid for aid in ASSIGNMENTS}


def student_copy(folder: Path, dest: Path) -> Path:
    """The released folder as a student keeps it: under a name of their own (a repository)."""
    shutil.copytree(folder, dest)
    return dest


def env_without_checkout() -> dict:
    env = dict(os.environ)
    for var in ("PYTHONPATH", "AUTOGRADER_ASSIGNMENTS"):
        env.pop(var, None)
    return env
