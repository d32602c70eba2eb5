"""The quick reader of a LaTeX answer: a strict subset of what parse_latex.py reads, read the
same way, into quick.py's tree (so quick.py evaluates and judges it).

The subset: whole numbers; the model's names, resolved as the vocabulary resolves them
(the exact LaTeX key, else the one name a case or accent variant or a step written as a
superscript matches: c_t, \\hat{C}_t, h^{(t)}; the entry carries the tables,
quick_entry.py); \\nabla, \\delta and d before a name and \\frac{\\partial L}{\\partial x}
for its gradient; + - \\cdot \\times * / and juxtaposition; powers by one digit; ( ) [ ]
{ } and \\left( \\right); \\frac{a}{b}; the model's functions as commands or bare words,
with a prime or a power, on a bracketed argument. Anything else (a local partial, a sum, an
absolute value, a transpose, a textbook name, an unbracketed argument) is left to the
parser, and so is anything nested deeper than it allows.
"""
from __future__ import annotations

from .latex_tokens import (FUNCTION_COMMANDS, LOSS, NAMED_FUNCTION, OPENERS, PRODUCT, SIZING, NameParts,
                           Token, bare_function, differential, identity_and_time, is_name_start, read_group,
                           read_name, starts_factor, subscript_mark, tokenize, variant_key)

_TEXT_NOT_QUICK = ("$", "=", "&", "\\\\", "\\[", "\\(", "\\begin", "\n", "\r", "|")
MAX_DEPTH = 30                 # below the parser's limit (limits.DEFAULT.max_depth, 40)
_DIFFERENTIAL = {r"\partial", r"\delta", "d", r"\mathrm", r"\nabla"}
_BARE = {"ln": "log", "sigmoid": "sigma"}


class Decline(Exception):
    """Not in the subset: the parser reads it."""


def key_text(key: tuple) -> str:
    """A name's key (NameParts.key(), or its variant_key) as the entry's tables hold it."""
    grad, *rest = key
    return "|".join(("1" if grad else "0", *rest))


def read(entry: dict, text: str, reader_class):
    """quick.py's tree of a LaTeX answer, through `reader_class` (quick._Reader) for numbers
    and the bookkeeping; raises Decline outside the subset."""
    if any(mark in text for mark in _TEXT_NOT_QUICK) or "latex_names" not in entry:
        raise Decline
    tokens = tokenize(text)
    if not tokens or len(tokens) > 2000:
        raise Decline
    parser = _Parser(tokens, entry, reader_class)
    tree = parser.expr()
    if parser.i != len(tokens):
        raise Decline
    return tree, parser.reader


def _is(tok: Token | None, *texts: str) -> bool:
    return tok is not None and tok.text in texts and tok.kind in ("char", "cmd")


