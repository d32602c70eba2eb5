"""Where `autograder check` keeps its quick-check entries (expressions/quick.py), one file
per question, in the user's cache folder.

The first check of a question runs the full grader and then writes the question's entry;
later checks of a right answer read it and need no SymPy. An entry is found by the
question, the step asked about, the course folder, and a fingerprint of what decides the
reference: the grader's own code (each module's size and time), the assignment's spec and
the model declarations it may use (their bytes). Change any of them and the entry is not
found, so a stale entry is never read; past KEEP files the oldest are removed.

Only `check` reads entries; grading never does. AUTOGRADER_QUICK_CHECK=0 turns them off;
AUTOGRADER_CACHE moves the folder (default $XDG_CACHE_HOME/bptt-grader, ~/.cache/...).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
KEEP = 400        # entries kept (one per question, step and version of the course and grader)
MODEL_SUFFIX = ".model.toml"      # models/declaration.py's SUFFIX (that module needs SymPy)


def folder() -> Path | None:
    if os.environ.get("AUTOGRADER_QUICK_CHECK", "1") == "0":
        return None
    base = os.environ.get("AUTOGRADER_CACHE")
    if not base:
        cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(cache, "bptt-grader")
    return Path(base) / "quick"


def entry_path(spec_path: Path, question: str, last_step: bool) -> Path | None:
    where = folder()
    if where is None or not spec_path.is_file():
        return None
    h = hashlib.sha256()
    h.update(json.dumps([str(spec_path.resolve()), question, last_step, sys.version]).encode())
    _code(h)
    h.update(spec_path.read_bytes())
    # where models.model_folders and PACKAGE_MODELS look for the declaration
    for models in (spec_path.parent, spec_path.parent.parent / "models",
                   PACKAGE.parent / "assignments" / "models"):
        if models.is_dir():
            for f in sorted(models.glob("*" + MODEL_SUFFIX)):
                h.update(f"{f}\n".encode())
                h.update(f.read_bytes())
    return where / f"{h.hexdigest()[:40]}.json"


def _code(h) -> None:
    for dirpath, dirnames, filenames in os.walk(PACKAGE):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())


def read(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, entry: dict) -> None:
    """Atomically (a concurrent check reads the old file or the new one); a cache that
    cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entry, f)
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        pass


def _prune(where: Path) -> None:
    """The oldest entries beyond KEEP go (each new grader or course version writes new ones)."""
    entries = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:max(0, len(entries) - KEEP)]:
        old.unlink(missing_ok=True)


class QuickQuestion:
    """A question whose right answers `check` may decide from an entry."""

    def __init__(self, assignment: str, target: str, last_step: bool, path: Path):
        self.assignment, self.target, self.last_step, self.path = assignment, target, last_step, path


def spec_path(assignment: str) -> Path:
    from .grading import spec

    return spec.assignments_root() / assignment / "assignment.toml"


def spec_question(assignment: str, question_id: str):
    """The spec's question of that id read without validating the spec (which needs the
    model, so SymPy), or None: no spec, no such question, or a spec that does not read (the
    full check then says why)."""
    from .grading import spec

    path = spec_path(assignment)
    if not path.is_file():
        return None
    try:
        return spec.load_file(path, validate=False).question(question_id)
    except (spec.SpecError, KeyError, OSError, ValueError, TypeError):
        return None


def asked(question_id: str, spec_question, last_step: bool | None) -> tuple[str, bool] | None:
    """(the gradient, whether at the last step) a check of this question compares with, as
    the full check reads them, or None where a quick check never applies (a derivation, a
    path). `spec_question` is the spec's question of that id or None (a reference name such
    as grad_C_t); `last_step` None keeps the spec's step."""
    if spec_question is not None:
        if spec_question.kind != "expression":
            return None
        return spec_question.target, (spec_question.last_step if last_step is None else last_step)
    if question_id.startswith("path:"):
        return None
    return question_id, bool(last_step)


def question(assignment: str, question_id: str, spec_question, last_step: bool | None):
    """The QuickQuestion for a check, or None (see `asked`; or quick checks are off)."""
    found = asked(question_id, spec_question, last_step)
    if found is None:
        return None
    target, step = found
    path = entry_path(spec_path(assignment), question_id, step)
    return None if path is None else QuickQuestion(assignment, target, step, path)


def check(q: QuickQuestion, text: str) -> dict | None:
    """The result of a right answer decided from the entry (to_json's shape), or None."""
    from .expressions import quick

    entry = read(q.path)
    if entry is None or entry.get("target") != q.target or entry.get("last_step") != q.last_step:
        return None
    found = quick.check(entry, text)
    if found is None:
        return None
    diagnosis = {"how": "numeric", "points": found["points"], "quick": True}
    if found["read_as"]:
        diagnosis["read_as"] = found["read_as"]
    return {"verdict": "correct", "score": found["score"], "feedback": found["feedback"],
            "diagnosis": diagnosis}


def remember(q: QuickQuestion) -> None:
    """Write the question's entry after a full check, once; any failure leaves no entry."""
    if q.path.exists():
        return
    from .catalog import model_for
    from .expressions.quick import FORMAT
    from .expressions.quick_entry import build

    try:
        entry = build(model_for(q.assignment), q.target, q.last_step)
    except Exception:       # the check itself already answered; no entry, no quick checks
        return
    # a question the quick check does not apply to gets an entry without states, so that
    # its later checks do not derive the reference again to find that out
    write(q.path, entry if entry is not None else
          {"format": FORMAT, "target": q.target, "last_step": q.last_step, "states": []})
