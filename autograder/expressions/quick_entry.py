"""The entry quick.py checks a question's answers with, built by the full grader.

For a gradient at the generic step t: the reference derived from the model, its value at
POINTS consistent states (placed as the full comparison places the reference, alternating
the sequence length), and at each state the value of every quantity an answer may use
there. An answer may use the model's values at t-3 .. t+3 and its weights, and exactly the
gradients the reference itself uses (any other gradient is the full grader's to judge:
circular, the target itself, later than the horizon). The spelling table is made by the
parser's own name reading (parse_text.variant_reading), over the variants students write.
"""
from __future__ import annotations

import mpmath
import sympy

from ..derive.evaluate import Undefined
from ..derive.references import PATH
from ..models.functions import FUNCTIONS
from ..models.graph import Model
from ..models.naming import GRAD, split_time, sym
from . import quick
from .check import _circular_gradients, _fixed_horizon, derive_reference
from .equivalence import Evaluator, Setting
from .errors import AnswerError
from .model_vocabulary import vocabulary_for
from .parse_text import _CONSTANTS, EXTRA_FUNCTIONS, variant_reading
from .placement import place
from .quick_latex import key_text
from .states import model_state

POINTS = 8
DPS = 60
TOLERANCE_DIGITS = 18       # the full comparison's 1e-18, before the literals' digits
SEED = 7000


def build(model: Model, target: str, last_step: bool) -> dict | None:
    """The entry for `target` at states of its own (fixed seeds), or None where the quick
    check does not apply (a path, a concrete step, a sum over time, a weight's gradient)."""
    ref = applies(model, target, last_step)
    if ref is None:
        return None
    ev = Evaluator(Setting(model, last_step=last_step, dps=DPS))
    placed = []
    with mpmath.workdps(DPS):
        for k in range(POINTS * 3):
            if len(placed) == POINTS:
                break
            p = ev.placement((ref,), k)
            state = model_state(model, p.horizon, SEED + k, DPS)
            try:
                placed.append((p, state, ev.value(ref, p, state)))
            except Undefined:
                continue
    return at_states(model, target, last_step, placed, DPS) if len(placed) == POINTS else None


def applies(model: Model, target: str, last_step: bool):
    """The reference when the quick check applies to `target`, else None."""
    if target.startswith(PATH) or _fixed_horizon(model, target) is not None:
        return None
    ref = derive_reference(model, target, last_step=last_step)
    if ref.has(sympy.Sum) or not ref.free_symbols or _circular_gradients(model, target, ref):
        return None
    return ref


def at_states(model: Model, target: str, last_step: bool, placed, dps: int) -> dict:
    """The entry at given states: `placed` is [(placement, state, the reference's value)]
    (sealing.py passes the secret states it seals, so both align point by point)."""
    vocab = vocabulary_for(model)
    gradients = _gradients(model, target, vocab)
    names = [n for n in vocab.symbols if _usable(n, gradients)]
    states = []
    with mpmath.workdps(dps):
        for p, state, want in placed:
            values = {}
            for n in names:
                spot = place(sym(n), p)
                if isinstance(spot, sympy.Symbol) and spot in state:
                    values[n] = _number(state[spot], dps)
            states.append({"values": values, "reference": _number(want, dps)})
    everywhere = set.intersection(*(set(s["values"]) for s in states))
    functions = [f for f in quick.FUNCTIONS
                 if (f in vocab.functions and vocab.functions[f] is FUNCTIONS.get(f))
                 or (f not in vocab.functions and f in EXTRA_FUNCTIONS)]
    return {"format": quick.FORMAT, "target": target, "last_step": last_step, "dps": dps,
            "tolerance_digits": TOLERANCE_DIGITS, "functions": sorted(vocab.functions),
            "quick_functions": functions,
            "spellings": spellings(vocab, everywhere), "states": states, **latex_names(vocab, everywhere)}


def _gradients(model: Model, target: str, vocab) -> set:
    """The gradients an answer may use: at t-3 .. t+3, not the one asked for, and not one
    the check refuses as circular (it does not flow from the target)."""
    found = set()
    for name in vocab.symbols:
        parts = split_time(name[len(GRAD):]) if name.startswith(GRAD) else None
        if parts and parts[1] == "offset" and name != target:
            found.add(name)
    return found - set(_circular_gradients(model, target, sympy.Add(*(sym(n) for n in found))))


def _number(value, dps: int) -> str:
    """A value in exponent form, as sealing.py writes its numbers: 1.2345e-2, never 0.012345,
    so no decimal a released folder is searched for (a value answer) turns up by chance as
    the start of a long random number."""
    return mpmath.nstr(value, dps + 5, min_fixed=-1, max_fixed=-1)


def latex_names(vocab, names: set) -> dict:
    """The LaTeX name tables quick_latex.py resolves names with, as the vocabulary does:
    every exact key and every case-and-accent variant key, each to its name when the answer
    may use it, to None when not (or, for a variant, when several names match), so that a
    key is never read past what the vocabulary would find; and how each name is shown in
    the feedback."""
    vocab.check_latex()
    exact = {key_text(key): (name if name in names else None) for key, name in vocab._by_key.items()}
    variants = {key_text(key): (next(iter(found)) if len(found) == 1 and next(iter(found)) in names else None)
                for key, found in vocab._variants.items()}
    display = {name: vocab.display_latex(name) for name in names}
    return {"latex_names": exact, "latex_variants": variants, "latex_display": display,
            "latex_d_is_name": vocab.lookup("d") is not None}


def _usable(name: str, gradients: set) -> bool:
    if name.startswith(GRAD):
        return name in gradients
    parts = split_time(name)
    return parts is None or parts[1] == "offset"


def spellings(vocab, names: set) -> dict:
    """written -> [model name, whether the feedback says how it was read], for the spellings
    of `names` the parser reads as one of them."""
    table = {}
    for name in sorted(names):
        for written in _variants(name, vocab):
            if written in table:
                continue
            if written in vocab:
                meant, noted = written, False
            elif written in _CONSTANTS or written == "e" or written.startswith("_"):
                continue
            else:
                try:
                    meant, noted = variant_reading(written, vocab), True
                except AnswerError:
                    continue
            if meant in names:
                table[written] = [meant, noted]
    return table


def _variants(name: str, vocab) -> list[str]:
    """Spellings of `name` worth asking the parser about: the base in other cases, a
    textbook's name for it, and for a gradient dX, d_X, delta_X and grad_X of each."""
    grad = name.startswith(GRAD)
    rest = name[len(GRAD):] if grad else name
    parts = split_time(rest)
    base, tail = (parts[0], rest[len(parts[0]):]) if parts else (rest, "")
    bases = {base, base.lower(), base.upper(), base[:1].swapcase() + base[1:]}
    for alias in vocab.aliases:
        if any(m == base for m, _ in alias.means):
            bases |= {alias.text, alias.text.lower()}
    forms = {b + tail for b in bases}
    if tail == "_t":              # Gamma_i: a gate named by its subscript is the gate at t
        forms |= {a.text for a in vocab.aliases}
    if not grad:
        return sorted(forms)
    if tail == "_tm1":
        forms |= {f"{b}_prev" for b in bases} | {f"prev_{b}" for b in bases}
    return sorted({p + f for f in forms for p in (GRAD, "d", "d_", "delta_")})
