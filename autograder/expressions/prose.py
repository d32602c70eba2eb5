"""An answer written as a teaching assistant reads it: sentences around equations.

A markdown answer may hold prose, the model's own equations, auxiliary variables the
student defines (`$z_t^c = h_t / o_t$`) and one or more chains `a = b = c`. The chain to
grade is the one whose left side is the gradient asked for (the latest such, preferring one
that fits the question's step), or else the last displayed chain. Its sides after the left
one are the derivation's steps; its last expression is the answer. Sides that cannot be read
in the middle of a chain are skipped and named; the last one must be read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy

from ..models.naming import GRAD, split_time, sym
from . import readings
from .errors import AnswerError, SyntaxProblem
from .latex_tokens import read_name, tokenize
from .parse import _ENVIRONMENT, _top_level_equals, parse_answer
from .vocabulary import Vocabulary

# Math delimiters, in the order they are tried at one place: (open, close, displayed).
_DELIMS = [("$$", "$$", True), ("\\[", "\\]", True), ("\\begin{aligned}", "\\end{aligned}", True),
           ("\\begin{align*}", "\\end{align*}", True), ("\\begin{align}", "\\end{align}", True),
           ("\\begin{equation*}", "\\end{equation*}", True),
           ("\\begin{equation}", "\\end{equation}", True),
           ("$", "$", False), ("\\(", "\\)", False)]


def _scan(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, body, displayed) of each math segment, in one pass: a delimiter with no
    closing one after it is not looked for again (so hostile text costs linear time)."""
    out, i, dead = [], 0, set()
    n = len(text)
    while i < n:
        j = text.find("$", i)
        k = text.find("\\", i)
        nxt = min(p for p in (j, k, n) if p != -1)
        if nxt >= n:
            break
        for left, right, displayed in _DELIMS:
            if left in dead or not text.startswith(left, nxt):
                continue
            if left == "$" and nxt > 0 and text[nxt - 1] == "\\":
                continue
            close = text.find(right, nxt + len(left))
            if close == -1:
                dead.add(left)
                continue
            body = text[nxt + len(left):close]
            if left.startswith("\\begin"):
                body = left + body + right
            if body.strip():
                out.append((nxt, close + len(right), body, displayed))
            i = close + len(right)
            break
        else:
            i = nxt + 1
    return out


@dataclass
class Chain:
    sides: list[str]          # the texts between '=' signs, left side first
    displayed: bool
    number: int               # 1-based, in order of the answer


@dataclass
class Reading:
    chain: Chain
    steps: list[sympy.Expr]   # the chain's sides after the left one, read
    skipped: list[int] = field(default_factory=list)   # sides (1-based after lhs) not read
    definitions: list[str] = field(default_factory=list)


def segments(text: str) -> list[tuple[str, bool]]:
    """The math of a markdown answer: (LaTeX, displayed) in order."""
    return [(body, displayed) for _, _, body, displayed in _scan(text)]


def is_prose(text: str) -> bool:
    """True for markdown with words outside its math, or with several math segments."""
    found = _scan(text)
    if not found:
        return False
    outside, last = [], 0
    for a, b, _, _ in found:
        outside.append(text[last:a])
        last = b
    outside.append(text[last:])
    if len(found) > 1 or re.search(r"[A-Za-z]{2,}", " ".join(outside)):
        return True
    # one displayed block holding an aligned chain is read the same way
    return "\\begin{" in found[0][2] and bool(chains(text))


def chains(text: str) -> list[Chain]:
    out = []
    for body, displayed in segments(text):
        body = _ENVIRONMENT.sub(" ", body)
        joined = " ".join(ln.replace("&", " ").strip() for ln in re.split(r"\\\\|\n", body))
        for part in _statements(joined):
            cuts = _top_level_equals(part)
            if not cuts:
                continue
            bounds = [-1] + cuts + [len(part)]
            sides = [part[a + 1:b].strip() for a, b in zip(bounds, bounds[1:])]
            if all(sides):
                out.append(Chain(sides, displayed, len(out) + 1))
    return out


def _statements(body: str) -> list[str]:
    """'a = b, c = d' holds two statements; commas inside brackets do not cut."""
    parts, depth, cur = [], 0, ""
    for ch in body:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth == 0 and ch in ",;":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    return [p.strip() for p in parts + [cur] if p.strip()]


