"""Entry point: one student answer (text or LaTeX) to one SymPy expression.

`parse_answer` decides between the text and LaTeX readers, applies the limits once,
accepts `grad_f_t = ...` equations whose left side is the gradient asked for, and
refuses answers that use the very quantity the question asks for.
`split_equation` and `parse_lines` cut equations and derivations into answer texts.
"""
from __future__ import annotations

import re
from typing import Collection

import sympy

from .errors import (AnswerError, EmptyAnswer, ForbiddenConstruct, NumberTooBig, SyntaxProblem,
                     UnknownSymbol)
from .latex_tokens import looks_like_latex
from .limits import DEFAULT, Limits, prescan
from .parse_latex import parse_latex
from .parse_text import parse_text
from .vocabulary import Vocabulary

_DELIMITERS = [("$$", "$$"), ("$", "$"), (r"\[", r"\]"), (r"\(", r"\)")]
_ENVIRONMENT = re.compile(r"\\(begin|end)\{(aligned|align\*?|equation\*?|split|gathered|"
                          r"gather\*?|eqnarray\*?)\}")


def strip_delimiters(text: str) -> tuple[str, bool]:
    """Remove surrounding $...$, $$...$$, \\[...\\] or \\(...\\); report whether any were."""
    s = text.strip()
    for left, right in _DELIMITERS:
        if len(s) >= len(left) + len(right) and s.startswith(left) and s.endswith(right):
            return s[len(left):len(s) - len(right)], True
    return text, False


def _top_level_equals(text: str) -> list[int]:
    """Offsets of '=' signs outside brackets (not ==, <=, >=, !=)."""
    found, depth = [], 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "=" and depth == 0:
            before = text[k - 1] if k else ""
            after = text[k + 1] if k + 1 < len(text) else ""
            if before not in "=<>!" and after != "=":
                found.append(k)
    return found


def split_equation(text: str) -> tuple[str | None, str]:
    """'grad_f_t = expr' -> ('grad_f_t', 'expr'); no '=' -> (None, text).

    With several '=' (a chain a = b = c) the left side is the first part and the
    answer the last; use parse_lines to see every step.
    """
    cuts = _top_level_equals(text)
    if not cuts:
        return None, text
    lhs = text[:cuts[0]].replace("&", " ").strip()
    rhs = text[cuts[-1] + 1:].replace("&", " ").strip()
    return lhs, rhs


def parse_lines(text: str) -> list[str]:
    """The successive right-hand sides of a derivation.

    Accepts plain lines or a LaTeX aligned/align block with '&=' and '\\\\'. Lines are
    joined first, so a line that only continues an expression (no '=') stays part of
    it; the parts between top-level '=' signs are the steps, the first part being the
    left side. Without any '=', each non-empty line is a step of its own.
    """
    body, _ = strip_delimiters(text)
    body = _ENVIRONMENT.sub(" ", body)
    lines = [ln.replace("&", " ").strip() for ln in re.split(r"\\\\|\n", body)]
    lines = [ln for ln in lines if ln]
    joined = " ".join(lines)
    cuts = _top_level_equals(joined)
    if not cuts:
        return lines
    bounds = cuts + [len(joined)]
    return [joined[a + 1:b].strip() for a, b in zip(bounds, bounds[1:])
            if joined[a + 1:b].strip()]


def parse_answer(text: str, vocab: Vocabulary, *, forbid: Collection[str] = (),
                 limits: Limits = DEFAULT) -> sympy.Expr:
    """Parse one answer into a SymPy expression, or raise an AnswerError subclass.

    `forbid` names quantities the answer may not use (the gradient asked for); an
    equation is accepted when its left side is exactly one of them.
    """
    if text is None or not str(text).strip():
        raise EmptyAnswer("the answer is empty", None)
    prescan(text, limits)
    body, delimited = strip_delimiters(text)
    offset = text.find(body) if delimited else 0
    lhs, rhs = split_equation(body)
    if lhs is not None:
        if not lhs:
            raise SyntaxProblem("the answer starts with '='; give the expression", offset)
        left = _parse_one(lhs, vocab, limits, delimited)
        allowed = {vocab.lookup(n) for n in forbid} - {None}
        if not (left.is_Symbol and left in allowed):
            raise SyntaxProblem("give the answer as one expression; an equation's left side "
                                "may only be the gradient the question asks for",
                                offset + body.find("="), code="equation")
        start = body.rfind(rhs)
        try:
            value = _parse_one(rhs, vocab, limits, delimited)
        except AnswerError as err:
            if err.position is not None:
                err.position += offset + start
            raise
    else:
        try:
            value = _parse_one(body, vocab, limits, delimited)
        except AnswerError as err:
            if err.position is not None:
                err.position += offset
            raise
    _check_forbidden(value, vocab, forbid)
    _check_real(value)
    return value


