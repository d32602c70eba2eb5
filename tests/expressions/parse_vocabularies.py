"""Vocabularies of the two homework models, built the way the model code will build them."""
from __future__ import annotations

from autograder.expressions.vocabulary import Vocabulary
from autograder.models.naming import at_offset, at_step, grad, sym

OFFSETS = range(-2, 3)
STEPS = range(0, 13)


def _subscript(offset: int) -> str:
    return "t" if offset == 0 else f"t{offset:+d}"


def _timed(bases: dict[str, str]) -> dict[str, str]:
    """text name -> LaTeX for each base at offsets t-2..t+2 and steps 0..12."""
    out = {}
    for base, tex in bases.items():
        for k in OFFSETS:
            out[at_offset(base, k)] = f"{tex}_{{{_subscript(k)}}}"
        for n in STEPS:
            out[at_step(base, n)] = f"{tex}_{{{n}}}"
    return out


def _with_gradients(names: dict[str, str]) -> dict[str, str]:
    out = dict(names)
    for name, tex in names.items():
        out[grad(name)] = r"\nabla " + tex
    return out


def _vocabulary(names: dict[str, str]) -> Vocabulary:
    return Vocabulary({n: sym(n) for n in names}, names)


def lstm_latex() -> dict[str, str]:
    nodes = _timed({"f": "f", "i": "i", "o": "o", "Ctilde": r"\tilde{C}", "C": "C",
                    "h": "h", "y": "y", "X": "X"})
    weights = {}
    for gate in "fioc":
        weights[f"W_h{gate}"] = f"W^{{h{gate}}}"
        weights[f"W_x{gate}"] = f"W^{{x{gate}}}"
        weights[f"W0_{gate}"] = f"W_0^{{{gate}}}"
    weights["W_y"], weights["W0_y"] = "W^{y}", "W_0^{y}"
    return _with_gradients({**nodes, **weights})


def rnn_latex() -> dict[str, str]:
    nodes = _timed({"Z": "Z", "H": "H", "I": "I"})
    names = _with_gradients({**nodes, "W": "W", "U": "U"})
    names.update(_timed({"delta": r"\delta"}))
    return names


def lstm_vocabulary() -> Vocabulary:
    return _vocabulary(lstm_latex())


def rnn_vocabulary() -> Vocabulary:
    return _vocabulary(rnn_latex())
