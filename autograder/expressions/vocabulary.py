"""The names an answer may use: symbols (text and LaTeX forms) and functions.

The model code builds one Vocabulary per model; the parsers only ever look names up
here, so an answer can never create a symbol of its own.
"""
from __future__ import annotations

import difflib
import re
from typing import Mapping

import sympy

from ..models.functions import FUNCTIONS
from ..models.naming import split_time
from .latex_tokens import NameParts, canonical_name

# Decorations students use for the same accent: \hat{C}_t and \widetilde{C}_t mean \tilde{C}_t.
_SAME_ACCENT = {"\\widetilde": "\\tilde", "\\hat": "\\tilde", "\\widehat": "\\tilde",
                "\\overline": "\\bar"}


class Vocabulary:
    """Allowed symbols by text name, their canonical LaTeX, and callable functions.

    symbols: text name -> Symbol (build them with `naming.sym`).
    latex:   text name -> canonical LaTeX, e.g. 'W0_f' -> 'W_0^{f}'; names without an
             entry can only be written in text.
    """

    def __init__(self, symbols: Mapping[str, sympy.Symbol], latex: Mapping[str, str],
                 functions: Mapping[str, object] = FUNCTIONS, allow_sum: bool = True,
                 partial=None):
        unknown = set(latex) - set(symbols)
        if unknown:
            raise ValueError(f"LaTeX given for names without a symbol: {sorted(unknown)}")
        self.symbols = dict(symbols)
        self.latex = dict(latex)
        self.functions = dict(functions)
        self.allow_sum = allow_sum
        # (numerator, denominator, shown) -> the local partial, or raises with a reason
        self.partial = partial
        self._by_key: dict[tuple, str] = {}
        self._display: dict[str, str] = {}   # compact LaTeX shown in suggestions
        self._variants: dict[tuple, set[str]] = {}
        for name, tex in self.latex.items():
            parts = canonical_name(tex)
            key = parts.key()
            other = self._by_key.setdefault(key, name)
            if other != name:
                raise ValueError(f"{name!r} and {other!r} have the same LaTeX {tex!r}")
            self._display[name] = parts.display()
            self._variants.setdefault(_variant_key(key), set()).add(name)
        self._text_variants: dict[tuple, set[str]] = {}
        for name in self.symbols:
            self._text_variants.setdefault(_text_key(name), set()).add(name)

    def __contains__(self, name: str) -> bool:
        return name in self.symbols

    def lookup(self, name: str) -> sympy.Symbol | None:
        """The Symbol for a text name, or None."""
        return self.symbols.get(name)

    def lookup_variant(self, name: str) -> str | None:
        """The one text name that differs from `name` only in the case of its base
        (c_t for C_t, w_y for W_y), or None; time suffixes are never folded (o_T is not o_t)."""
        found = self._text_variants.get(_text_key(name), set()) - {name}
        return next(iter(found)) if len(found) == 1 else None

    def resolve_latex_variant(self, parts: NameParts, with_sup: bool = True) -> str | None:
        """The one name a LaTeX name means up to the case of its base letter and the
        accent drawn (w^y, c_t, \\hat{C}_t), or None when none or several match."""
        found = self._variants.get(_variant_key(parts.key(with_sup)), set())
        return next(iter(found)) if len(found) == 1 else None

    def display_latex(self, name: str) -> str:
        return self._display.get(name, name)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Known text names close to `name`; an exact case-insensitive match first."""
        return _close(name, list(self.symbols), n)

    def resolve_latex(self, parts: NameParts, with_sup: bool = True) -> str | None:
        """The text name a structurally read LaTeX name stands for, or None."""
        return self._by_key.get(parts.key(with_sup))

    def suggest_latex(self, parts: NameParts, n: int = 3) -> list[str]:
        """Compact LaTeX forms close to a LaTeX name that did not resolve."""
        by_display = {d: name for name, d in self._display.items()}
        return _close(parts.display(), list(by_display), n)

    def latex_of(self, name: str) -> str | None:
        return self.latex.get(name)

    def function(self, name: str):
        return self.functions.get(name)


def _variant_key(key: tuple) -> tuple:
    grad, base, sub, sup = key
    for accent, same in _SAME_ACCENT.items():
        if base.startswith(accent + "{"):
            base = same + base[len(accent):]
    return (grad, base.casefold(), sub, sup.casefold())


def _text_key(name: str) -> tuple:
    parts = split_time(name)
    if parts is None:
        return (name.casefold(),)
    base, kind, index = parts
    return (base.casefold(), kind, index)


def _time_kind(word: str) -> str:
    """'digits' (h_3), 'shifted' (h_tp1, h_{t+1}) or 'plain' (h_t, W_y), for suggestions."""
    tail = word.rsplit("_", 1)[-1] if "_" in word else ""
    if any(ch.isdigit() for ch in tail) and not re.search(r"t[pm+-]", tail):
        return "digits"
    if re.search(r"t[pm+-]", tail):
        return "shifted"
    return "plain"


def _close(word: str, candidates: list[str], n: int) -> list[str]:
    folded = word.casefold()
    same_case = [c for c in candidates if c.casefold() == folded and c != word]
    # suggest names of the same kind of step: o_T is not near o_9, dh_t not near h_tp3
    kind = _time_kind(word)
    candidates = [c for c in candidates if _time_kind(c) == kind] or candidates
    rest = difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)
    out = same_case + [c for c in rest if c not in same_case and c != word]
    return out[:n]
