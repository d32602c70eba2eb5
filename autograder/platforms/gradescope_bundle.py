"""`autograder gradescope`: the autograder zip Gradescope builds its image from.

The zip holds, at its root (Gradescope's autograder specification):
- `setup.sh`, run once as root when the image is built: a Python >= 3.11 (installed with
  apt where the image has none), a venv at /autograder/grader-venv, and the pinned grader
  in it (the wheel in the zip, or a pinned requirement);
- `run_autograder`, run for each submission: grades /autograder/submission/ into
  /autograder/results/results.json (autograder.platforms.gradescope) as an ordinary user
  (created by setup.sh; $AUTOGRADER_USER names another) in a copy of the submission, and
  writes a results.json with score 0 and the reason itself if the grader could not even
  start;
- `assignments/<id>/assignment.toml`, the spec (the source notebook is not in the zip), and
  beside it the declaration of the model its expression questions are about
  (`<model>.model.toml`) and `support.py` when the assignment has one (its expected values
  and function references);
- when the assignment has code questions, its authored notebook cut down to those
  questions' answer cells, the numeric reference the grader checks code against
  (numeric/specs.py), at the place `Assignment.solution_path` names;
- the grader's wheel, when it is bundled.
Both scripts take the root from $AUTOGRADER_ROOT (default /autograder), so that a bundle
can be tried in a folder laid out as Gradescope lays it out.
"""
from __future__ import annotations

import re
import shlex
import zipfile
from dataclasses import dataclass
from pathlib import Path

# a requirement that names one version (==) or one file (name @ URL)
_PINNED = re.compile(r"^\s*bptt-grader(\[[\w,\s-]*\])?\s*(==\s*[\w.!+-]+|@\s*\S+)\s*$", re.I)
# fixed times make the zip the same bytes for the same inputs
_EPOCH = (2020, 1, 1, 0, 0, 0)


class BundleProblem(ValueError):
    """A bundle that cannot be written as asked (usage error)."""


@dataclass(frozen=True)
class RunSettings:
    visibility: str = "visible"
    stdout_visibility: str = "hidden"
    cell_seconds: float = 10.0
    total_seconds: float = 120.0
    memory_mb: int = 2048


def pinned(requirement: str) -> str:
    if not _PINNED.match(requirement):
        raise BundleProblem(f"--grader {requirement!r}: name one version of bptt-grader "
                            "('bptt-grader==0.1.0') or one file ('bptt-grader @ https://.../bptt_grader-0.1.0-"
                            "py3-none-any.whl'), so that every submission is graded by the same grader")
    return requirement.strip()


SETUP = """#!/usr/bin/env bash
# Installs the grader this bundle pins. Gradescope runs it once, as root, when it builds the
# autograder image. Written by `autograder gradescope` (bptt-grader {version}).
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
SOURCE="$ROOT/source"
VENV="$ROOT/grader-venv"
GRADER={grader}

new_enough() {{ "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }}

python=""
for candidate in ${{AUTOGRADER_PYTHON:-}} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && new_enough "$candidate"; then
        python="$candidate"
        break
    fi
done
if [ -z "$python" ]; then
    # Ubuntu 22.04, Gradescope's default image, has Python 3.10; 3.11 is one package away
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3.11 python3.11-venv
    python=python3.11
fi
"$python" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$GRADER"
"$VENV/bin/python" -m autograder.platforms.gradescope --help >/dev/null
echo "installed: $("$VENV/bin/autograder" --version) with $("$VENV/bin/python" --version)"

# the ordinary user run_autograder grades as (Gradescope runs everything as root)
GRADE_AS="${{AUTOGRADER_USER:-bptt-grader}}"
if [ "$(id -u)" = 0 ] && ! id "$GRADE_AS" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$GRADE_AS" \
        || echo "note: could not create the user $GRADE_AS; submissions will be graded as root"
fi
"""