class _Parser:
    def __init__(self, tokens: list[Token], entry: dict, reader_class, depth: int = 0, reader=None):
        self.tokens, self.entry, self.i, self.depth = tokens, entry, 0, depth
        self.reader = reader or reader_class(entry["spellings"], set(entry["quick_functions"]))
        self.reader_class = reader_class
        if depth > MAX_DEPTH:
            raise Decline

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise Decline
        self.i += 1
        return tok

    def sub(self, tokens: list[Token]):
        if not tokens:
            raise Decline
        inner = _Parser(tokens, self.entry, self.reader_class, self.depth + 1, self.reader)
        tree = inner.expr()
        if inner.i != len(tokens):
            raise Decline
        return tree

    def expr(self):
        self.depth += 1              # counted as the parser counts it, which refuses past 40
        if self.depth > MAX_DEPTH:
            raise Decline
        try:
            value = self.term()
            while _is(self.peek(), "+", "-"):
                op = self.take()
                value = ("sub" if op.text == "-" else "add", value, self.term())
            return value
        finally:
            self.depth -= 1

    def term(self):
        if _is(self.peek(), "+", "-"):
            op = self.take()
            value = self.term()
            return ("neg", value) if op.text == "-" else value
        return self.product()

    def product(self):
        value = self.power()
        while True:
            tok = self.peek()
            if _is(tok, *PRODUCT):
                self.take()
                value = ("mul", value, self.signed_power())
            elif _is(tok, "/"):
                self.take()
                value = ("div", value, self.signed_power())
            elif starts_factor(tok, bar_opens=False):     # '|' never reaches this reader
                value = ("mul", value, self.power())
            else:
                return value

    def signed_power(self):
        if _is(self.peek(), "+", "-"):
            op = self.take()
            value = self.signed_power()
            return ("neg", value) if op.text == "-" else value
        return self.power()

    def power(self):
        base = self.atom()
        if _is(self.peek(), "^"):
            self.take()
            base = ("pow", base, self.exponent())
            if _is(self.peek(), "^", "_"):
                raise Decline
        elif _is(self.peek(), "_"):
            raise Decline
        return base

    def exponent(self) -> int:
        """A power by one digit, x^2 or x^{2}; anything else (x^T, x^{-1}) is the parser's."""
        tok = self.peek()
        if tok is None:
            raise Decline
        inner, self.i = read_group(self.tokens, self.i)
        if len(inner) != 1 or inner[0].kind != "number" or not inner[0].text.isdigit() \
                or len(inner[0].text) != 1:
            raise Decline
        return self.reader.power_of(int(inner[0].text))

    def atom(self):
        tok = self.peek()
        if tok is None:
            raise Decline
        if tok.kind == "number":
            self.take()
            if not tok.text.isdigit():
                raise Decline
            return ("num", self.reader.literal(int(tok.text)))
        if tok.text in OPENERS or tok.text in SIZING:
            return self.bracketed()
        if _is(tok, "{"):
            inner, self.i = read_group(self.tokens, self.i)
            return self.sub(inner)
        if tok.kind == "cmd":
            if tok.text in (r"\frac", r"\dfrac", r"\tfrac"):
                return self.fraction()
            if tok.text in FUNCTION_COMMANDS:
                return self.function(FUNCTION_COMMANDS[tok.text], 1)
            if tok.text in NAMED_FUNCTION:            # \operatorname{sech}, \mathrm{sech}
                inner, end = read_group(self.tokens, self.i + 1) if self.i + 1 < len(self.tokens) \
                    else ([], 0)
                if not inner or any(t.kind != "letter" for t in inner):
                    raise Decline
                return self.function("".join(t.text for t in inner), end - self.i)
        if tok.kind == "letter" and bare_function(self.tokens, self.i):
            word = bare_function(self.tokens, self.i)
            return self.function(_BARE.get(word, word), len(word))
        if _is(tok, r"\nabla") and _is(self.peek(1), "_"):
            raise Decline                       # \nabla_{h_t} L
        if is_name_start(self.tokens, self.i):
            return self.name()
        raise Decline

    def bracketed(self):
        sizing = self.take() if self.peek().text in SIZING else None
        if sizing is not None and sizing.text != r"\left":
            raise Decline
        opener = self.take()
        if opener.text not in OPENERS:
            raise Decline
        value = self.expr()
        if sizing is not None and not _is(self.peek(), r"\right"):
            raise Decline
        if sizing is not None:
            self.take()
        if not _is(self.peek(), OPENERS[opener.text]):
            raise Decline
        self.take()
        return value

    def fraction(self):
        self.take()
        groups = []
        for _ in range(2):
            tok = self.peek()
            if tok is None or (tok.kind == "number" and len(tok.text) > 1):
                raise Decline                   # \frac12: the parser splits the digits
            inner, self.i = read_group(self.tokens, self.i)
            groups.append(subscript_mark(inner))
        num, den = groups
        if differential(num) and differential(den):
            return self.gradient_ratio(num[differential(num):], den[differential(den):])
        if not num or not den or any(g[0].text in _DIFFERENTIAL or g[0].text in SIZING for g in groups):
            raise Decline                       # a derivative, written as a ratio
        return ("div", self.sub(num), self.sub(den))

    def gradient_ratio(self, top: list[Token], bottom: list[Token]):
        r"""\frac{\partial L}{\partial h_t} (also with d, \delta, \mathrm{d}): the gradient by
        h_t; the partial of one quantity by another is the parser's (a local partial)."""
        loss = "".join(t.text for t in top if t.text not in "{}")
        if loss not in LOSS or not bottom or not is_name_start(bottom, 0):
            raise Decline
        parts, _, end = read_name(bottom, 0)
        if end != len(bottom) or parts.grad:
            raise Decline
        return self.reader.named(self.gradient_of(parts))

    def gradient_of(self, parts) -> str:
        """The gradient a quantity's name stands for, as the parser finds it: the exact
        LaTeX name of its gradient, else the one variant (said in the feedback)."""
        if parts.sub in ("prev", "next"):
            raise Decline
        grad = NameParts(True, parts.base, parts.sub, parts.sup)
        key = key_text(grad.key())
        if key in self.entry["latex_names"]:
            name = self.entry["latex_names"][key]
            if name is None:
                raise Decline
            return name
        name = self.variant(grad)
        self.reader.noted(grad.display(), self.entry["latex_display"][name])
        return name

    def function(self, name: str, width: int):
        self.i += width
        prime = False
        if _is(self.peek(), "'"):
            self.take()
            prime = True
            if _is(self.peek(), "'"):
                raise Decline
        power = None
        if _is(self.peek(), "^"):
            inner, _ = read_group(self.tokens, self.i + 1) if self.i + 1 < len(self.tokens) else ([], 0)
            if any(t.text == r"\prime" for t in inner):
                raise Decline                   # ^\prime: the parser's prime
            self.take()
            power = self.exponent()
        nxt = self.peek()
        if nxt is not None and (nxt.text in OPENERS or nxt.text in SIZING):
            arg = self.bracketed()
        elif _is(nxt, "{"):
            inner, self.i = read_group(self.tokens, self.i)
            arg = self.sub(inner)
        else:
            raise Decline                       # \tanh x: the parser reads the argument
        value = self.reader.call(name, prime, arg)
        return ("pow", value, power) if power is not None else value

    def name(self):
        start = self.i
        parts, end_without_sup, end = read_name(self.tokens, self.i)
        if parts.base in (r"\delta", "d") and not (parts.grad or parts.sub or parts.sup) \
                and is_name_start(self.tokens, end) and not self.entry["latex_d_is_name"]:
            return self.prefixed_gradient(parts, end)
        if parts.base in (r"\delta", "d", "e") and not parts.sub or parts.sub in ("prev", "next") \
                or parts.base.startswith((r"\mathcal", r"\mathrm", r"\mathbf")):
            raise Decline                       # e, c_{next}: the parser's
        exact = self.entry["latex_names"]
        key, plain = key_text(parts.key()), key_text(parts.key(with_sup=False))
        sup_is_power = bool(parts.sup) and end_without_sup != end
        if key in exact:
            name, self.i = exact[key], end
        elif sup_is_power and plain in exact:      # h_t^2: the superscript is a power
            name, self.i = exact[plain], end_without_sup
        else:                                   # w^y, c_t, \hat{C}_t, h^{(t)}: one quantity
            name, self.i = self.variant(parts), end
            self.reader.noted(parts.display(), self.entry["latex_display"][name])
        if name is None or self.i == start:
            raise Decline
        return self.reader.named(name)

    def variant(self, parts) -> str:
        """The one name `parts` means up to case, accent and a step written as a superscript,
        found as vocabulary.resolve_latex_variant finds it (superscript kept). Decline where
        it would find several, or one the answer may not use, or none (the parser may still
        read the name another way: a textbook name, the superscript as a power)."""
        variants = self.entry["latex_variants"]
        for candidate in (parts, _timed(parts)):
            if candidate is not None and key_text(variant_key(candidate.key())) in variants:
                name = variants[key_text(variant_key(candidate.key()))]
                if name is None:
                    raise Decline
                return name
        raise Decline

    def prefixed_gradient(self, mark, end: int):
        r"""\delta h_t and dh_t: the gradient of h_t (no quantity is called d), said in the
        feedback as the parser says it."""
        inner, _, after = read_name(self.tokens, end)
        if inner.grad or inner.sup:
            raise Decline
        name = self.gradient_of(inner)
        self.reader.noted(mark.base + " " + inner.display(), self.entry["latex_display"][name])
        self.i = after
        return self.reader.named(name)


def _timed(parts):
    """h^{(t)}, c^{<t-1>}: the name with its step as the subscript (Goodfellow et al., Ng),
    as the vocabulary reads it; None for any other name."""
    split = identity_and_time(parts, True)
    if split is not None and split[1] is not None and split[0] == "" and parts.sup:
        return NameParts(parts.grad, parts.base, split[1], "")
    return None
