"""The student distribution: the local checks and nothing that computes an answer.

Built from this source tree as a second wheel, `bptt-grader-student`, holding only the
modules a student's notebook needs: the answer parser (with the reader of the model
declarations it takes names from, which `release` puts beside sealed.json, and the local
partials of their one-line definitions), the numeric evaluator, the sealed-check reader,
`student.py`, and a small `autograder` command whose `check` uses the sealed data and whose
`reference` and `key` refuse. Left out: the
derivation engine (adjoint, paths, references, simulate), the numpy reference models,
the assignments' support.py, the numeric checker, grading, sandbox, release and sealing.

    autograder student-wheel --out DIR      # writes DIR/bptt_grader_student-<version>-py3-none-any.whl
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

NAME = "bptt-grader-student"

# every module of the student's install, relative to the package folder
MODULES = (
    "__init__.py", "student.py", "sealed.py", "cli_student.py", "answer_key.py", "watchdog.py",
    "derive/__init__.py", "derive/local.py", "derive/timeshift.py", "derive/evaluate.py",
    "derive/printing.py",
    "models/__init__.py", "models/graph.py", "models/naming.py", "models/functions.py",
    "models/declaration.py",
    "expressions/__init__.py", "expressions/parse.py", "expressions/parse_text.py",
    "expressions/parse_latex.py", "expressions/latex_tokens.py", "expressions/vocabulary.py",
    "expressions/model_vocabulary.py", "expressions/limits.py", "expressions/errors.py",
    "expressions/readings.py", "expressions/local_partials.py", "expressions/build.py",
    "expressions/prose.py", "expressions/placement.py", "expressions/credit.py",
    "expressions/text_tokens.py", "expressions/quick.py", "expressions/quick_latex.py",
    "grading/__init__.py", "grading/spec.py", "grading/answers.py", "grading/submissions.py",
    "questions/__init__.py", "questions/kinds.py",
    "grading/function_spec.py", "grading/course_code.py",
    "numeric/__init__.py", "numeric/credit.py", "numeric/inputs.py", "numeric/finite_diff.py",
    "numeric/tolerances.py", "numeric/function_verdict.py", "numeric/function_cases.py",
)
DEPENDENCIES = ["sympy>=1.12", "mpmath>=1.3", "numpy>=1.26", "click>=8.1"]


def package_root() -> Path:
    return Path(__file__).resolve().parent


def layout(dest: Path) -> Path:
    """The student package's source tree under `dest` (autograder/ with MODULES only, and
    its pyproject.toml); returns `dest`."""
    src = package_root()
    version = _version(src.parent / "pyproject.toml")
    for rel in MODULES:
        target = dest / "autograder" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / rel, target)
    deps = ", ".join(f'"{d}"' for d in DEPENDENCIES)
    (dest / "pyproject.toml").write_text(f'''[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "{NAME}"
version = "{version}"
description = "Local checks for gradients-through-time homework (no references: sealed checks)"
requires-python = ">=3.11"
dependencies = [{deps}]

[project.scripts]
autograder = "autograder.cli_student:main"

[tool.setuptools.packages.find]
include = ["autograder*"]
''', encoding="utf-8")
    return dest


def _version(pyproject: Path) -> str:
    if pyproject.is_file():
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    from importlib.metadata import version

    return version("bptt-grader")


def build(out: Path) -> Path:
    """Build the student wheel into `out`; returns its path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ag-student-") as tmp:
        tree = layout(Path(tmp) / "src")
        built = Path(tmp) / "wheel"
        r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                            str(tree), "-w", str(built)], capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise RuntimeError(f"the student wheel could not be built: {r.stderr[-2000:]}")
        (wheel,) = built.glob("*.whl")
        return Path(shutil.copy2(wheel, out / wheel.name))