RUN = """#!/usr/bin/env bash
# Grades the notebook in /autograder/submission/ into /autograder/results/results.json.
# Gradescope runs it for every submission. Written by `autograder gradescope`
# (bptt-grader {version}).
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
RESULTS="$ROOT/results/results.json"
PYTHON="$ROOT/grader-venv/bin/python"
GRADE_AS="${{AUTOGRADER_USER:-bptt-grader}}"
ARGS=({arguments})
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$ROOT"
if [ "$(id -u)" = 0 ] && id "$GRADE_AS" >/dev/null 2>&1 \
        && runuser -u "$GRADE_AS" -- "$PYTHON" -c "" >/dev/null 2>&1; then
    # as an ordinary user, in a root of its own: nothing the student's code runs as can
    # reach /autograder/results or /autograder/source
    echo "grading as the user $GRADE_AS"
    stage="$(mktemp -d)"
    mkdir -p "$stage/source" "$stage/results"
    cp -R "$ROOT/source/assignments" "$stage/source/"
    if [ -d "$ROOT/submission" ]; then cp -R "$ROOT/submission" "$stage/submission"; fi
    if [ -f "$ROOT/submission_metadata.json" ]; then cp "$ROOT/submission_metadata.json" "$stage/"; fi
    chown -R "$GRADE_AS" "$stage"
    (cd "$stage" && runuser -u "$GRADE_AS" -- "$PYTHON" -m autograder.platforms.gradescope --root "$stage" "${{ARGS[@]}}")
    status=$?
    if [ -s "$stage/results/results.json" ]; then cp "$stage/results/results.json" "$RESULTS"; fi
    rm -rf "$stage"
else
    echo "grading as $(id -un)"
    "$PYTHON" -m autograder.platforms.gradescope --root "$ROOT" "${{ARGS[@]}}"
    status=$?
fi
if [ ! -s "$RESULTS" ]; then
    # the grader did not start (an image whose setup.sh failed): still one result, with the reason
    echo "error: the grader exited with status $status and wrote no results (did setup.sh succeed?)"
    printf '%s\\n' '{{"score": 0.0, "output": "The grader could not run (not because of your work); your instructor can see why and regrade it.", "output_format": "text", "tests": []}}' > "$RESULTS"
fi
exit 0
"""


def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def contents(assignment, *, wheel: Path | None, requirement: str | None, version: str,
             settings: RunSettings = RunSettings()) -> dict[str, tuple[bytes, int]]:
    """Every file of the bundle: name -> (bytes, mode)."""
    from autograder.models import shipped_declaration

    if (wheel is None) == (requirement is None):
        raise BundleProblem("a bundle installs either a wheel or a pinned requirement")
    if wheel is not None and not re.fullmatch(r"[\w.+-]+\.whl", wheel.name):
        raise BundleProblem(f"--wheel {wheel}: a wheel's file name has letters, digits and ._+- only")
    grader = f'"$SOURCE/{wheel.name}"' if wheel is not None else shlex.quote(pinned(requirement))
    arguments = " ".join(shlex.quote(a) for a in (
        "--assignment", assignment.id, "--visibility", settings.visibility,
        "--stdout-visibility", settings.stdout_visibility, "--cell-timeout", f"{settings.cell_seconds:g}",
        "--timeout", f"{settings.total_seconds:g}", "--memory-mb", str(settings.memory_mb)))
    files = {
        "setup.sh": (SETUP.format(version=version, grader=grader).encode(), 0o755),
        "run_autograder": (RUN.format(version=version, arguments=arguments).encode(), 0o755),
        f"assignments/{assignment.id}/assignment.toml":
            ((assignment.directory / "assignment.toml").read_bytes(), 0o644),
    }
    support = assignment.directory / "support.py"
    if support.is_file():     # the assignment's own code: expected values, function references
        files[f"assignments/{assignment.id}/support.py"] = (support.read_bytes(), 0o644)
    reference = _code_reference(assignment)
    if reference is not None:
        where = assignment.solution_path.relative_to(assignment.directory.parent.parent).as_posix()
        files[where] = (reference, 0o644)
    model = shipped_declaration(assignment)
    if model is not None:
        files[f"assignments/{assignment.id}/{model.name}"] = (model.read_bytes(), 0o644)
    if wheel is not None:
        files[wheel.name] = (wheel.read_bytes(), 0o644)
    return files


def _code_reference(assignment) -> bytes | None:
    """The solution notebook cut down to the answer cells of its code questions (the numeric
    reference), or None when no question needs it."""
    import nbformat

    cells = {q.answer_cell for q in assignment.questions if q.kind == "code"}
    if not cells:
        return None
    nb = nbformat.read(assignment.solution_path, as_version=4)
    nb.cells = [c for c in nb.cells if c.get("id") in cells]
    nb.metadata = {}
    return nbformat.writes(nb).encode()


def write(out: Path, files: dict[str, tuple[bytes, int]]) -> None:
    """The zip, whole or not at all, files at its root (not under a folder)."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            for name in sorted(files):
                data, mode = files[name]
                z.writestr(_entry(name, mode), data)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
