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
- function questions: cases drawn now, the reference's result for each and the results of
  the wrong variants that tell something there, with their words;
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
        elif q.kind == "function":
            questions[q.id] = function_entry(asg, q, arrays)
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
    from .expressions.quick_entry import applies, at_states
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
    placed = []     # (placement, state, the reference's value) of each sealed state
    k = 0
    while len(states) < STATES and k < STATES * 4:
        k += 1
        p = _roomy(choose(model, [ref], q.last_step, variant=k % 2, horizon=fixed), q.last_step, fixed)
        state = model_state(model, p.horizon, secrets.randbits(62), DPS)
        with mpmath.workdps(DPS):
            want = value(ref, p, state)
            if want is None:
                continue
            placed.append((p, state, want))
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
    entry = {"kind": q.kind, "last_step": q.last_step, "target": q.target, "states": states,
             "terms": terms if len(components) > 1 else [], "mistakes": mistakes}
    if q.kind == "expression" and applies(model, q.target, q.last_step) is not None:
        # what the student's check reads an answer in the quick subset with, without SymPy
        # (expressions/quick.py), at the same secret states, point by point
        entry["quick"] = at_states(model, q.target, q.last_step, placed, DPS)
    return entry


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


def function_entry(asg, q, arrays: dict) -> dict:
    """A function question's cases, drawn now for nobody in particular: their arguments, the
    reference's result and each telling wrong variant's, with the words the grader says."""
    from .numeric import function_cases

    cases = function_cases.with_answers(q, function_cases.draw(asg.id, q, secrets.token_hex(16)))
    return {"kind": "function", "function": q.function.name, "nonfinite": q.function.nonfinite,
            "cases": [{"name": c.name, "args": _packed(c.args, f"{q.id}/{i}/args", arrays),
                       "want": _packed(c.want, f"{q.id}/{i}/want", arrays),
                       "mistakes": [{"words": words, "result": _packed(got, f"{q.id}/{i}/mistake{k}", arrays)}
                                    for k, (words, got) in enumerate(c.mistakes)]}
                      for i, c in enumerate(cases)]}


def _packed(value, key: str, arrays: dict):
    """`value` (an array, a number, or a list or tuple of them) as JSON, its arrays put into
    `arrays` under `key` (read back by sealed.unpacked)."""
    import numbers

    if isinstance(value, np.ndarray):
        arrays[key] = np.asarray(value, dtype=np.float64)
        return {"array": key}
    if isinstance(value, (list, tuple)):
        return {"items": [_packed(v, f"{key}/{j}", arrays) for j, v in enumerate(value)]}
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return {"number": float(value)}
    raise TypeError(f"{key}: {type(value).__name__} cannot be sealed (arrays, numbers and lists of them can)")