_NOT_REAL = (sympy.core.numbers.ImaginaryUnit, sympy.core.numbers.ComplexInfinity,
             sympy.core.numbers.Infinity, sympy.core.numbers.NegativeInfinity,
             sympy.core.numbers.NaN)


def _check_real(value: sympy.Expr) -> None:
    """SymPy evaluates some constant pieces on its own: log(-1) becomes I*pi, 0**-1 and
    log(0) become zoo. Such an answer has no real value anywhere; refuse it here rather
    than let the evaluator meet a constant it cannot compute."""
    if any(isinstance(a, _NOT_REAL) for a in value.atoms()):
        raise ForbiddenConstruct(
            "part of your answer has no real value (for example log(-1), sqrt(-1), "
            "log(0) or 0**-1)", None, code="not_real")


def parse_equation(text: str, vocab: Vocabulary, *, limits: Limits = DEFAULT
                   ) -> tuple[sympy.Expr | None, sympy.Expr]:
    """Both sides of 'lhs = rhs' parsed (lhs None without '='); positions are per side."""
    body, delimited = strip_delimiters(text)
    prescan(text, limits)
    lhs, rhs = split_equation(body)
    left = _parse_one(lhs, vocab, limits, delimited) if lhs else None
    return left, _parse_one(rhs, vocab, limits, delimited)


def _parse_one(text: str, vocab: Vocabulary, limits: Limits, latex: bool) -> sympy.Expr:
    """One side of an answer; SymPy's own failures while it builds and auto-evaluates the
    pieces (an OverflowError from evaluating exp(exp(50)) inside an assumption query, a
    RecursionError) become an AnswerError instead of escaping to the caller."""
    try:
        return _read_one(text, vocab, limits, latex)
    except (OverflowError, RecursionError, MemoryError, ArithmeticError, ValueError,
            TypeError) as exc:
        raise NumberTooBig("part of your answer evaluates to a number too large to handle "
                           f"({type(exc).__name__})", None, code="unbuildable") from None


def _read_one(text: str, vocab: Vocabulary, limits: Limits, latex: bool) -> sympy.Expr:
    """Text first unless it is clearly LaTeX. When the text reader fails on a syntax
    slip or an unknown name (`W^y h_t` reads W and y as names), the LaTeX reader gets a
    try; if both fail, the more specific complaint is reported."""
    if latex or looks_like_latex(text):
        return parse_latex(text, vocab, limits)
    try:
        return parse_text(text, vocab, limits)
    except (SyntaxProblem, UnknownSymbol) as text_error:
        try:
            return parse_latex(text, vocab, limits)
        except AnswerError as latex_error:
            if isinstance(text_error, SyntaxProblem):
                # LaTeX reads text names letter by letter; its unknown-letter complaint is noise
                keep_text = isinstance(latex_error, (SyntaxProblem, UnknownSymbol))
            else:  # the text had an unknown name: LaTeX names (w^y) are explained better by LaTeX
                keep_text = not ("^" in text and isinstance(latex_error, UnknownSymbol))
            raise (text_error if keep_text else latex_error) from None


def _check_forbidden(value: sympy.Expr, vocab: Vocabulary, forbid: Collection[str]) -> None:
    used = value.free_symbols
    for name in sorted(forbid):
        symbol = vocab.lookup(name)
        if symbol is not None and symbol in used:
            raise ForbiddenConstruct(
                f"your answer uses {name}, the gradient the question asks for", None,
                code="uses_answer")
