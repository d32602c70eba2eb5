"""Tokens of a LaTeX answer, and the structure of a LaTeX quantity name.

A name is read structurally -- optional \\nabla, a base (letter, \\tilde{C}, a Greek
command), a subscript and a superscript -- so that `W^{hf}`, `W^{h f}` and `W^{hf}` with
spaces all reduce to one key. The vocabulary reads its canonical LaTeX forms with the
same code, so the two sides cannot drift apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import SyntaxProblem

# Spacing and layout commands that carry no mathematics.
IGNORED = {r"\,", r"\;", r"\!", r"\:", r"\ ", r"\quad", r"\qquad", r"\displaystyle",
           r"\textstyle", r"\left.", r"\right."}
ACCENTS = {r"\tilde", r"\widetilde", r"\hat", r"\widehat", r"\bar", r"\overline"}
GREEK = {r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\varepsilon", r"\zeta",
         r"\eta", r"\theta", r"\iota", r"\kappa", r"\lambda", r"\mu", r"\nu", r"\xi",
         r"\rho", r"\tau", r"\phi", r"\varphi", r"\chi", r"\psi", r"\omega",
         r"\Gamma", r"\Delta", r"\Theta", r"\Lambda", r"\Xi", r"\Phi", r"\Psi", r"\Omega"}


@dataclass(frozen=True)
class Token:
    kind: str   # 'cmd' (\name or \x), 'letter', 'number', 'char'
    text: str
    pos: int    # offset of the token in the original answer


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Split LaTeX into tokens; spacing commands, '~' and '&' are dropped."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "~&":
            i += 1
            continue
        if ch == "\\":
            j = i + 1
            if j < n and text[j].isalpha():
                while j < n and text[j].isalpha():
                    j += 1
            elif j < n:
                j += 1
            else:
                raise SyntaxProblem("the answer ends with a lone backslash", i)
            word = text[i:j]
            if word in (r"\left", r"\right") and j < n and text[j] == ".":
                j += 1
                word += "."
            if word not in IGNORED:
                out.append(Token("cmd", word, base + i))
            i = j
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if j < n and text[j] == "." and j + 1 < n and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit():
                    j += 1
            out.append(Token("number", text[i:j], base + i))
            i = j
        elif ch.isalpha():
            out.append(Token("letter", ch, base + i))
            i += 1
        else:
            out.append(Token("char", ch, base + i))
            i += 1
    return out


@dataclass(frozen=True)
class NameParts:
    """A quantity name as written: base, subscript, superscript (spaces removed)."""
    grad: bool
    base: str
    sub: str
    sup: str

    def key(self, with_sup: bool = True) -> tuple:
        return (self.grad, self.base, self.sub, self.sup if with_sup else "")

    def display(self, with_sup: bool = True) -> str:
        def script(mark, s):
            if not s:
                return ""
            return f"{mark}{s}" if len(s) == 1 else f"{mark}{{{s}}}"
        head = r"\nabla " if self.grad else ""
        return head + self.base + script("_", self.sub) + script("^", self.sup if with_sup else "")


def _group_end(tokens: list[Token], i: int) -> int:
    """Index just past the '}' matching the '{' at tokens[i]."""
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind == "char" and t.text == "{":
            depth += 1
        elif t.kind == "char" and t.text == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    raise SyntaxProblem(f"the brace '{{' at character {tokens[i].pos + 1} is never closed",
                        tokens[i].pos)


def _flat(tokens: list[Token]) -> str:
    """Tokens as compact text; a space after a command keeps '\\alpha t' apart."""
    parts = []
    for t in tokens:
        parts.append(t.text + (" " if t.kind == "cmd" and t.text[1:].isalpha() else ""))
    return "".join(parts).strip()


def read_group(tokens: list[Token], i: int) -> tuple[list[Token], int]:
    """A braced group's inner tokens, or a single token, starting at tokens[i]."""
    if i >= len(tokens):
        raise SyntaxProblem("the answer ends where a group { ... } was expected", None)
    t = tokens[i]
    if t.kind == "char" and t.text == "{":
        end = _group_end(tokens, i)
        return tokens[i + 1:end - 1], end
    return [t], i + 1


