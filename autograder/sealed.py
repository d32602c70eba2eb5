"""Local checks from sealed data: what a student's install checks answers with.

`autograder release` writes sealed.json (and sealed.npz) beside the released notebook
(see sealing.py, instructor side): values at secret states and inputs, never a formula.
This module reads them and checks an answer the way the grader does, without the
reference: an expression answer is parsed by the grader's own parser, evaluated at every
sealed state and compared with the reference's values there; a wrong one is explained by
the sealed values of the reference's terms and of the catalogued mistakes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SEALED_JSON = "sealed.json"
SEALED_ARRAYS = "sealed.npz"
FORMAT = 1
CORRECT, INCORRECT, INVALID, UNDECIDED = "correct", "incorrect", "invalid", "undecided"


class SealedError(RuntimeError):
    """The sealed data is missing or unreadable; the message says what to do."""


@dataclass
class Sealed:
    folder: Path
    data: dict
    _arrays: dict | None = None

    def entry(self, question_id: str) -> dict | None:
        return self.data.get("questions", {}).get(question_id)

    def array(self, key: str):
        import numpy as np

        if self._arrays is None:
            path = self.folder / SEALED_ARRAYS
            if not path.is_file():
                raise SealedError(f"{path.name} is missing beside the notebook; copy it from the released folder")
            with np.load(path, allow_pickle=False) as npz:      # plain arrays only, never pickle
                self._arrays = {k: np.array(npz[k], dtype=np.float64) for k in npz.files}
        return self._arrays[key].copy()


def find(assignment_id: str, folders) -> Sealed | None:
    """The sealed data of `assignment_id` in the first of `folders` that has it."""
    for folder in folders:
        path = Path(folder) / SEALED_JSON
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise SealedError(f"{path} cannot be read ({err}); copy it again from the released folder") from None
        if data.get("assignment") == assignment_id:
            if data.get("format") != FORMAT:
                raise SealedError(f"{path} was written by another version of the grader")
            return Sealed(Path(folder), data)
    return None


# -- expressions ------------------------------------------------------------------------

@dataclass
class Verdict:
    verdict: str
    score: float
    feedback: str
    notes: list = field(default_factory=list)


class _Missing(ValueError):
    def __init__(self, names):
        super().__init__(", ".join(sorted(names)))
        self.names = sorted(names)


def quick_verdict(entry: dict, dps: int, q, text: str) -> Verdict | None:
    """The verdict on an answer to an expression question read with the quick
    reader (expressions/quick.py), without SymPy, or None (not in its subset: the sealed
    check below reads it). A right answer is the quick check's; any other is judged from
    the answer's values at the sealed states, which the quick entry shares point by point
    (sealing.py), exactly as check_expression judges them."""
    from .expressions import quick, readings

    found = entry.get("quick")
    if found is None or q.kind != "expression":
        return None
    right = quick.check(found, text)
    if right is not None:
        return Verdict(CORRECT, 1.0, right["feedback"])
    evaluated = quick.evaluate(found, text)
    if evaluated is None or len(evaluated[0]) != len(entry["states"]):
        return None
    got, _, notes = evaluated
    final = _final(entry, dps, q, True, got)
    if notes:
        final.feedback = f"{final.feedback} ({readings.sentence(notes)})"
    return final


def _evaluable(expr):
    """Abs(x) back to sqrt(x**2), as the grader's evaluator expects (see equivalence.py)."""
    import sympy

    if not expr.has(sympy.Abs):
        return expr
    return expr.replace(lambda e: isinstance(e, sympy.Abs),
                        lambda e: sympy.Pow(sympy.Pow(e.args[0], 2, evaluate=False), sympy.S.Half,
                                            evaluate=False))


def _values(expr, states: list[dict], dps: int) -> list:
    """The expression's value at every sealed state (None where it is undefined)."""
    import mpmath

    from .derive.evaluate import Undefined, compile_expr
    from .expressions.placement import Placement, place

    out = []
    with mpmath.workdps(dps):
        for st in states:
            placed = place(expr, Placement(st["step"], st["horizon"]))
            prog = compile_expr(_evaluable(placed))
            missing = [s.name for s in prog.symbols if s.name not in st["values"]]
            if missing:
                raise _Missing(missing)
            try:
                out.append(prog.run([mpmath.mpf(st["values"][s.name]) for s in prog.symbols], "mp"))
            except Undefined:
                out.append(None)
    return out


