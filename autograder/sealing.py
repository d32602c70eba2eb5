"""Sealed local checks, written by `release` (instructor side; not in the student install).

A student's install holds no reference. Its local checks read the data sealed here instead,
which holds values, never a formula:

- expression and derivation questions: secret consistent states of the model (every
  symbol's value at a random state drawn now, with the step t stands for and the horizon),
  the reference's value at each state, the values of the reference's terms (one per use of
  the quantity, for the per-term diagnosis) and of the catalogued mistakes, each with the
  words the grader would say; all at `DPS` digits, as decimal strings;
- code questions: inputs drawn now and the reference's outputs for them (the student's
  own-forward finite-difference checks need no reference);
- value questions: nothing (their expected values are per student; they are checked when
  graded).

Files: OUT/<assignment>/sealed.json, and sealed.npz for the arrays (plain float64 arrays,
read with allow_pickle=False).
"""
from __future__ import annotations

import json
import secrets
from pathlib import Path

import mpmath
import numpy as np

SEALED_JSON = "sealed.json"
SEALED_ARRAYS = "sealed.npz"
FORMAT = 1
DPS = 50              # digits of every sealed number
STATES = 8            # consistent states per expression question


def seal(asg, folder: Path) -> list[Path]:
    """Write the sealed data of assignment `asg` into `folder`; returns the files written."""
    arrays: dict[str, np.ndarray] = {}
    questions = {}
    for q in asg.questions:
        if not q.local_check or q.kind in ("manual", "value"):
            continue
        if q.kind in ("expression", "derivation"):
            questions[q.id] = expression_entry(asg, q)
        elif q.checker == "lstm_gradient_flow":
            questions[q.id] = clipping_entry(q, arrays)
        else:
            questions[q.id] = code_entry(q, arrays)
    data = {"format": FORMAT, "assignment": asg.id, "model": asg.model, "dps": DPS,
            "questions": questions}
    written = [folder / SEALED_JSON]
    (folder / SEALED_JSON).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    if arrays:
        np.savez_compressed(folder / SEALED_ARRAYS, **arrays)
        written.append(folder / SEALED_ARRAYS)
    return written


# -- expressions ------------------------------------------------------------------------

def _number(v) -> str:
    return mpmath.nstr(v, DPS, min_fixed=-1, max_fixed=-1)


def expression_entry(asg, q) -> dict:
    from .derive.evaluate import NotCompilable, Undefined
    from .derive.references import reference
    from .expressions import credit
    from .expressions.check import _after_the_step, _components, _fixed_horizon, _meaning, _mutants
    from .expressions.diagnosis import describe_terms
    from .expressions.equivalence import Evaluator, MissingQuantity, Setting
    from .expressions.placement import Placement, PlacementError, choose
    from .expressions.states import model_state
    from .models import assignment_model

    model = assignment_model(asg)
    ref = reference(model, q.target, last_step=q.last_step)
    fixed = _fixed_horizon(model, q.target)
    components = _components(model, q.target, q.last_step)
    mutants = list(_mutants(model, q.target, ref, q.last_step))   # a generator: used three times
    ev = Evaluator(Setting(model, last_step=q.last_step, dps=DPS, horizon=fixed))

    def value(expr, p, state):
        try:
            return ev.value(expr, p, state)
        except (Undefined, MissingQuantity, NotCompilable, PlacementError):
            return None

    states, comp_values, mutant_values = [], [[] for _ in components], [[] for _ in mutants]
    k = 0
    while len(states) < STATES and k < STATES * 4:
        k += 1
        p = _roomy(choose(model, [ref], q.last_step, variant=k % 2, horizon=fixed), q.last_step, fixed)
        state = model_state(model, p.horizon, secrets.randbits(62), DPS)
        with mpmath.workdps(DPS):
            want = value(ref, p, state)
            if want is None:
                continue
            states.append({"step": p.step, "horizon": p.horizon, "reference": _number(want),
                           "values": {s.name: _number(v) for s, v in sorted(state.items(), key=lambda kv: kv[0].name)}})
            for out, c in zip(comp_values, components):
                v = value(c.expr, p, state)
                out.append(None if v is None else _number(v))
            for out, m in zip(mutant_values, mutants):
                v = value(m.expr, p, state)
                out.append(None if v is None else _number(v))
    meaning = _meaning(model)
    # `later` and `kind` price a mistake as the grader does (expressions/credit.py): no formula
    terms = [{"values": vals,
              "words": {str(c): (describe_terms({comp.label: c}, meaning) or [""])[0] for c in (0, -1, 2)},
              "later": _after_the_step(model, q.target, comp.label)}
             for comp, vals in zip(components, comp_values)]
    mistakes = []
    for m, vals in zip(mutants, mutant_values):
        if None in vals or vals == [s["reference"] for s in states]:
            continue          # not told apart from the reference at these states: no diagnosis
        mistakes.append({"words": m.message, "values": vals, "kind": credit.kind_of(m.code)})
    return {"kind": q.kind, "last_step": q.last_step, "target": q.target, "states": states,
            "terms": terms if len(components) > 1 else [], "mistakes": mistakes}


