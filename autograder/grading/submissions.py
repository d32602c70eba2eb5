"""Finding submissions and reading them robustly.

A submission is one student's `.ipynb` or `.py`. The student id is the file's stem, or,
for a folder that holds one student's work (`alice/hw.ipynb`), the folder's name.
Reading never raises: a notebook that cannot be read becomes a `Notebook` with an
`error` sentence, and every question is then graded 0 with that sentence.

Notebooks are read with the `json` module (importing nbformat costs more than a second);
nbformat 4 and the older 3 (worksheets, `input`) are both understood.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".ipynb", ".py")
MAX_BYTES = 20 << 20


class UsageProblem(ValueError):
    """A path given on the command line that is not a submission (usage error)."""


@dataclass(frozen=True)
class Submission:
    student_id: str
    path: Path


@dataclass
class Cell:
    index: int
    kind: str                   # code | markdown | raw
    source: str
    grade_id: str = ""
    solution: bool = False
    grade: bool = False
    locked: bool = False


@dataclass
class Notebook:
    cells: list[Cell] = field(default_factory=list)
    error: str = ""                           # the whole submission is unreadable
    warnings: list[str] = field(default_factory=list)
    assignment: str = ""                      # the assignment it says it belongs to ("" if unknown)

    def by_grade_id(self, grade_id: str) -> tuple[Cell | None, str]:
        """The cell with this nbgrader grade_id, and a sentence when something is off."""
        found = [c for c in self.cells if c.grade_id == grade_id]
        if not found:
            return None, (f"the answer cell {grade_id!r} is missing from the notebook (was it deleted, "
                          "or copied into a new cell without its metadata?)")
        if len(found) > 1:
            return found[-1], (f"the answer cell {grade_id!r} appears {len(found)} times; "
                               f"the last copy (cell {found[-1].index + 1}) was graded")
        return found[0], ""

    def code_cells(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "code"]


def student_id_for(path: Path, given_as_folder: bool) -> str:
    return safe_id(path.parent.name if given_as_folder else path.stem)


def safe_id(name: str) -> str:
    """A student id usable as a file name (reports are written under it)."""
    return re.sub(r"[^A-Za-z0-9_.@-]+", "_", name).strip("._") or "student"


def as_student(subs: list[Submission], student_id: str) -> list[Submission]:
    """The one submission, graded under an id given by the caller (a student's CI names the
    repository or the account; the notebook's file name is the assignment's)."""
    if len(subs) != 1:
        raise UsageProblem(f"--student-id names one student, but {len(subs)} submissions were given")
    return [Submission(safe_id(student_id), subs[0].path)]


def discover(paths, assignment_notebook: str = "", assignment: str = "",
             notes: list[str] | None = None) -> list[Submission]:
    """Submissions named on the command line: files, or folders of them.

    Three layouts are understood, with `assignment` the assignment's id (default: the stem
    of its notebook):
    - flat: a folder's .ipynb/.py files are one submission each (id = file stem);
    - one folder per student: `<student>/<notebook>` (id = the folder's name);
    - nbgrader's: `<student>/<assignment>/<notebook>`, where a student folder may hold
      several assignments; only the folder named after this assignment is graded, and a
      student without it has no submission (a sentence is added to `notes`).
    Inside a student's folder the assignment's notebook is taken if present, else the only
    .ipynb, else the only .py. Raises UsageProblem for a path that does not exist or is not a
    submission."""
    assignment = assignment or Path(assignment_notebook).stem
    notes = notes if notes is not None else []
    out: list[Submission] = []
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            if p.suffix not in SUFFIXES:
                raise UsageProblem(f"submission {raw!r} is not a .ipynb or .py file")
            out.append(Submission(_file_id(p, assignment), p))
        elif p.is_dir():
            if (p / "submitted").is_dir() and any((p / f).is_file() for f in ("nbgrader_config.py", "gradebook.db")):
                raise UsageProblem(f"{raw!r} is an nbgrader course folder; grade its submissions: "
                                   f"{p / 'submitted'}")
            found = _from_folder(p, assignment_notebook, assignment, notes)
            if not found:
                why = f" ({'; '.join(notes)})" if notes else ""
                raise UsageProblem(f"folder {raw!r} holds no .ipynb or .py submissions of "
                                   f"{assignment or 'this assignment'}{why}")
            out.extend(found)
        else:
            raise UsageProblem(f"submission {raw!r} does not exist")
    seen: dict[str, int] = {}
    unique = []
    for s in out:       # two files with one stem: keep both, with distinct ids
        n = seen.get(s.student_id, 0)
        seen[s.student_id] = n + 1
        unique.append(s if n == 0 else Submission(f"{s.student_id}-{n + 1}", s.path))
    return unique


def _file_id(path: Path, assignment: str) -> str:
    """A file named on its own: its stem, except nbgrader's <student>/<assignment>/<notebook>,
    whose student is the folder above the assignment's."""
    if assignment and path.parent.name == assignment and path.parent.parent.name:
        return safe_id(path.parent.parent.name)
    return student_id_for(path, False)


def _visible(folder: Path, *, dirs: bool) -> list[Path]:
    return sorted(e for e in folder.iterdir() if not e.name.startswith(".")
                  and not e.name.endswith(".ipynb_checkpoints") and (e.is_dir() if dirs else e.is_file()))


def _pick(folder: Path, notebook: str) -> Path | None:
    if notebook and (folder / notebook).is_file():
        return folder / notebook
    for suffix in SUFFIXES:
        files = [f for f in _visible(folder, dirs=False) if f.suffix == suffix]
        if files:
            return files[0]
    return None


def _from_folder(folder: Path, notebook: str, assignment: str, notes: list[str]) -> list[Submission]:
    subdirs = _visible(folder, dirs=True)
    if assignment and (folder / assignment).is_dir():
        # one student's nbgrader folder (submitted/<student>/), given on its own
        inner = _pick(folder / assignment, notebook)
        return [Submission(safe_id(folder.name), inner)] if inner else []
    if notebook and (folder / notebook).is_file() and not subdirs:
        # one student's folder; nbgrader's submitted/<student>/<assignment>/ names its student above
        owner = folder.parent.name if folder.name == assignment and folder.parent.name else folder.name
        return [Submission(safe_id(owner), folder / notebook)]
    nbgrader = bool(assignment) and any((e / assignment).is_dir() for e in subdirs)
    subs = [Submission(student_id_for(f, False), f) for f in _visible(folder, dirs=False)
            if f.suffix in SUFFIXES]
    for e in subdirs:
        if assignment and (e / assignment).is_dir():
            inner = _pick(e / assignment, notebook)
        else:
            inner = _pick(e, notebook)
            if inner is None and not nbgrader:   # one nested folder, e.g. <student>/<homework>/<notebook>
                nested = _visible(e, dirs=True)  # (in nbgrader's layout: another assignment's)
                inner = _pick(nested[0], notebook) if len(nested) == 1 else None
        if inner is not None:
            subs.append(Submission(safe_id(e.name), inner))
        else:
            notes.append(f"{e.name}: no submission of {assignment or 'this assignment'} "
                         f"in {e}" + (f" (no {assignment}/ folder)" if nbgrader else ""))
    subs.sort(key=lambda s: s.student_id)
    return subs


def _text(src) -> str:
    if isinstance(src, list):
        return "".join(str(s) for s in src)
    return src if isinstance(src, str) else ""


def read(path: Path) -> Notebook:
    """Read a submission file into cells; never raises."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Notebook(error=f"the file is {size >> 20} MB, more than the {MAX_BYTES >> 20} MB allowed")
        raw = path.read_bytes()
    except OSError as e:
        return Notebook(error=f"the file could not be read ({e.strerror or e})")
    if not raw.strip():
        return Notebook(error="the file is empty (was it saved before it was submitted?)")
    kind = _binary_kind(raw)
    if kind:
        return Notebook(error=f"the file is {kind}, not a notebook; submit the .ipynb file saved by Jupyter")
    warnings = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        text = raw.decode("utf-8", errors="replace")
        line = raw.count(b"\n", 0, e.start) + 1
        warnings.append(f"the file is not valid UTF-8 (the first bad byte is on line {line}); "
                        "bytes that could not be read were replaced by \ufffd")
    text = text.lstrip("\ufeff")
    if path.suffix == ".py":
        return Notebook([Cell(0, "code", text)], warnings=warnings)
    return parse_notebook(text, warnings)


# Signatures of files that are sometimes submitted in place of a notebook.
_MAGIC = ((b"PK\x03\x04", "a zip archive"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"%PDF", "a PDF document"), (b"\x1f\x8b", "a gzip archive"), (b"GIF8", "a GIF image"))


def _binary_kind(raw: bytes) -> str:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    return "a binary file" if b"\x00" in raw[:1024] else ""


_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_KINDS = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false",
               type(None): "null"}


def parse_notebook(text: str, warnings: list[str] | None = None) -> Notebook:
    warnings = list(warnings or [])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return Notebook(error=f"the notebook is not valid JSON at line {e.lineno}, column {e.colno} "
                              f"({e.msg}); was it saved completely? Open it in Jupyter and save it again",
                        warnings=warnings)
    except RecursionError:      # json recurses once per nesting level
        return Notebook(error="the file is not a valid notebook: its JSON is nested far too deeply",
                        warnings=warnings)
    except ValueError as e:     # e.g. a number literal with thousands of digits
        return Notebook(error=f"the notebook is not valid JSON ({e})", warnings=warnings)
    if not isinstance(data, dict):
        return Notebook(error=f"the file is not a Jupyter notebook: its JSON is {_JSON_KINDS.get(type(data), 'a value')}, "
                              "not an object with cells", warnings=warnings)
    major = data.get("nbformat")
    if "worksheets" in data or major == 3:
        sheets = data.get("worksheets") if isinstance(data.get("worksheets"), list) else []
        raw_cells = [c for ws in sheets if isinstance(ws, dict) and isinstance(ws.get("cells"), list)
                     for c in ws["cells"]]
        warnings.append("the notebook is in the old nbformat 3; it was read as such")
    elif isinstance(data.get("cells"), list):
        raw_cells = data["cells"]
        if major not in (4, None):
            warnings.append(f"nbformat {major!r} is not known; the notebook was read as nbformat 4")
    else:
        return Notebook(error="the file is JSON but not a Jupyter notebook (no cells)", warnings=warnings)
    cells = []
    for i, c in enumerate(raw_cells):
        if not isinstance(c, dict):
            warnings.append(f"cell {i + 1} is not an object and was skipped")
            continue
        kind = c.get("cell_type", "code")
        if kind == "heading":
            kind = "markdown"
        src = _text(c.get("source", c.get("input", "")))
        if _SURROGATE.search(src):   # a JSON escape such as \ud800: text no file or process can carry
            src = _SURROGATE.sub("\ufffd", src)
            warnings.append(f"cell {i + 1} holds an escaped character that is not valid text (a lone "
                            "surrogate); it was replaced by \ufffd")
        meta = c.get("metadata") if isinstance(c.get("metadata"), dict) else {}
        nbg = meta.get("nbgrader", {})
        if not isinstance(nbg, dict):     # the grader's own metadata, mangled: the cell is ordinary
            warnings.append(f"cell {i + 1} has nbgrader metadata that is not an object; it was ignored")
            nbg = {}
        cells.append(Cell(i, kind if kind in ("code", "markdown", "raw") else "raw", src,
                          grade_id=_SURROGATE.sub("\ufffd", str(nbg.get("grade_id", ""))), solution=bool(nbg.get("solution")),
                          grade=bool(nbg.get("grade")), locked=bool(nbg.get("locked"))))
    return Notebook(cells, warnings=warnings, assignment=_assignment_of(data, cells))


_ASSIGNMENT_LINE = re.compile(r"^ASSIGNMENT\s*=\s*[\"']([\w.-]{1,80})[\"']", re.M)
_GIVEN_CELL_ID = re.compile(r"^([\w.-]{1,80})-\d{2}$")      # the build names read-only cells <assignment>-NN


def _assignment_of(data: dict, cells: list[Cell]) -> str:
    """The assignment a notebook says it is, "" if it does not say: its metadata
    (`autograder.assignment`, written by the build and kept by the release), else its
    `ASSIGNMENT = "..."` line, else the ids nbgrader's metadata gives its read-only cells.
    Answer cell ids cannot tell: two assignments may share one (`answer_step_functions`)."""
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    own = meta.get("autograder") if isinstance(meta.get("autograder"), dict) else {}
    if isinstance(own.get("assignment"), str) and own["assignment"]:
        return own["assignment"][:80]
    for c in cells:
        m = _ASSIGNMENT_LINE.search(c.source) if c.kind == "code" else None
        if m:
            return m.group(1)
    prefixes = {m.group(1) for c in cells if c.locked for m in [_GIVEN_CELL_ID.match(c.grade_id)] if m}
    return prefixes.pop() if len(prefixes) == 1 else ""