def _agree(a, b, tol) -> bool:
    scale = max(abs(a), abs(b))
    return scale == 0 or abs(a - b) <= tol * scale


def _same(got: list, want: list, dps: int) -> bool:
    import mpmath

    tol = mpmath.mpf(10) ** -(dps - 20)
    with mpmath.workdps(dps):
        return all(g is not None and w is not None and _agree(g, mpmath.mpf(w) if isinstance(w, str) else w, tol)
                   for g, w in zip(got, want))


def _read(model, q, text: str):
    """(steps, notes, head): the parsed answer as the grader reads it, a derivation's
    steps, and for prose the sentence naming the equation graded."""
    from .expressions import prose, readings
    from .expressions.limits import prescan_derivation
    from .expressions.model_vocabulary import vocabulary_for
    from .expressions.parse import parse_answer, parse_lines

    vocab = vocabulary_for(model)
    path = q.target.startswith("path:")
    if not path and prose.is_prose(text):
        prescan_derivation(text, 0)
        with readings.collect() as notes:
            reading = prose.read(text, vocab, q.target, q.last_step)
        return reading.steps, notes, f"Graded equation {reading.chain.number} of your answer."
    if q.kind == "derivation":
        prescan_derivation(text, 0)
        lines = parse_lines(text)
        prescan_derivation(text, len(lines))
        if lines:
            steps, notes = [], []
            for k, line in enumerate(lines, 1):
                with readings.collect() as step_notes:
                    steps.append(parse_answer(line, vocab, forbid={q.target}))
                notes += [n for n in step_notes if n not in notes]
            return steps, notes, ""
    with readings.collect() as notes:
        expr = parse_answer(text, vocab, forbid=() if path else {q.target})
    return [expr], notes, ""


def check_expression(entry: dict, dps: int, model, q, text: str) -> Verdict:
    """The local verdict of an expression or derivation answer from its sealed entry."""
    from .expressions import readings
    from .expressions.errors import AnswerError
    from .expressions.placement import PlacementError
    from .derive.evaluate import NotCompilable

    try:
        steps, notes, head = _read(model, q, text)
    except AnswerError as err:
        return Verdict(INVALID, 0.0, err.render(text) if hasattr(err, "render") else err.message)
    if not steps:
        return Verdict(INVALID, 0.0, "No expression in your answer could be read.")
    states = entry["states"]
    try:
        values = [_values(s, states, dps) for s in steps]
    except _Missing as err:
        why = ("t is the last step, so there is no step t+1" if q.last_step
               else "it has no value in this question")
        return Verdict(INVALID, 0.0, f"Your answer uses {', '.join(err.names)}, which has no value here: {why}.")
    except PlacementError as err:
        return Verdict(INVALID, 0.0, str(err))
    except NotCompilable:
        return Verdict(UNDECIDED, 0.0, "Your answer could not be checked automatically; it is left for a "
                       "person to review.")
    broken = next((k + 1 for k in range(1, len(values)) if not _same(values[k], values[k - 1], dps)), None)
    final = _final(entry, dps, q, bool(steps[-1].free_symbols), values[-1])
    if broken is not None:
        note = f"Step {broken} does not follow from step {broken - 1}."
        if final.verdict == CORRECT:
            final = Verdict(INCORRECT, _table(q)["broken_step"],
                            f"Your final answer is right, but the derivation has a broken step: {note}")
        else:
            final.feedback = f"{note} {final.feedback}"
    if head:
        final.feedback = f"{head} {final.feedback}"
    if notes:
        final.feedback = f"{final.feedback} ({readings.sentence(notes)})"
    return final