def is_name_start(tokens: list[Token], i: int) -> bool:
    if i >= len(tokens):
        return False
    t = tokens[i]
    return (t.kind == "letter" or (t.kind == "cmd" and (t.text in ACCENTS or t.text in GREEK))
            or (t.kind == "cmd" and t.text in (r"\mathcal", r"\mathrm", r"\mathbf", r"\nabla")))


def read_name(tokens: list[Token], i: int) -> tuple[NameParts, int, int]:
    """Read a name at tokens[i].

    Returns (parts, end_without_sup, end): when the superscript was the last script,
    end_without_sup is where a reader should resume if it decides the superscript is a
    power (h_t^2) rather than part of the name (W^{hf}); otherwise both ends agree.
    """
    grad = False
    if tokens[i].kind == "cmd" and tokens[i].text == r"\nabla":
        grad, i = True, i + 1
        if not is_name_start(tokens, i) or tokens[i].text == r"\nabla":
            pos = tokens[i - 1].pos
            raise SyntaxProblem(f"\\nabla at character {pos + 1} must be followed by a name",
                                pos)
    t = tokens[i]
    if t.kind == "letter" or t.text in GREEK:
        base, i = t.text, i + 1
    else:  # \tilde{C}, \mathcal{L}, \mathrm{d}: a decorated single name
        inner, i = read_group(tokens, i + 1)
        base = f"{t.text}{{{_flat(inner)}}}".lstrip("\\")
        base = "\\" + base
    sub = sup = ""
    end_without_sup = None
    for _ in range(2):
        if i < len(tokens) and tokens[i].kind == "char" and tokens[i].text in "_^":
            mark = tokens[i].text
            if (mark == "_" and sub) or (mark == "^" and sup):
                raise SyntaxProblem(f"double {'sub' if mark == '_' else 'super'}script",
                                    tokens[i].pos)
            start = i
            inner, i = read_group(tokens, i + 1)
            text = "".join(_flat(inner).split())
            if mark == "_":
                sub = text
                end_without_sup = None  # a superscript before it cannot be split off
            else:
                sup = text
                end_without_sup = start
    parts = NameParts(grad, base, sub, sup)
    return parts, (end_without_sup if end_without_sup is not None else i), i


@lru_cache(maxsize=4096)  # a model's ~350 names, read again by every prose answer's vocabulary
def canonical_name(latex: str) -> NameParts:
    """Structural form of a canonical LaTeX name such as 'W_0^{f}' or '\\nabla h_{t}'."""
    tokens = tokenize(latex)
    parts, _, end = read_name(tokens, 0)
    if end != len(tokens):
        raise ValueError(f"not a single LaTeX name: {latex!r}")
    return parts


# -- shared with the quick reader (quick_latex.py), which must read LaTeX as the parser does --

def looks_like_latex(text: str) -> bool:
    """Whether an answer is read as LaTeX rather than as plain text (parse.py)."""
    return "\\" in text or "^{" in text or "_{" in text



FUNCTION_COMMANDS = {r"\sigma": "sigma", r"\tanh": "tanh", r"\exp": "exp", r"\log": "log",
                     r"\ln": "log", r"\sech": "sech", r"\cosh": "cosh", r"\sinh": "sinh"}
PRODUCT = {r"\cdot", r"\times", r"\otimes", r"\odot", r"\ast", "*"}
SIZING = {r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr",
          r"\Bigl", r"\Bigr", r"\biggl", r"\biggr"}
OPENERS = {"(": ")", "[": "]", r"\{": r"\}", r"\lbrace": r"\rbrace", r"\lbrack": r"\rbrack"}
NAMED_FUNCTION = {r"\operatorname", r"\mathrm", r"\text", r"\textrm"}
# The loss in \frac{\partial L}{\partial x}, braces dropped: \mathcal{L} == \mathcal L.
LOSS = {"L", r"\mathcalL", r"\ell", "E", r"\mathcalE", "J", r"\mathcalJ"}
BARE_FUNCTIONS = ("sigmoid", "sigma", "tanh", "cosh", "sinh", "sech", "exp", "log", "ln")


