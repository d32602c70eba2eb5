"""Assignment specs: what is asked, where the answer is, how many points, which check.

The format is described in docs/assignment-spec.md. Loading validates everything the
grader will rely on, so a broken spec fails when it is loaded (with the file and the
question named), never halfway through grading a class.
"""
from __future__ import annotations

import os
import tomllib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..questions.kinds import KINDS, KindError, kind_of


class SpecError(ValueError):
    """A spec that cannot be used; the message names the file and the question."""


@dataclass(frozen=True)
class PartialCreditRule:
    """Older switches over the credit table (None: the table of expressions/credit.py)."""
    per_branch: bool = False
    mistake: float | None = None
    broken_step: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    title: str
    points: float
    answer_cell: str
    test_cell: str = ""             # nbgrader test cell that carries the points ("" for manual)
    local_check: bool = True
    show_reference: bool = False
    # expression / derivation
    target: str = ""
    step: str = "general"
    partial_credit: PartialCreditRule = PartialCreditRule()
    # code
    checker: str = ""
    functions: tuple[str, ...] = ()
    # overrides of the credit table: autograder/numeric/credit.py for code questions,
    # autograder/expressions/credit.py for expression and derivation questions
    credit: tuple[tuple[str, float], ...] = ()
    # value; expression and derivation: the name the answer cell assigns the answer to
    variable: str = ""
    expected: float | None = None
    expected_from: str = ""
    rel_tol: float = 1e-6
    abs_tol: float = 0.0
    # function: the student's function, its reference, cases and variants (function_spec.py)
    function: object = None
    # the folder of the spec, where "support.py:NAME" functions live (course_code.py)
    folder: Path | None = field(default=None, compare=False)

    @property
    def last_step(self) -> bool:
        return self.step == "last"

    def expected_value(self, seed: int | None = None):
        """The trusted expected value of a `value` question, for the student's seed
        (autograder.value_seed): `expected_from` functions draw the student's inputs from it."""
        if self.expected is not None:
            return self.expected
        if seed is None:     # numpy would draw fresh random inputs: never a silent guess
            raise ValueError(f"question {self.id}: the expected value needs the student's seed")
        from .course_code import function

        return function(self.expected_from, self.folder)(seed)


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    model: str
    notebook: str
    directory: Path
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def solution_path(self) -> Path:
        """The authored notebook (solutions between markers, hidden tests): the one place
        the solution notebook is found. Graded as is, it earns what the solution earns."""
        return self.directory / "source" / self.notebook

    @property
    def samples_dir(self) -> Path:
        """Sample wrong submissions, graded by `autograder demo` and the behaviour tests;
        never part of a release."""
        return self.directory / "samples"

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"assignment {self.id!r} has no question {qid!r}; its questions: "
                       + ", ".join(q.id for q in self.questions))


def repository_root() -> Path:
    return Path(__file__).resolve().parents[2]


# the course being graded, when a caller names its folder (grade --assignments-dir, a bundle):
# trusted code that looks an assignment up by id (a value question's expected_from) finds it
_GRADING_ROOT: ContextVar[Path | None] = ContextVar("grading_root", default=None)


@contextmanager
def grading_root(root):
    """Within this block, `assignments_root()` is `root` (None: unchanged)."""
    token = _GRADING_ROOT.set(Path(root) if root else _GRADING_ROOT.get())
    try:
        yield
    finally:
        _GRADING_ROOT.reset(token)


def assignments_root() -> Path:
    """Where assignments live: the folder being graded, $AUTOGRADER_ASSIGNMENTS, the
    repository's assignments/, or ./assignments."""
    if _GRADING_ROOT.get() is not None:
        return _GRADING_ROOT.get()
    env = os.environ.get("AUTOGRADER_ASSIGNMENTS")
    if env:
        return Path(env)
    here = repository_root() / "assignments"
    return here if here.is_dir() else Path.cwd() / "assignments"


def use_course(folder) -> str | None:
    """Make `folder` the course folder of this process and of the processes it starts (the
    environment is what the sandbox, the workers and `--assignments-dir` read); returns the
    previous setting, for `use_course` to restore."""
    previous = os.environ.get("AUTOGRADER_ASSIGNMENTS")
    if folder is None:
        os.environ.pop("AUTOGRADER_ASSIGNMENTS", None)
    else:
        os.environ["AUTOGRADER_ASSIGNMENTS"] = str(Path(folder).resolve())
    load.cache_clear()      # specs of the other course must not answer for this one
    return previous


def available() -> list[str]:
    root = assignments_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "assignment.toml").is_file())


def find_question(assignment: str, question: str) -> Question | None:
    """The spec's question of that id, or None (no spec, or not a spec question id)."""
    if assignment not in available():
        return None
    try:
        return load(assignment).question(question)
    except KeyError:
        return None


