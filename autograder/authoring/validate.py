"""Is a course folder consistent? Every problem with the file and the line to fix.

Two lists of checks, each a function returning `Problem`s:
- ASSIGNMENT_CHECKS take one loaded assignment (grading/spec.py's Assignment, its spec read
  without error and its authored notebook readable): the authored notebook against the spec;
- COURSE_CHECKS take the course folder (the folder holding `<id>/assignment.toml`).
A spec that does not load is one problem (grading/spec.py's SpecError message, at the line of
the question or key it names); the notebook checks of that assignment then wait for it.
`autograder validate` prints them, `release` refuses while any remain.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..grading import spec as specs
from .notebook import BEGIN, END, HIDDEN_BEGIN, HIDDEN_END, nbgrader_meta


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int           # 1-based; 0 when the file as a whole is wrong
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


# -- where things are written -------------------------------------------------------------

class TomlLines:
    """Lines of an assignment.toml: its `[[question]]` tables and their keys."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            self.lines = []
        self.starts = [i + 1 for i, ln in enumerate(self.lines) if ln.strip() == "[[question]]"]

    def key(self, key: str, question: int | None = None) -> int:
        """The line of `key = ...` in the n-th question (1-based) or at top level; else the
        question's header (or 1)."""
        if question is not None and 1 <= question <= len(self.starts):
            lo = self.starts[question - 1]
            hi = self.starts[question] if question < len(self.starts) else len(self.lines) + 1
        else:
            lo, hi = 1, (self.starts[0] if self.starts else len(self.lines) + 1)
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n in range(lo, hi):
            if pattern.match(self.lines[n - 1]):
                return n
        return lo

    def questions(self, qid: str) -> list[int]:
        """The numbers (1-based) of the questions whose id is `qid`."""
        pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(qid)}[\"']")
        out = []
        for k, start in enumerate(self.starts, 1):
            end = self.starts[k] if k < len(self.starts) else len(self.lines) + 1
            if any(pattern.match(self.lines[n - 1]) for n in range(start, end)):
                out.append(k)
        return out


# SpecError names "question N (id)" and often a key: the line of that key in that question
_KEYS = ("partial_credit", "expected_from", "expected", "answer_cell", "test_cell", "functions",
         "checker", "variable", "target", "points", "kind", "step", "credit", "id")


def spec_problem(err: specs.SpecError, path: Path) -> Problem:
    message = str(err)
    prefix = f"{path}: "
    if message.startswith(prefix):
        message = message[len(prefix):]
    at = re.search(r"at line (\d+)", message)         # tomllib's own position
    if at:
        return Problem(path, int(at.group(1)), message)
    lines = TomlLines(path)
    number = re.match(r"question (\d+)", message)
    twice = re.search(r"question id '([^']+)' appears twice", message)
    if twice:       # the second of them
        found = lines.questions(twice.group(1))
        return Problem(path, lines.key("id", found[-1] if found else None), message)
    question = int(number.group(1)) if number else None
    rest = message.split(":", 1)[1] if number and ":" in message else message
    key = next((k for k in _KEYS if re.search(rf"\b{k}\b", rest)), None)
    if key:
        return Problem(path, lines.key(key, question), message)
    if question and question <= len(lines.starts):
        return Problem(path, lines.starts[question - 1], message)
    return Problem(path, 1, message)


class NotebookLines:
    """Lines of an .ipynb file (JSON as nbformat writes it: one cell's `"cell_type"` key
    per cell, its source one line per JSON line)."""

    def __init__(self, path: Path):
        self.lines = path.read_text(encoding="utf-8").splitlines()
        self.cells = [i + 1 for i, ln in enumerate(self.lines) if '"cell_type":' in ln]

    def cell(self, index: int) -> int:
        return self.cells[index] if index < len(self.cells) else 1

    def text(self, index: int, needle: str) -> int:
        """The line of `needle` inside cell `index`, else the cell's own line."""
        start = self.cell(index)
        end = self.cells[index + 1] if index + 1 < len(self.cells) else len(self.lines) + 1
        quoted = json.dumps(needle)[1:-1]
        return next((n for n in range(start, end) if quoted in self.lines[n - 1]), start)


# -- the checks of one assignment ---------------------------------------------------------

