"""The spec of a function question: the student writes a function of numpy arrays.

    [[question]]
    id = "clipping"
    kind = "function"
    points = 38
    function = "clip_by_global_norm"                 # the name the student defines
    reference = "support.py:clip_by_global_norm"     # the instructor's implementation
    cases_from = "support.py:clipping_cases"         # optional: rng -> {case name: [args]}
    nonfinite = "..."                                # optional: said when NaN or inf comes back
    explain = "support.py:explain_clipping"          # optional: (args, result) -> a sentence

    [[question.case]]                                # each case: its share of the points
    name = "norm below the threshold: unchanged"
    weight = 0.25
    passive = true       # the input returned unchanged passes it: counts only on top of the rest
    # args = [[1.0, 2.0], 3.0]                       # declared inputs, instead of cases_from

    [[question.variant]]                             # a common mistake, in the order tried
    function = "support.py:clip_each_array"
    message = "each array was clipped on its own; ..."

Functions named "support.py:NAME" live in the assignment's own folder (course_code.py).
Parsing runs no instructor code: a student's install reads the released spec with it.
"""
from __future__ import annotations

from dataclasses import dataclass

KEYS = frozenset({"function", "reference", "cases_from", "nonfinite", "explain", "case", "variant"})
DEFAULT_NONFINITE = "the result contains NaN or inf"


class FunctionSpecError(ValueError):
    """A function question that cannot be used; spec.py adds the file and the question."""


@dataclass(frozen=True)
class Case:
    name: str
    weight: float
    passive: bool = False
    args: tuple | None = None          # declared inputs; None: drawn by `cases_from`


@dataclass(frozen=True)
class Variant:
    function: str                      # "support.py:NAME"
    message: str


@dataclass(frozen=True)
class FunctionQuestion:
    name: str
    reference: str
    cases: tuple[Case, ...]
    variants: tuple[Variant, ...] = ()
    cases_from: str = ""
    nonfinite: str = DEFAULT_NONFINITE
    explain: str = ""

    def case(self, name: str) -> Case:
        return next(c for c in self.cases if c.name == name)


def _support(value, key: str) -> str:
    from .course_code import function_name

    try:
        function_name(value)
    except ValueError as err:
        raise FunctionSpecError(f"{key}: {err}") from None
    return value


def parse(q: dict) -> FunctionQuestion:
    """The function question of the TOML table `q` (a [[question]] of kind "function")."""
    name = q.get("function")
    if not isinstance(name, str) or not name.isidentifier():
        raise FunctionSpecError("a function question names the student's function: function = \"NAME\"")
    if "functions" in q or "checker" in q:
        raise FunctionSpecError("a function question has `function` and `reference`, not `functions`/`checker`")
    cases_from = _support(q["cases_from"], "cases_from") if "cases_from" in q else ""
    cases = []
    for i, c in enumerate(q.get("case", []), 1):
        if not isinstance(c, dict) or not isinstance(c.get("name"), str) or not c["name"]:
            raise FunctionSpecError(f"case {i} has no name")
        unknown = set(c) - {"name", "weight", "passive", "args"}
        if unknown:
            raise FunctionSpecError(f"case {c['name']!r}: unknown keys {sorted(unknown)}")
        weight = float(c.get("weight", 1.0))
        if weight <= 0:
            raise FunctionSpecError(f"case {c['name']!r}: weight must be positive")
        if "args" not in c and not cases_from:
            raise FunctionSpecError(f"case {c['name']!r} has no args, and no cases_from draws them")
        args = c.get("args")
        if args is not None and not isinstance(args, list):
            raise FunctionSpecError(f"case {c['name']!r}: args is the list of the function's arguments")
        cases.append(Case(c["name"], weight, bool(c.get("passive", False)),
                          None if args is None else tuple(args)))
    if not cases:
        raise FunctionSpecError("a function question declares its cases ([[question.case]])")
    if len({c.name for c in cases}) != len(cases):
        raise FunctionSpecError("two cases have the same name")
    if all(c.passive for c in cases):
        raise FunctionSpecError("every case is passive: nothing would tell a right function from a stub")
    variants = []
    for i, v in enumerate(q.get("variant", []), 1):
        if not isinstance(v, dict) or not v.get("message") or "function" not in v:
            raise FunctionSpecError(f"variant {i} needs function = \"support.py:NAME\" and a message")
        variants.append(Variant(_support(v["function"], f"variant {i}"), str(v["message"])))
    return FunctionQuestion(
        name=name, reference=_support(q.get("reference", ""), "reference"), cases=tuple(cases),
        variants=tuple(variants), cases_from=cases_from,
        nonfinite=str(q.get("nonfinite", DEFAULT_NONFINITE)),
        explain=_support(q["explain"], "explain") if "explain" in q else "")
