"""The journal of a class being graded: each result on disk as soon as it is decided.

A JSON-lines file next to the outputs. The first line names the assignment and the
settings that decide scores; each further line is one submission's result, with the
student id, the file and the SHA-256 of its content. Every line is flushed and fsync'd
before the next submission is graded, so a grader that dies (killed, out of memory, the
machine) loses at most the submissions it was grading. `grade --resume` reads it back:
a submission whose file is unchanged keeps its journaled result and is not graded again.
Only the trusted process writes it; a line cut short by a crash is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .outputs import sync_dir, write_atomic

FORMAT = 1


class JournalMismatch(ValueError):
    """The journal was written for another assignment or other settings."""


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _key(student_id: str, path: Path, sha: str) -> str:
    return json.dumps([student_id, str(path), sha])


class Journal:
    """Append-only record of decided results; `open` starts or resumes one."""

    def __init__(self, path: Path, done: dict[str, dict]):
        self.path = path
        self.done = done                 # key -> result read back on resume
        self._file = open(path, "a", encoding="utf-8")

    @classmethod
    def open(cls, path: str | os.PathLike, settings: dict, resume: bool) -> "Journal":
        """Start a new journal at `path` (replacing any), or with `resume` continue the one
        there (a missing journal starts a new one). Raises JournalMismatch when the journal
        there was written with other `settings`."""
        path = Path(path)
        header = {"autograder_journal": FORMAT, "settings": settings}
        lines: list[str] = []
        if resume and path.exists():
            header_line, lines = _read(path)
            if header_line != header:
                raise JournalMismatch(_difference(path, header_line, header))
        done: dict[str, dict] = {}
        for line in lines:
            done[line["key"]] = line["result"]
        # rewritten whole: a line a crash cut short is dropped before anything is appended
        write_atomic(path, "".join(json.dumps(x, default=str) + "\n"
                                   for x in [header, *({"key": k, "result": r} for k, r in done.items())]))
        return cls(path, done)

    @staticmethod
    def key(student_id: str, path: Path) -> str:
        """What a result is journaled under: the student, the file and its content."""
        try:
            sha = digest(path)
        except OSError:
            sha = ""                     # unreadable: graded (and reported) again, never reused
        return _key(student_id, path.resolve(), sha)

    def record(self, key: str, result: dict) -> None:
        self._file.write(json.dumps({"key": key, "result": result}, default=str) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()
        sync_dir(self.path.parent)


def _read(path: Path) -> tuple[dict | None, list[dict]]:
    header, entries = None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f):
            try:
                line = json.loads(raw)
            except ValueError:
                continue                          # cut short by a crash
            if n == 0:
                header = line
            elif isinstance(line, dict) and isinstance(line.get("result"), dict) and "key" in line:
                entries.append(line)
    return header, entries


def _difference(path: Path, found: dict | None, wanted: dict) -> str:
    if not isinstance(found, dict) or found.get("autograder_journal") != FORMAT:
        return f"{path} is not a grading journal this version can resume"
    old, new = found.get("settings", {}), wanted["settings"]
    changed = [f"{k}: {old.get(k)!r} then, {new.get(k)!r} now" for k in sorted(set(old) | set(new))
               if old.get(k) != new.get(k)]
    return (f"the journal {path} was written with other settings ({'; '.join(changed)}); "
            "run without --resume to grade the class again")