class Authored:
    """An assignment with its authored notebook read once for all checks."""

    def __init__(self, asg: specs.Assignment):
        self.asg = asg
        self.toml = asg.directory / "assignment.toml"
        self.path = asg.solution_path
        self.lines = NotebookLines(self.path)
        self.nb = json.loads(self.path.read_text(encoding="utf-8"))
        self.cells = self.nb.get("cells", [])

    def source(self, cell) -> str:
        src = cell.get("source", "")
        return src if isinstance(src, str) else "".join(src)

    def by_grade_id(self) -> dict[str, int]:
        return {nbgrader_meta(c)["grade_id"]: i for i, c in enumerate(self.cells)
                if nbgrader_meta(c).get("grade_id")}

    def at_question(self, q, key: str) -> int:
        toml = TomlLines(self.toml)
        found = toml.questions(q.id)
        return toml.key(key, found[0] if found else None)


def on_notebook(check):
    """A check of the authored notebook, called as every ASSIGNMENT_CHECK is: with the
    loaded assignment (grading/spec.py's Assignment)."""
    @functools.wraps(check)
    def run(asg: specs.Assignment) -> list[Problem]:
        return check(Authored(asg))
    return run


def _graded_cell(q) -> str:
    """The cell that carries a question's points: the answer itself for a manual question."""
    return q.answer_cell if q.kind == "manual" else q.test_cell


@on_notebook
def questions_have_cells(a: Authored) -> list[Problem]:
    found = a.by_grade_id()
    out = []
    for q in a.asg.questions:
        need = [(q.answer_cell, "answer_cell", "answer cell", "solution")]
        if q.kind != "manual":
            need.append((q.test_cell, "test_cell", "test cell", "grade"))
        for gid, key, what, flag in need:
            if gid not in found:
                out.append(Problem(a.toml, a.at_question(q, key),
                                   f"question {q.id}: the notebook {a.path.name} has no {what} "
                                   f"with grade_id {gid!r}"))
                continue
            i = found[gid]
            meta = nbgrader_meta(a.cells[i])
            if not meta.get(flag):
                out.append(Problem(a.path, a.lines.text(i, gid),
                                   f"cell {gid!r} is the {what} of question {q.id} but is not "
                                   f"marked `{flag}: true`"))
        graded = _graded_cell(q)
        if graded in found:
            meta = nbgrader_meta(a.cells[found[graded]])
            if meta.get("grade") and meta.get("points") != q.points:
                out.append(Problem(a.path, a.lines.text(found[graded], graded),
                                   f"cell {graded!r} gives {meta.get('points')} points; question "
                                   f"{q.id} is worth {q.points:g} in assignment.toml"))
    return out


@on_notebook
def graded_cells_have_questions(a: Authored) -> list[Problem]:
    graded = {_graded_cell(q) for q in a.asg.questions}
    answers = {q.answer_cell for q in a.asg.questions}
    out = []
    for i, cell in enumerate(a.cells):
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id", "")
        if meta.get("grade") and gid not in graded:
            out.append(Problem(a.path, a.lines.text(i, gid),
                               f"graded cell {gid!r} belongs to no question of assignment.toml"))
        elif meta.get("solution") and not meta.get("grade") and gid.startswith("answer_") \
                and gid not in answers:
            out.append(Problem(a.path, a.lines.text(i, gid),
                               f"answer cell {gid!r} belongs to no question of assignment.toml"))
    return out


@on_notebook
def markers_balanced(a: Authored) -> list[Problem]:
    out = []
    for i, cell in enumerate(a.cells):
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id") or cell.get("id", f"#{i + 1}")
        lines = [ln.strip() for ln in a.source(cell).splitlines()]
        for begin, end, flag, what in ((BEGIN, END, "solution", "solution"),
                                       (HIDDEN_BEGIN, HIDDEN_END, "grade", "hidden tests")):
            depth = 0
            for ln in lines:
                if ln == begin:
                    if depth:
                        out.append(Problem(a.path, a.lines.text(i, begin),
                                           f"cell {gid!r}: {begin} inside another {what} region"))
                    depth += 1
                elif ln == end:
                    if not depth:
                        out.append(Problem(a.path, a.lines.text(i, end),
                                           f"cell {gid!r}: {end} without {begin}"))
                        continue
                    depth -= 1
            if depth:
                out.append(Problem(a.path, a.lines.text(i, begin),
                                   f"cell {gid!r}: {begin} is never closed by {end}"))
            if begin in lines and not meta.get(flag):
                out.append(Problem(a.path, a.lines.text(i, begin),
                                   f"cell {gid!r} has a {what} region but is not marked "
                                   f"`{flag}: true` (it would reach students as written)"))
        if meta.get("solution") and BEGIN not in lines and not meta.get("grade"):
            out.append(Problem(a.path, a.lines.text(i, gid or ""),
                               f"answer cell {gid!r} has no {BEGIN} region: its content would "
                               "be released as the student's starting point"))
    return out