def _roomy(p, last_step: bool, fixed):
    """The grader's placement for the reference, with room for answers that mention one
    step more on either side (their symbols then have values)."""
    from .expressions.placement import Placement

    if fixed is not None:
        return p
    if last_step:
        return Placement(p.step + 1, p.horizon + 1)
    return Placement(p.step + 1, p.horizon + 2)


# -- code ------------------------------------------------------------------------------

def reference_case(checker: str, name: str, rng) -> dict:
    """Inputs for function `name` and what the reference returns for them: forward inputs
    `x`, forward outputs, and for a backward the upstream gradients and its gradients."""
    from .numeric import inputs as inp, specs

    asg = specs.get(checker)
    spec = asg.spec(name)
    fspec = spec if spec.is_forward else asg.spec(spec.forward)
    x = inp.forward_inputs(asg, fspec, rng, 3)
    *outputs, cache = getattr(asg.reference, fspec.name)(**{k: v.copy() for k, v in x.items()})
    case = {"forward": fspec.name, "x": x, "outputs": list(outputs), "ups": [], "grads": [],
            "output_names": list(fspec.outputs), "grad_names": [] if spec.is_forward else list(spec.outputs)}
    if not spec.is_forward:
        case["ups"] = [rng.normal(size=r.shape) for r in outputs]
        case["grads"] = list(getattr(asg.reference, name)(*case["ups"], cache))
    return case


def code_entry(q, arrays: dict) -> dict:
    rng = np.random.default_rng(secrets.randbits(128))
    functions = {}
    for name in q.functions:
        case = reference_case(q.checker, name, rng)
        key = f"{q.id}/{name}"
        for n, v in case["x"].items():
            arrays[f"{key}/x/{n}"] = np.asarray(v, dtype=np.float64)
        for part in ("outputs", "ups", "grads"):
            for i, v in enumerate(case[part]):
                arrays[f"{key}/{part}/{i}"] = np.asarray(v, dtype=np.float64)
        functions[name] = {"forward": case["forward"], "inputs": list(case["x"]),
                           "outputs": len(case["outputs"]), "grads": len(case["grads"]),
                           "output_names": case["output_names"], "grad_names": case["grad_names"]}
    return {"kind": "code", "checker": q.checker, "functions": functions}


def clipping_entry(q, arrays: dict) -> dict:
    from .numeric import clipping

    cases = []
    for i, (name, _, grads, m) in enumerate(clipping.cases(secrets.token_hex(16))):
        key = f"{q.id}/{i}"
        norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
        mistakes = [   # the catalogued slips, with the grader's words for each
            ("each array was clipped on its own; clipping uses the norm of all the gradients "
             "together (the global norm)",
             [g * min(1.0, m / np.linalg.norm(g)) if np.linalg.norm(g) > 0 else g for g in grads]),
            ("the entries were clipped one by one; that changes the direction of the gradient",
             [np.clip(g, -m, m) for g in grads]),
        ]
        if norm > 0:
            mistakes.append(("the gradient was rescaled although its norm was already below the threshold",
                             [g * (m / norm) for g in grads]))
        if norm > m:
            mistakes.append(("the gradient was returned unchanged although its norm exceeds the threshold",
                             [g.copy() for g in grads]))
        want = clipping.reference(grads, m)
        for j, g in enumerate(grads):
            arrays[f"{key}/grads/{j}"] = g
            arrays[f"{key}/want/{j}"] = want[j]
        words = []
        for k, (sentence, got) in enumerate(mistakes):
            if all(np.allclose(a, b, rtol=1e-12, atol=0) for a, b in zip(got, want)):
                continue       # the slip gives the right answer here: it tells nothing
            for j, a in enumerate(got):
                arrays[f"{key}/mistake{len(words)}/{j}"] = a
            words.append(sentence)
        cases.append({"name": name, "max_norm": m, "arrays": len(grads), "mistakes": words})
    return {"kind": "code", "checker": q.checker, "cases": cases}