def _final(entry, dps, q, has_symbols: bool, got) -> Verdict:
    want = [s["reference"] for s in entry["states"]]
    if _same(got, want, dps):
        return Verdict(CORRECT, 1.0, "Correct.")
    from .expressions import credit

    lines = ["Not equal to the gradient asked for."]
    score = 0.0
    if has_symbols:      # a number is no answer: no partial credit, no hint
        fit = _fit(entry.get("terms", []), got, dps)
        if fit is not None and any(fit):
            lines += [t["words"][str(c)] for t, c in zip(entry["terms"], fit) if c != 1]
            if q.partial_credit.per_branch:
                score = sum(1 for c in fit if c == 1) / len(fit)
            else:
                kinds = credit.fitted_kinds((c, t.get("later", False)) for t, c in zip(entry["terms"], fit))
                score = credit.fraction(kinds, _table(q))
        else:
            mistake = next((m for m in entry.get("mistakes", []) if _same(got, m["values"], dps)), None)
            if mistake is not None:
                lines.append(mistake["words"])
                if q.partial_credit.mistake is not None:
                    score = q.partial_credit.mistake
                elif mistake.get("kind"):
                    score = credit.fraction([mistake["kind"]], _table(q))
    return Verdict(INCORRECT, round(score, 4), " ".join(lines))


def _table(q) -> dict:
    """The grader's credit table for this question (expressions/check.PartialCredit.table)."""
    from .expressions import credit

    return credit.question_table(q.credit, q.partial_credit.broken_step)


def _fit(terms: list, got: list, dps: int) -> list | None:
    """Integer coefficients (-1, 0, 1, 2) with answer == sum c_j * term_j at every state."""
    import mpmath
    import numpy as np

    if len(terms) < 2:
        return None
    rows = [k for k in range(len(got)) if got[k] is not None and all(t["values"][k] is not None for t in terms)]
    if len(rows) < len(terms) + 2:
        return None
    A = np.array([[float(t["values"][k]) for t in terms] for k in rows])
    b = np.array([float(got[k]) for k in rows])
    coef, *_ = np.linalg.lstsq(A, b, rcond=None)
    if not np.all(np.isfinite(coef)):
        return None
    rounded = [int(round(c)) for c in coef]
    if any(abs(c - r) > 1e-6 for c, r in zip(coef, rounded)) or any(r not in (-1, 0, 1, 2) for r in rounded):
        return None
    with mpmath.workdps(dps):
        for k in rows:
            fitted = sum(c * mpmath.mpf(t["values"][k]) for c, t in zip(rounded, terms))
            if not _agree(got[k], fitted, mpmath.mpf("1e-15")):
                return None
    return rounded


# -- code -------------------------------------------------------------------------------

def code_case(sealed: Sealed, question_id: str, name: str) -> dict:
    """The sealed inputs of function `name` and the reference's outputs for them, in the
    shape the notebook's check uses (see student._numeric_problems)."""
    f = sealed.entry(question_id)["functions"][name]
    key = f"{question_id}/{name}"
    return {"forward": f["forward"], "output_names": f["output_names"], "grad_names": f["grad_names"],
            "x": {n: sealed.array(f"{key}/x/{n}") for n in f["inputs"]},
            "outputs": [sealed.array(f"{key}/outputs/{i}") for i in range(f["outputs"])],
            "ups": [sealed.array(f"{key}/ups/{i}") for i in range(f["grads"] and f["outputs"])],
            "grads": [sealed.array(f"{key}/grads/{i}") for i in range(f["grads"])]}


def unpacked(sealed: Sealed, packed: dict):
    """A sealed value (sealing._packed): an array, a number, or a list of them."""
    if "array" in packed:
        return sealed.array(packed["array"])
    if "items" in packed:
        return [unpacked(sealed, p) for p in packed["items"]]
    return float(packed["number"])


def function_cases(sealed: Sealed, question_id: str) -> list[dict]:
    """A function question's sealed cases: name, args, want and (words, result) mistakes."""
    return [{"name": c["name"], "args": unpacked(sealed, c["args"]), "want": unpacked(sealed, c["want"]),
             "mistakes": [(m["words"], unpacked(sealed, m["result"])) for m in c["mistakes"]]}
            for c in sealed.entry(question_id)["cases"]]
