"""The wheel of the running grader, for bundles that install exactly this version."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DISTRIBUTION = "bptt_grader"
# what the wheel is built from: the package and its build description, nothing else
SOURCE = ("pyproject.toml", "README.md", "autograder")
# a wheel without it cannot run a bundle
RUNNER = "autograder/platforms/gradescope.py"


class WheelProblem(ValueError):
    """No usable wheel (a usage error: the message says what to give instead)."""


def checkout() -> Path | None:
    """The source checkout this grader runs from, if it runs from one (an editable install)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "autograder").is_dir() else None


def build(out_dir: Path) -> Path:
    """Build the wheel of the running checkout into out_dir (from a clean copy: a stale
    build/ folder must not leak old files into it)."""
    root = checkout()
    if root is None:
        raise WheelProblem("this grader was not installed from a source checkout, so its wheel cannot be "
                           "built here; give --wheel PATH (the bptt-grader wheel to bundle) or "
                           "--grader 'bptt-grader==VERSION'")
    with tempfile.TemporaryDirectory(prefix="bptt-grader-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in SOURCE:
            p = root / name
            if p.is_dir():
                shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(p, src / name)
        out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                              "--disable-pip-version-check", str(src), "-w", str(out_dir)],
                             capture_output=True, text=True, timeout=900)
        if out.returncode != 0:
            raise WheelProblem("building the grader's wheel failed (pip wheel): "
                               + (out.stderr.strip().splitlines() or ["no message"])[-1])
    found = sorted(out_dir.glob(f"{DISTRIBUTION}-*.whl"))
    if len(found) != 1:
        raise WheelProblem(f"building the grader's wheel left {len(found)} wheels in {out_dir}")
    return check(found[0])


def check(path: Path) -> Path:
    """A wheel of this grader that can run a bundle: named as one, readable, with the runner."""
    if not (path.name.startswith(f"{DISTRIBUTION}-") and path.suffix == ".whl"):
        raise WheelProblem(f"--wheel {path}: not a bptt-grader wheel (its name starts with {DISTRIBUTION}-)")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (OSError, zipfile.BadZipFile) as e:
        raise WheelProblem(f"--wheel {path}: cannot be read as a wheel ({e})") from None
    if RUNNER not in names:
        raise WheelProblem(f"--wheel {path}: this version of the grader has no Gradescope runner "
                           f"({RUNNER}); bundle a newer one")
    return path


def version_of(path: Path) -> str:
    return path.name.split("-")[1]
