"""The equivalence engine for authors: any two expressions, with or without a model.

`--symbols "x,y:positive,z:(-3,3)"` declares free symbols and where they are sampled;
`--define NAME=EXPR` declares a quantity by its definition (substituted before comparing,
so equal means equal on every state consistent with the definitions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import mpmath
import sympy

from ..models import get_model
from ..models.naming import sym
from .equivalence import EQUIVALENT, NOT_EQUIVALENT, Comparison, MissingQuantity, Setting, compare
from .errors import AnswerError
from .latex_tokens import canonical_name
from .model_vocabulary import vocabulary_for
from .parse import parse_answer
from .placement import PlacementError
from .states import FreeSetting
from .vocabulary import Vocabulary

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DOMAINS = {"positive": (0.1, 3.0), "negative": (-3.0, -0.1), "real": (-2.0, 2.0)}


class AuthoringError(ValueError):
    """A usage problem in --symbols or --define (reported as a usage error)."""


@dataclass
class EquivResult:
    verdict: str  # equivalent | not_equivalent | invalid | undecided
    how: str = ""
    points: int = 0
    message: str = ""
    counterexample: dict | None = None

    def to_json(self) -> dict:
        d = {"verdict": self.verdict, "how": self.how, "points": self.points, "message": self.message}
        if self.counterexample:
            d["counterexample"] = self.counterexample
        return d


def parse_symbols(spec: str) -> dict[str, tuple[float, float]]:
    """'x,y:positive,z:(-3,3)' -> {'x': (-2, 2), 'y': (0.1, 3), 'z': (-3, 3)}."""
    out = {}
    for item in _split_top(spec or ""):
        name, _, dom = item.partition(":")
        name, dom = name.strip(), dom.strip()
        if not _NAME.match(name):
            raise AuthoringError(f"--symbols: {name!r} is not a valid name")
        if not dom:
            out[name] = DOMAINS["real"]
        elif dom in DOMAINS:
            out[name] = DOMAINS[dom]
        else:
            m = re.fullmatch(r"\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)", dom)
            if not m:
                raise AuthoringError(f"--symbols: domain {dom!r} of {name} is not positive, negative, "
                                     "real or an interval like (-3,3)")
            lo, hi = float(m.group(1)), float(m.group(2))
            if not lo < hi:
                raise AuthoringError(f"--symbols: the interval of {name} is empty")
            out[name] = (lo, hi)
    return out


def _split_top(spec: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in spec:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p for p in parts if p.strip()]


def equiv(student: str, reference: str, *, model: str = "none", symbols: str = "",
          defines: tuple[str, ...] = (), last_step: bool = False) -> EquivResult:
    domains = parse_symbols(symbols)
    try:
        m = None if model == "none" else get_model(model)
    except KeyError as err:
        raise AuthoringError(f"--model: {err.args[0]}") from None
    aliases = m.aliases if m is not None else ()     # textbook names: a model's only
    if m is not None:
        base = vocabulary_for(m)
        names, latex = dict(base.symbols), dict(base.latex)
    else:
        names, latex = {}, {}
    for n in domains:
        names[n] = sym(n)
        _declare_latex(n, latex)
    # definitions may use the names declared so far
    definitions = []
    for d in defines:
        name, eq, rhs = d.partition("=")
        name = name.strip()
        if not eq or not _NAME.match(name):
            raise AuthoringError(f"--define {d!r}: write NAME=EXPR")
        vocab = Vocabulary(names, latex, aliases=aliases)
        try:
            value = parse_answer(rhs, vocab)
        except AnswerError as err:
            raise AuthoringError(f"--define {name}: {err.message}") from None
        names[name] = sym(name)
        _declare_latex(name, latex)
        definitions.append((sym(name), value))
    vocab = Vocabulary(names, latex, aliases=aliases)
    sides = []
    for label, text in (("student", student), ("reference", reference)):
        try:
            sides.append(parse_answer(text, vocab))
        except AnswerError as err:
            hint = ""
            if m is None and getattr(err, "code", "") == "unknown_symbol":
                hint = "\n(declare free symbols with --symbols, e.g. --symbols \"x,y:positive\")"
            return EquivResult("invalid", message=f"{label}: {err.render(text)}{hint}")
    for s, value in reversed(definitions):
        sides = [e.xreplace({s: value}) for e in sides]
    setting = Setting(m, last_step=last_step, free=FreeSetting({sym(n): d for n, d in domains.items()}))
    try:
        cmp = compare(sides[0], sides[1], setting)
    except (MissingQuantity, PlacementError) as err:
        return EquivResult("invalid", message=str(err))
    return _result(cmp)


def _declare_latex(name: str, latex: dict) -> None:
    """A declared name can be written in LaTeX too: z as z, z_t as z_{t}, alpha as \\alpha.
    A name whose LaTeX would collide with a model quantity's stays text-only."""
    base, _, sub = name.partition("_")
    if base in _GREEK_NAMES:
        base = "\\" + base
    elif len(base) > 1:
        return                      # a multi-letter name has no LaTeX spelling of its own
    tex = base + (f"_{{{sub}}}" if sub else "")
    try:
        key = canonical_name(tex).key()
    except (ValueError, AnswerError):
        return
    if all(canonical_name(t).key() != key for t in latex.values()):
        latex[name] = tex


_GREEK_NAMES = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa",
                "lambda", "mu", "nu", "xi", "rho", "tau", "phi", "chi", "psi", "omega"}


def _result(cmp: Comparison) -> EquivResult:
    res = EquivResult(cmp.verdict, cmp.how, cmp.points, cmp.detail)
    if cmp.verdict == EQUIVALENT:
        res.message = ("proved equal" if cmp.how == "exact" else
                       f"equal at {cmp.points} random consistent points (30 digits)")
    elif cmp.verdict == NOT_EQUIVALENT and cmp.samples:
        placement, state, got, ref = cmp.samples[-1]
        res.counterexample = {"student": mpmath.nstr(got, 12), "reference": mpmath.nstr(ref, 12)}
        res.message = res.message or (f"different: {mpmath.nstr(got, 8)} vs {mpmath.nstr(ref, 8)} "
                                      "at a random point")
    return res