def _new_name(side: str, vocab: Vocabulary) -> str | None:
    """The LaTeX of a left side that names a quantity the model does not know (z_t^c)."""
    try:
        tokens = tokenize(side)
        if not tokens:
            return None
        parts, _, end = read_name(tokens, 0)
    except AnswerError:
        return None
    if end != len(tokens) or parts.grad or vocab.resolve_latex(parts) is not None \
            or vocab.resolve_latex_variant(parts) is not None:
        return None
    return parts.display()


def extended(vocab: Vocabulary, text_names: dict[str, str]) -> Vocabulary:
    """The vocabulary plus the student's own names (text name -> LaTeX)."""
    symbols = dict(vocab.symbols)
    latex = dict(vocab.latex)
    for name, tex in text_names.items():
        symbols[name] = sym(name)
        latex[name] = tex
    return Vocabulary(symbols, latex, vocab.functions, vocab.allow_sum, vocab.partial,
                      aliases=vocab.aliases)


def read(text: str, vocab: Vocabulary, target: str, last_step: bool) -> Reading:
    """The chain to grade and its steps, with the student's definitions substituted."""
    found = chains(text)
    if not found:
        raise SyntaxProblem("no equation found in the answer: write the gradient as "
                            "$\\nabla h_t = ...$", None, code="no_equation")
    # the student's own names: a chain 'z = expression' whose left side is new
    own: dict[str, str] = {}
    for c in found:
        tex = _new_name(c.sides[0], vocab)
        if tex is not None and tex not in own.values():
            own[f"student_{len(own)}"] = tex
    full = extended(vocab, own) if own else vocab
    definitions: dict[sympy.Symbol, sympy.Expr] = {}
    shown_defs = []
    for c in found:
        tex = _new_name(c.sides[0], vocab)
        if tex is None or sym(next(n for n, t in own.items() if t == tex)) in definitions:
            continue
        name = next(n for n, t in own.items() if t == tex)
        try:
            value = parse_answer(c.sides[1], full)
        except AnswerError:
            continue
        definitions[sym(name)] = value
        shown_defs.append(f"{c.sides[0]} = {c.sides[1]}")
    goal = vocab.lookup(target)
    asked = [c for c in found if _is_symbol(c.sides[0], full, goal) and len(c.sides) > 1]
    if asked:
        fits = [c for c in asked if _fits_step(c, full, last_step)]
        chain = (fits or asked)[-1]
    else:
        shown = [c for c in found if c.displayed and _new_name(c.sides[0], vocab) is None]
        candidates = shown or [c for c in found if _new_name(c.sides[0], vocab) is None]
        if not candidates:
            raise SyntaxProblem("no equation for the gradient asked for was found", None,
                                code="no_equation")
        chain = candidates[-1]
    steps, skipped = [], []
    for k, side in enumerate(chain.sides[1:], 1):
        last = k == len(chain.sides) - 1
        try:
            value = parse_answer(side, full, forbid={target} if last else ())
        except AnswerError as err:
            if last:
                err.message = f"the last expression of equation {chain.number}: {err.message}"
                err.position = None
                raise
            skipped.append(k)
            continue
        steps.append(_substitute(value, definitions))
    return Reading(chain, steps, skipped, shown_defs)


def _substitute(expr: sympy.Expr, definitions: dict) -> sympy.Expr:
    for _ in range(len(definitions) + 1):
        if not expr.free_symbols & set(definitions):
            break
        expr = expr.xreplace(definitions)
    return expr


def _is_symbol(side: str, vocab: Vocabulary, goal) -> bool:
    if goal is None:
        return False
    try:
        with readings.collect():
            return parse_answer(side, vocab) == goal
    except AnswerError:
        return False


def _fits_step(chain: Chain, vocab: Vocabulary, last_step: bool) -> bool:
    """A chain about a general step mentions step t+1; one about the last step does not."""
    later = False
    for side in chain.sides[1:]:
        try:
            with readings.collect():
                value = parse_answer(side, vocab)
        except AnswerError:
            continue
        for s in value.free_symbols:
            name = s.name[len(GRAD):] if s.name.startswith(GRAD) else s.name
            parts = split_time(name)
            if parts and parts[1] == "offset" and parts[2] > 0:
                later = True
    return later != last_step


__all__ = ["Chain", "Reading", "chains", "is_prose", "read", "segments"]
