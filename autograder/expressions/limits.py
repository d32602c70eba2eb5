"""Bounds on an answer, checked before anything costly is built.

The cheap pre-scan here runs on the raw text before `ast.parse` or the LaTeX parser
sees it: both recurse, so a very long or very deeply bracketed answer must be refused
by a linear scan first, never by a RecursionError or MemoryError.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .errors import SyntaxProblem, TooDeep, TooLarge


@dataclass(frozen=True)
class Limits:
    max_length: int = 4000          # characters in one answer
    max_nodes: int = 2000           # syntax-tree nodes (text) / tokens (LaTeX)
    max_depth: int = 40             # nesting of brackets and sub-expressions
    max_sign_run: int = 8           # consecutive + / - signs (each is a nesting level)
    max_integer: int = 10**6        # |n| of a number literal
    max_exponent: int = 64          # |e| of a numeric exponent
    max_denominator: int = 12       # of a rational exponent such as 1/2
    max_exp_nesting: int = 2        # exp(exp(x)) is fine, exp(exp(exp(x))) is not
    max_result_bits: int = 512      # size of a number computed from literals (2**64**...)
    max_steps: int = 40             # lines of a derivation (each is compared with the one before)
    max_derivation_length: int = 16000   # characters of a whole derivation


DEFAULT = Limits()

# Common non-ASCII characters pasted into answers, with what to type instead.
_ASCII_HINTS = {
    "\u2212": "-", "\u2013": "-", "\u00b7": "*", "\u22c5": "*", "\u00d7": "*",
    "\u2207": "grad_ (or \\nabla in LaTeX)", "\u2202": "\\partial", "\u03c3": "sigma",
    "\u00b2": "**2", "\u2018": "'", "\u2019": "'",
}
# Cyrillic and Greek letters that look like Latin ones (a pasted 'С_t' is not C_t).
_LOOKALIKES = dict(zip(
    "\u0410\u0412\u0421\u0415\u041d\u041a\u041c\u041e\u0420\u0422\u0425"
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445"
    "\u0391\u0392\u0395\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a7\u03bf",
    "ABCEHKMOPTXaeopcyxABEHIKMNOPTXo"))
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}


def _non_ascii_message(ch: str, pos: int) -> str:
    """Name the character by code point and Unicode name. Look-alikes are refused, never
    normalised: a Cyrillic 'С' is not C_t, and guessing would grade a different answer than
    the one written. The hint says what to type; an invisible or direction-changing
    character is not quoted, so the message itself cannot be reordered or hidden."""
    name = unicodedata.name(ch, "an unnamed character")
    shown = "" if unicodedata.category(ch)[0] in "CZM" else f"'{ch}' "
    msg = (f"the character {shown}(U+{ord(ch):04X} {name}) at character {pos + 1} is not a plain "
           "ASCII character the grader knows")
    hint = _ASCII_HINTS.get(ch) or _LOOKALIKES.get(ch)
    folded = unicodedata.normalize("NFKC", ch)
    if not hint and folded != ch and folded.isascii() and folded.strip():
        hint = folded                     # full-width letters, ligatures such as 'ﬁ'
    if hint:
        msg += f"; type '{hint}' instead"
    elif ch == "\ufffd":
        msg += ("; it stands for something in the file that was not valid text (not UTF-8): "
                "retype this part")
    elif unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Cc") or unicodedata.category(ch)[0] == "M":
        msg += "; it may be invisible: delete it and retype this part"
    return msg


def prescan(text: str, limits: Limits = DEFAULT) -> None:
    """Refuse oversize, non-ASCII or too deeply nested text in one linear pass."""
    if len(text) > limits.max_length:
        raise TooLarge(
            f"the answer is {len(text)} characters long; the limit is {limits.max_length}",
            None)
    depth = sign_run = 0
    for pos, ch in enumerate(text):
        if ch > "\x7e" or (ch < " " and ch not in "\t\n\r"):
            raise SyntaxProblem(_non_ascii_message(ch, pos), pos, code="non_ascii")
        if ch in _OPEN:
            depth += 1
            if depth > limits.max_depth:
                raise TooDeep(f"the answer nests brackets more than {limits.max_depth} deep",
                              pos)
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in "+-~":
            sign_run += 1
            if sign_run > limits.max_sign_run:
                raise TooDeep("too many + or - signs in a row", pos)
        elif not ch.isspace():
            sign_run = 0


def prescan_derivation(text: str, steps: int, limits: Limits = DEFAULT) -> None:
    """Bound a derivation as a whole: each step is parsed and compared with the one before,
    so thousands of short steps would cost minutes though every one is within the limits."""
    if len(text) > limits.max_derivation_length:
        raise TooLarge(f"the derivation is {len(text)} characters long; the limit is "
                       f"{limits.max_derivation_length}", None)
    if steps > limits.max_steps:
        raise TooLarge(f"the derivation has {steps} steps; the limit is {limits.max_steps}", None)