def bare_function(tokens: list[Token], i: int) -> str | None:
    """A function name typed without its backslash (tanh(c_t), sigmoid(z)): its letters
    followed by '(' or '^'."""
    for name in BARE_FUNCTIONS:
        j = i + len(name)
        if j < len(tokens) and all(tokens[i + k].kind == "letter" and tokens[i + k].text == ch
                                   for k, ch in enumerate(name) if i + k < len(tokens)) \
                and (tokens[j].text in ("(", "^", "'") or tokens[j].text in SIZING):
            return name
    return None


# Decorations students use for the same accent: \hat{C}_t and \widetilde{C}_t mean \tilde{C}_t.
SAME_ACCENT = {"\\widetilde": "\\tilde", "\\hat": "\\tilde", "\\widehat": "\\tilde",
               "\\overline": "\\bar"}


def variant_key(key: tuple) -> tuple:
    """A name's key up to the case of its letters and the accent drawn (vocabulary.py)."""
    grad, base, sub, sup = key
    for accent, same in SAME_ACCENT.items():
        if base.startswith(accent + "{"):
            base = same + base[len(accent):]
    return (grad, base.casefold(), sub, sup.casefold())


def subscript_mark(tokens: list[Token]) -> list[Token]:
    """d_L and d_{h_t} (the mark with its variable as a subscript) -> d L, d h_t."""
    if len(tokens) > 2 and tokens[0].kind == "letter" and tokens[0].text == "d" and tokens[1].kind == "char" and tokens[1].text == "_":
        inner, end = read_group(tokens, 2)
        if end == len(tokens) and inner:
            return [tokens[0], *inner]
    return tokens


def differential(tokens: list[Token]) -> int:
    """How many tokens the derivative mark at the start takes (0: none): \\partial, \\delta,
    d or \\mathrm{d}, followed by a name."""
    if not tokens:
        return 0
    first = tokens[0]
    if first.kind == "cmd" and first.text == r"\mathrm" and len(tokens) > 3 \
            and tokens[1].text == "{" and tokens[2].text == "d" and tokens[3].text == "}":
        return 4 if len(tokens) > 4 else 0
    if (first.kind == "cmd" and first.text in (r"\partial", r"\delta")) or \
            (first.kind == "letter" and first.text == "d"):
        return 1 if len(tokens) > 1 and (is_name_start(tokens, 1) or tokens[1].text == "{") else 0
    return 0


TIME = re.compile(r"t(?:[+-][1-9]\d*)?|\d+")
TIME_SUP = re.compile(r"<(.+)>|\\langle(.+)\\rangle|\((.+)\)")


def identity_and_time(parts: NameParts, with_sup: bool) -> tuple[str, str | None] | None:
    """(the subscript that names the quantity, the step) of a LaTeX name: g_t -> ('', 't'),
    \\Gamma_f^{<t>} -> ('f', 't'), \\Gamma_u -> ('u', None), a^{2} -> None (a power)."""
    sup = parts.sup if with_sup else ""
    if sup:
        m = TIME_SUP.fullmatch(sup)
        time = next((g for g in m.groups() if g), None) if m else None
        if time is None or not TIME.fullmatch(time) or TIME.fullmatch(parts.sub):
            return None
        return parts.sub, time
    if TIME.fullmatch(parts.sub):
        return "", parts.sub
    return parts.sub, None


def starts_factor(tok: Token | None, bar_opens: bool) -> bool:
    """Whether `tok` starts a factor multiplied by juxtaposition (o_t(1-h_t), 2\\sigma(z));
    `bar_opens`: a '|' opens an absolute value here (it closes one that is open)."""
    if tok is None:
        return False
    if tok.kind in ("letter", "number"):
        return True
    if tok.kind == "char":
        return tok.text in "([{" or (tok.text == "|" and bar_opens)
    return tok.text not in PRODUCT | {r"\oplus", r"\right", r"\\", r"\bigr", r"\Bigr", r"\biggr"} \
        | set(OPENERS.values())
