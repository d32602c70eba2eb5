"""The names an answer may use: symbols (text and LaTeX forms) and functions.

The model code builds one Vocabulary per model; the parsers only ever look names up
here, so an answer can never create a symbol of its own.
"""
from __future__ import annotations

import re
from typing import Mapping

import sympy

from ..models.functions import FUNCTIONS
from ..models.naming import GRAD, at_offset, at_step, split_time
from .latex_tokens import NameParts, canonical_name
from .latex_tokens import identity_and_time as _identity_and_time, variant_key as _variant_key

class Vocabulary:
    """Allowed symbols by text name, their canonical LaTeX, and callable functions.

    symbols: text name -> Symbol (build them with `naming.sym`).
    latex:   text name -> canonical LaTeX, e.g. 'W0_f' -> 'W_0^{f}'; names without an
             entry can only be written in text.
    """

    def __init__(self, symbols: Mapping[str, sympy.Symbol], latex: Mapping[str, str],
                 functions: Mapping[str, object] = FUNCTIONS, allow_sum: bool = True,
                 partial=None, aliases: tuple = (), check_latex: bool = True):
        unknown = set(latex) - set(symbols)
        if unknown:
            raise ValueError(f"LaTeX given for names without a symbol: {sorted(unknown)}")
        self.symbols = dict(symbols)
        self.latex = dict(latex)
        self.functions = dict(functions)
        self.allow_sum = allow_sum
        # (numerator, denominator, shown) -> the local partial, or raises with a reason
        self.partial = partial
        self._indexed = False
        if check_latex:
            self.check_latex()
        self._text_variants: dict[tuple, set[str]] = {}
        for name in self.symbols:
            self._text_variants.setdefault(_text_key(name), set()).add(name)
        # textbook names (models.graph.Alias); one that is a name of the model, in any
        # case, is left out: the model's own name always wins
        bases = {k[0] for k in self._text_variants}
        self.aliases = tuple(a for a in aliases if a.text.casefold() not in bases)
        self._alias_text = {a.text.casefold(): a for a in self.aliases}
        self._alias_latex: dict[tuple, object] = {}
        for a in self.aliases:
            if a.latex:
                p = canonical_name(a.latex)
                self._alias_latex[(p.base, p.sub)] = a

    def check_latex(self) -> None:
        """Read every LaTeX name; two names with the same LaTeX are refused (ValueError).
        A model's vocabulary is generated from its declaration and read when a LaTeX
        answer first needs it (tests/expressions/test_parse_vocabulary.py checks it)."""
        if self._indexed:
            return
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
        self._indexed = True

    def __contains__(self, name: str) -> bool:
        return name in self.symbols

    def lookup(self, name: str) -> sympy.Symbol | None:
        """The Symbol for a text name, or None."""
        return self.symbols.get(name)

    def lookup_variant(self, name: str) -> str | None:
        """The one text name that differs from `name` only in the case of its base
        (c_t for C_t, w_y for W_y), or None; time suffixes are never folded (o_T is not o_t)."""
        found = self._text_variants.get(_text_key(name), set()) - {name}
        if found:
            return next(iter(found)) if len(found) == 1 else None
        readings = self.alias_readings(name)
        return readings[0][0] if len(readings) == 1 else None

    def resolve_latex_variant(self, parts: NameParts, with_sup: bool = True) -> str | None:
        """The one name a LaTeX name means up to the case of its base letter and the
        accent drawn (w^y, c_t, \\hat{C}_t), or None when none or several match."""
        self.check_latex()
        found = self._variants.get(_variant_key(parts.key(with_sup)), set())
        if found:
            return next(iter(found)) if len(found) == 1 else None
        split = _identity_and_time(parts, with_sup)
        if split is not None and split[1] is not None and split[0] == "" and parts.sup and with_sup:
            # h^{<t>}, c^{(t-1)}: the step written as a superscript (Ng, Goodfellow et al.)
            timed = NameParts(parts.grad, parts.base, split[1], "")
            found = self._variants.get(_variant_key(timed.key()), set())
            if found:
                return next(iter(found)) if len(found) == 1 else None
        readings = self.alias_readings_latex(parts, with_sup)
        return readings[0][0] if len(readings) == 1 else None

    def alias_readings(self, name: str) -> list[tuple[str, str]]:
        """(model name, who writes it so) for each reading of a textbook name in text:
        a_t -> h_t, grad_Gamma_f_t -> grad_f_t, s_t -> C_t and h_t (ambiguous)."""
        grad = name.startswith(GRAD)
        rest = name[len(GRAD):] if grad else name
        parts = split_time(rest)
        base, when = (parts[0], parts[1:]) if parts else (rest, None)
        alias = self._alias_text.get(base.casefold())
        if alias is None:
            return []
        if when is None:
            if not _names_by_subscript(alias):
                return []
            when = ("offset", 0)          # Gamma_f alone: the gate at the step in question
        return self._readings(alias, grad, *when)

    def alias_readings_latex(self, parts: NameParts, with_sup: bool = True) -> list[tuple[str, str]]:
        """The same for a LaTeX name: \\Gamma_f^{<t>}, a^{<t-1>}, g_t, \\nabla a^{<t>}."""
        split = _identity_and_time(parts, with_sup)
        if split is None:
            return []
        ident, time = split
        alias = self._alias_latex.get((parts.base, ident))
        if alias is None:
            return []
        if time is None:
            if not ident:
                return []             # a bare letter names no step
            time = "t"
        kind, index = _time_index(time)
        return self._readings(alias, parts.grad, kind, index)

    def _readings(self, alias, grad: bool, kind: str, index: int) -> list[tuple[str, str]]:
        spell = at_offset if kind == "offset" else at_step
        out = []
        for base, source in alias.means:
            name = (GRAD if grad else "") + spell(base, index)
            if name in self.symbols:
                out.append((name, source))
        return out

    def ambiguity(self, written: str, readings: list[tuple[str, str]], latex: bool) -> str | None:
        """The message for a textbook name with several readings, naming each; else None."""
        if len(readings) < 2:
            return None
        shown = [self.display_latex(n) if latex else n for n, _ in readings]
        each = "; ".join(f"{s} ({src})" for s, (_, src) in zip(shown, readings))
        return (f"'{written}' has {len(readings)} readings in textbooks: {each}; write "
                + " or ".join(shown))

    def display_latex(self, name: str) -> str:
        self.check_latex()
        return self._display.get(name, name)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Known text names close to `name`; an exact case-insensitive match first."""
        return _close(name, list(self.symbols), n)

    def resolve_latex(self, parts: NameParts, with_sup: bool = True) -> str | None:
        """The text name a structurally read LaTeX name stands for, or None."""
        self.check_latex()
        return self._by_key.get(parts.key(with_sup))

    def suggest_latex(self, parts: NameParts, n: int = 3) -> list[str]:
        """Compact LaTeX forms close to a LaTeX name that did not resolve."""
        self.check_latex()
        by_display = {d: name for name, d in self._display.items()}
        return _close(parts.display(), list(by_display), n)

    def latex_of(self, name: str) -> str | None:
        return self.latex.get(name)

    def function(self, name: str):
        return self.functions.get(name)


def _time_index(time: str) -> tuple[str, int]:
    """'t' -> ('offset', 0), 't-1' -> ('offset', -1), '3' -> ('step', 3)."""
    if time.isdigit():
        return "step", int(time)
    return "offset", int(time[1:]) if len(time) > 1 else 0


def _names_by_subscript(alias) -> bool:
    """Ng's \\Gamma_f: the subscript names the gate, so the name alone is the gate at t."""
    return bool(alias.latex) and bool(canonical_name(alias.latex).sub)


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
    import difflib   # only when a name is not known
    folded = word.casefold()
    same_case = [c for c in candidates if c.casefold() == folded and c != word]
    # suggest names of the same kind of step: o_T is not near o_9, dh_t not near h_tp3
    kind = _time_kind(word)
    candidates = [c for c in candidates if _time_kind(c) == kind] or candidates
    rest = difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)
    out = same_case + [c for c in rest if c not in same_case and c != word]
    return out[:n]