@on_notebook
def unique_grade_ids(a: Authored) -> list[Problem]:
    seen, out = set(), []
    for i, cell in enumerate(a.cells):
        gid = nbgrader_meta(cell).get("grade_id")
        if gid and gid in seen:
            out.append(Problem(a.path, a.lines.text(i, gid), f"grade_id {gid!r} appears twice"))
        seen.add(gid)
    return out


@on_notebook
def notebook_names_its_assignment(a: Authored) -> list[Problem]:
    """The grader refuses a notebook whose metadata names another assignment."""
    named = a.nb.get("metadata", {}).get("autograder", {}).get("assignment")
    if named in (None, a.asg.id):
        return []
    line = next((n for n, ln in enumerate(a.lines.lines, 1) if '"autograder"' in ln), 1)
    return [Problem(a.path, line, f"the notebook's metadata names assignment {named!r}, not "
                                  f"{a.asg.id!r}: the grader would refuse its notebooks")]


def support_functions_exist(asg: specs.Assignment) -> list[Problem]:
    """Every "support.py:NAME" of the spec is a function of the assignment's support.py (read,
    not run)."""
    from ..grading.course_code import problems

    return [Problem(file, line, message) for file, line, message in problems(asg)]


def code_solution_is_proved(asg) -> list[Problem]:
    """Each backward of the solution agrees with exact derivatives of its own forward
    (numeric/proof.py), or release refuses, naming the function and the output."""
    if not any(q.kind == "code" for q in asg.questions):
        return []
    from ..numeric import proof

    return [Problem(Path(p.file), p.line, p.message) for p in proof.problems(asg)]


ASSIGNMENT_CHECKS = [questions_have_cells, graded_cells_have_questions, markers_balanced,
                     unique_grade_ids, notebook_names_its_assignment, support_functions_exist,
                     code_solution_is_proved]


# -- the course ---------------------------------------------------------------------------

def notebooks_have_specs(course: Path) -> list[Problem]:
    """An authored notebook without an assignment.toml beside it is never graded."""
    return [Problem(nb, 0, f"{nb.parent.parent.name}/ has an authored notebook but no assignment.toml")
            for nb in sorted(course.glob("*/source/*.ipynb"))
            if not (nb.parent.parent / "assignment.toml").is_file()]


def models_are_declared_well(course: Path) -> list[Problem]:
    """Every model declaration of the course (`models/<name>.model.toml`) reads cleanly."""
    from ..models import declaration

    return [Problem(Path(p.file), p.line, p.message) for p in declaration.problems(course)]


COURSE_CHECKS = [notebooks_have_specs, models_are_declared_well]


def assignment_problems(folder: Path) -> list[Problem]:
    """Every problem of the assignment in `folder` (holding assignment.toml)."""
    toml = Path(folder) / "assignment.toml"
    if not toml.is_file():
        return [Problem(toml, 0, "no assignment.toml")]
    try:
        asg = specs.load_file(toml, folder_is_id=True)
    except specs.SpecError as err:
        return [spec_problem(err, toml)]
    if not asg.solution_path.is_file():
        return [Problem(toml, TomlLines(toml).key("notebook") if asg.notebook else 1,
                        f"no authored notebook {asg.solution_path.relative_to(asg.directory)}")]
    try:
        Authored(asg)
    except (OSError, ValueError) as err:
        return [Problem(asg.solution_path, 0, f"not a readable notebook ({err})")]
    return [p for check in ASSIGNMENT_CHECKS for p in check(asg)]


def course_problems(course: Path) -> list[Problem]:
    course = Path(course)
    out = [p for check in COURSE_CHECKS for p in check(course)]
    for toml in sorted(course.glob("*/assignment.toml")):
        out += assignment_problems(toml.parent)
    return out