@lru_cache(maxsize=None)
def load(assignment_id: str, root: Path | None = None) -> Assignment:
    root = root or assignments_root()
    path = root / assignment_id / "assignment.toml"
    if not path.is_file():
        known = available()
        raise KeyError(f"unknown assignment {assignment_id!r}; known assignments: "
                       + (", ".join(known) if known else "none"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise SpecError(f"{path}: not valid TOML ({err})") from None
    return _assignment(data, path)


def load_file(path: Path, folder_is_id: bool = False, validate: bool = True) -> Assignment:
    """A spec read from its own file, wherever it is, and never cached: the copy in a released
    folder, which a student may have renamed (a course repository), so its folder name is not
    checked unless asked (a course folder being validated)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise SpecError(f"{path}: not valid TOML ({err})") from None
    return _assignment(data, path, folder_is_id=folder_is_id, validate=validate)


def _assignment(data: dict, path: Path, folder_is_id: bool = True, validate: bool = True) -> Assignment:
    """The spec's questions; `validate` False leaves out what needs the model (its targets)
    and the code checkers: the quick check reads a spec a full check has validated."""
    def need(d, key, where):
        if key not in d:
            raise SpecError(f"{path}: {where} has no {key!r}")
        return d[key]

    aid = need(data, "id", "the assignment")
    if folder_is_id and aid != path.parent.name:
        raise SpecError(f"{path}: id {aid!r} differs from its folder name {path.parent.name!r}")
    questions = []
    seen = set()
    for i, q in enumerate(data.get("question", []), 1):
        where = f"question {i}" + (f" ({q['id']})" if "id" in q else "")
        qid = need(q, "id", where)
        if qid in seen:
            raise SpecError(f"{path}: question id {qid!r} appears twice")
        seen.add(qid)
        kind = need(q, "kind", where)
        if kind not in KINDS:
            raise SpecError(f"{path}: {where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        k = kind_of(kind)
        points = float(need(q, "points", where))
        if points <= 0:
            raise SpecError(f"{path}: {where}: points must be positive")
        pc = q.get("partial_credit", {})
        unknown = set(pc) - {"per_branch", "mistake", "broken_step"}
        if unknown:
            raise SpecError(f"{path}: {where}: unknown partial_credit keys {sorted(unknown)}")
        question = Question(
            id=qid, kind=kind, title=q.get("title", qid), points=points,
            answer_cell=q.get("answer_cell", f"answer_{qid}"),
            test_cell=q.get("test_cell", f"test_{qid}" if k.has_test_cell else ""),
            local_check=bool(q.get("local_check", True)),
            show_reference=bool(q.get("show_reference", False)),
            target=q.get("target", ""), step=q.get("step", "general"),
            partial_credit=PartialCreditRule(**pc),
            checker=q.get("checker", aid if k.name == "code" else ""),
            functions=(q.get("function"),) if kind == "function" else tuple(q.get("functions", ())),
            credit=_credit(q.get("credit", {}), k, path, where),
            variable=q.get("variable", k.default_variable(qid)),
            expected=q.get("expected"),
            expected_from=q.get("expected_from", ""),
            rel_tol=float(q.get("rel_tol", 1e-6)), abs_tol=float(q.get("abs_tol", 0.0)),
            function=_function(q, path, where) if kind == "function" and validate else None,
            folder=path.parent,
        )
        if validate:
            _validate(question, data.get("model", ""), path, where)
        if kind == "code" and validate:
            _validate_code(question, data, path, where)
        questions.append(question)
    return Assignment(id=aid, title=data.get("title", aid), model=data.get("model", ""),
                      notebook=data.get("notebook", f"{aid}.ipynb"), directory=path.parent,
                      questions=tuple(questions))


def _function(q: dict, path: Path, where: str):
    from .function_spec import FunctionSpecError, parse

    try:
        return parse(q)
    except (FunctionSpecError, TypeError, ValueError) as err:
        raise SpecError(f"{path}: {where}: {err}") from None


def _credit(table, kind, path: Path, where: str) -> tuple:
    """A question's `[question.credit]` overrides, checked against its kind's rule table."""
    rules = kind.credit_rules()
    if not isinstance(table, dict):
        raise SpecError(f"{path}: {where}: credit must be a table of rule = weight")
    try:
        rules.weights(table)
    except (rules.UnknownRule, ValueError, TypeError) as err:
        raise SpecError(f"{path}: {where}: {err}") from None
    return tuple(sorted((k, float(v)) for k, v in table.items()))


def _validate(q: Question, model_name: str, path: Path, where: str) -> None:
    from ..models import model_folders

    try:
        # the model is declared beside the spec or in its course folder's models/
        kind_of(q).validate(q, model_name, models=model_folders(path.parent))
    except KindError as err:
        raise SpecError(f"{path}: {where}: {err}") from None


def _validate_code(q: Question, data: dict, path: Path, where: str) -> None:
    """A code question's checker is the assignment whose `[code]` table declares its
    functions (by default its own assignment)."""
    if not q.functions:
        raise SpecError(f"{path}: {where}: a code question names its functions")
    try:
        from ..numeric import specs  # noqa: F401
    except ImportError:             # a student's install: no checkers to check against
        return
    if q.checker == data.get("id"):
        code = data.get("code")
    else:
        # an assignment of the same course, or of this checkout's own course
        other = path.parent.parent / q.checker / "assignment.toml"
        if not other.is_file():
            other = repository_root() / "assignments" / q.checker / "assignment.toml"
        code = tomllib.loads(other.read_text(encoding="utf-8")).get("code") if other.is_file() else None
    if not isinstance(code, dict):
        with_code = sorted({p.parent.name for base in (path.parent.parent, repository_root() / "assignments")
                            for p in base.glob("*/assignment.toml")
                            if "code" in tomllib.loads(p.read_text(encoding="utf-8"))})
        raise SpecError(f"{path}: {where}: checker must be one of {', '.join(with_code)} "
                        f"(an assignment with a [code] table); "
                        f"{q.checker!r} declares no [code] table")
    declared = {f.get("name") for f in code.get("function", [])}
    unknown = [f for f in q.functions if f not in declared]
    if unknown:
        raise SpecError(f"{path}: {where}: {', '.join(unknown)} not declared in the [code] table of {q.checker!r}")
