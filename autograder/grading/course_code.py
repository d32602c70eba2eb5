"""An assignment's own Python: `support.py` in its folder of the course.

A spec names a function of it as "support.py:NAME": the expected value of a value question,
a function question's reference, its cases and its named wrong variants. The file is the
instructor's trusted code (it computes answers, so it is never released to students); it is
loaded by path, once per version of the file, and never from a student's folder.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

FILE = "support.py"
_REFERENCE = re.compile(rf"^{re.escape(FILE)}:([A-Za-z_]\w*)$")


class MissingCourseCode(ImportError):
    """The assignment's folder has no support.py (a released copy of the spec, for one)."""


def function_name(reference: str) -> str:
    """NAME of "support.py:NAME"; ValueError for anything else."""
    m = _REFERENCE.match(reference or "")
    if m is None:
        raise ValueError(f"{reference!r} should read \"{FILE}:FUNCTION\" (a function of the {FILE} "
                         "in the assignment's folder)")
    return m.group(1)


def has_code(folder: Path | None) -> bool:
    return folder is not None and (Path(folder) / FILE).is_file()


def function(reference: str, folder: Path | None):
    """The function "support.py:NAME" of the assignment whose folder is `folder`."""
    name = function_name(reference)
    if not has_code(folder):
        raise MissingCourseCode(f"{FILE} is not in {folder}: {reference} cannot be computed here")
    fn = getattr(module(folder), name, None)
    if not callable(fn):
        raise AttributeError(f"{Path(folder) / FILE} defines no function {name}")
    return fn


def module(folder: Path):
    """The support.py of `folder` as a module, loaded again only when the file changed."""
    path = (Path(folder) / FILE).resolve()
    return _module(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _module(path: str, mtime_ns: int):
    # a name of its own per file: two assignments' support.py never share a module
    name = "autograder_course_support_" + hashlib.sha256(path.encode()).hexdigest()[:16]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def references(q) -> list[str]:
    """Every "support.py:NAME" a question of a spec names."""
    refs = [q.expected_from] if q.expected_from else []
    fq = getattr(q, "function", None)
    if fq is not None:
        refs += [fq.reference, fq.cases_from, fq.explain] + [v.function for v in fq.variants]
    return [r for r in refs if r]


def defined(folder: Path) -> set[str]:
    """The functions support.py defines at its top level, read without running it."""
    import ast

    tree = ast.parse((Path(folder) / FILE).read_text(encoding="utf-8"), filename=str(Path(folder) / FILE))
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def problems(asg) -> list[tuple[Path, int, str]]:
    """(file, line, message) for each "support.py:NAME" of the spec `asg` that its folder's
    support.py does not define (support.py is read, not run)."""
    spec_file = asg.directory / "assignment.toml"
    lines = spec_file.read_text(encoding="utf-8").splitlines() if spec_file.is_file() else []

    def line_of(qid: str, text: str) -> int:
        start = next((i for i, ln in enumerate(lines) if ln.replace(" ", "") == f'id="{qid}"'), 0)
        return next((i + 1 for i in range(start, len(lines)) if f'"{text}"' in lines[i]), start + 1)

    wanted = [(q, r) for q in asg.questions for r in references(q)]
    if not wanted:
        return []
    if not has_code(asg.directory):
        q, r = wanted[0]
        return [(spec_file, line_of(q.id, r), f"question {q.id} names {r}, but {asg.directory} has no {FILE}")]
    try:
        names = defined(asg.directory)
    except SyntaxError as err:
        return [(asg.directory / FILE, err.lineno or 1, f"not valid Python: {err.msg}")]
    return [(spec_file, line_of(q.id, r), f"question {q.id}: {FILE} defines no function {function_name(r)}")
            for q, r in wanted if function_name(r) not in names]
