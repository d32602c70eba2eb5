"""The names an answer may use: symbols (text and LaTeX forms) and functions.

The model code builds one Vocabulary per model; the parsers only ever look names up
here, so an answer can never create a symbol of its own.
"""
from __future__ import annotations

import difflib
from typing import Mapping

import sympy

from ..models.functions import FUNCTIONS
from .latex_tokens import NameParts, canonical_name


class Vocabulary:
    """Allowed symbols by text name, their canonical LaTeX, and callable functions.

    symbols: text name -> Symbol (build them with `naming.sym`).
    latex:   text name -> canonical LaTeX, e.g. 'W0_f' -> 'W_0^{f}'; names without an
             entry can only be written in text.
    """

    def __init__(self, symbols: Mapping[str, sympy.Symbol], latex: Mapping[str, str],
                 functions: Mapping[str, object] = FUNCTIONS, allow_sum: bool = True):
        unknown = set(latex) - set(symbols)
        if unknown:
            raise ValueError(f"LaTeX given for names without a symbol: {sorted(unknown)}")
        self.symbols = dict(symbols)
        self.latex = dict(latex)
        self.functions = dict(functions)
        self.allow_sum = allow_sum
        self._by_key: dict[tuple, str] = {}
        self._display: dict[str, str] = {}   # compact LaTeX shown in suggestions
        for name, tex in self.latex.items():
            parts = canonical_name(tex)
            other = self._by_key.setdefault(parts.key(), name)
            if other != name:
                raise ValueError(f"{name!r} and {other!r} have the same LaTeX {tex!r}")
            self._display[name] = parts.display()

    def __contains__(self, name: str) -> bool:
        return name in self.symbols

    def lookup(self, name: str) -> sympy.Symbol | None:
        """The Symbol for a text name, or None."""
        return self.symbols.get(name)

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


def _close(word: str, candidates: list[str], n: int) -> list[str]:
    folded = word.casefold()
    same_case = [c for c in candidates if c.casefold() == folded and c != word]
    rest = difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)
    out = same_case + [c for c in rest if c not in same_case and c != word]
    return out[:n]
