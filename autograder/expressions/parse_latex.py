"""LaTeX answers parsed by hand: a tokenizer and a recursive-descent parser.

Grammar (loosest binding first):
    expr    := term (('+' | '-' | \\oplus) term)*
    term    := ('+' | '-') term | product
    product := power ((\\cdot | \\times | \\otimes | \\odot | '*' | '/') signed | power)*
    power   := atom ('^' script)?
    atom    := number | name | function | \\frac | \\sum | bracketed expr | ...

Juxtaposition is multiplication at the same level as \\cdot (`o_t(1-\\tanh^2(C_t))`).
A `\\sum_{t=1}^{T}` takes as its summand the rest of the current product: in
`2\\sum_{t=1}^{T} a_t b_t + c` the sum covers `a_t b_t` and stops at `+`.
Names are resolved structurally through the vocabulary; no command outside the
whitelist below is accepted.
"""
from __future__ import annotations

import sympy

from ..models.naming import T_HORIZON, T_INDEX
from . import build
from .errors import (Ambiguous, EmptyAnswer, ForbiddenConstruct, SyntaxProblem, TooDeep, TooLarge,
                     UnknownFunction, UnknownSymbol, Unsupported)
from .latex_tokens import NameParts, Token, is_name_start, read_group, read_name, tokenize
from .latex_tokens import (FUNCTION_COMMANDS as _FUNCTION_COMMANDS, LOSS as _LOSS, NAMED_FUNCTION as _NAMED_FUNCTION,
                           OPENERS as _OPENERS, PRODUCT as _PRODUCT, SIZING as _SIZING, bare_function,
                           starts_factor)
from .latex_tokens import differential as _differential, subscript_mark as _subscript_mark
from .limits import DEFAULT, Limits, prescan
from .local_partials import NotLocal
from .parse_text import EXTRA_FUNCTIONS, derivative_of
from .readings import note
from .vocabulary import Vocabulary

_CLOSERS = {v: k for k, v in _OPENERS.items()}
_FRACS = {r"\frac", r"\dfrac", r"\tfrac"}
# The marks of a derivative: \partial, \delta (lecture notes) and d (dL/dh).
_DIFFERENTIALS = {r"\partial", r"\delta", "d", r"\mathrm{d}", r"\mathrmd"}
# A transpose on a scalar changes nothing in the univariate model: x^T, x^\top.
_TRANSPOSE = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathsfT"}


def _is(tok: Token | None, *texts: str) -> bool:
    return tok is not None and tok.text in texts and tok.kind in ("char", "cmd")


def check_balance(tokens: list[Token]) -> None:
    """Braces and brackets must pair up; name the culprit and where it is."""
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind not in ("char", "cmd"):
            continue
        if tok.text == "{" or tok.text in _OPENERS:
            stack.append(tok)
        elif tok.text == "}" or tok.text in _CLOSERS:
            want = "{" if tok.text == "}" else _CLOSERS[tok.text]
            if not stack:
                raise SyntaxProblem(f"the closing '{tok.text}' at character {tok.pos + 1} has "
                                    "no matching opening bracket", tok.pos)
            top = stack.pop()
            if top.text != want:
                raise SyntaxProblem(
                    f"the '{top.text}' at character {top.pos + 1} is closed by "
                    f"'{tok.text}' at character {tok.pos + 1}", tok.pos)
    if stack:
        tok = stack[-1]
        kind = "brace" if tok.text == "{" else "bracket"
        raise SyntaxProblem(f"the {kind} '{tok.text}' at character {tok.pos + 1} is never "
                            "closed", tok.pos)


def parse_latex(text: str, vocab: Vocabulary, limits: Limits = DEFAULT) -> sympy.Expr:
    """Parse a LaTeX answer (without $ delimiters) into a SymPy expression."""
    if not text or not text.strip():
        raise EmptyAnswer("the answer is empty", None)
    prescan(text, limits)
    tokens = tokenize(text)
    if not tokens:
        raise EmptyAnswer("the answer is empty", None)
    if len(tokens) > limits.max_nodes:
        raise TooLarge(f"the answer has {len(tokens)} parts; the limit is {limits.max_nodes}",
                       None)
    check_balance(tokens)
    return _Parser(tokens, vocab, limits, 0).whole()


class _Parser:
    def __init__(self, tokens: list[Token], vocab: Vocabulary, limits: Limits, depth: int,
                 end_pos: int | None = None):
        self.tokens, self.vocab, self.limits = tokens, vocab, limits
        self.i, self.depth = 0, depth
        self.in_abs = False      # inside |...|: a '|' closes, it does not open
        self.in_bounds = False   # inside \sum_{t=1}^{T}: t and T are the index and horizon
        self.end_pos = end_pos if end_pos is not None else (
            tokens[-1].pos + len(tokens[-1].text) if tokens else 0)
        if depth > limits.max_depth:
            pos = tokens[0].pos if tokens else None
            raise TooDeep(f"the answer is nested more than {limits.max_depth} levels deep", pos)

    # -- token helpers -------------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise SyntaxProblem("the answer ends too early (is something missing at the "
                                "end?)", self.end_pos)
        self.i += 1
        return tok

    def expect(self, text: str, opener: Token | None = None) -> Token:
        tok = self.peek()
        if not _is(tok, text):
            where = tok.pos if tok else self.end_pos
            found = f"'{tok.text}'" if tok else "the end"
            ctx = f" to close '{opener.text}' at character {opener.pos + 1}" if opener else ""
            raise SyntaxProblem(f"expected '{text}'{ctx} but found {found}", where)
        return self.take()

    def sub(self, tokens: list[Token], fallback_pos: int) -> sympy.Expr:
        """Parse a braced group's tokens as a complete expression of its own."""
        if not tokens:
            raise SyntaxProblem("an empty group { } where an expression was expected",
                                fallback_pos)
        parser = _Parser(tokens, self.vocab, self.limits, self.depth + 1)
        parser.in_bounds = self.in_bounds
        return parser.whole()

    def group(self) -> tuple[list[Token], int]:
        """The tokens of the next {group} (or single token), and its position."""
        tok = self.peek()
        if tok is None:
            raise SyntaxProblem("the answer ends where { ... } was expected", self.end_pos)
        inner, self.i = read_group(self.tokens, self.i)
        return inner, tok.pos

    # -- grammar -------------------------------------------------------------------
    def whole(self) -> sympy.Expr:
        value = self.expr()
        tok = self.peek()
        if tok is not None:
            raise self.unexpected(tok)
        return value

    def unexpected(self, tok: Token) -> Exception:
        at = f"at character {tok.pos + 1}"
        if tok.text == "=":
            return SyntaxProblem(f"'=' {at}: give one expression (an equation's left side "
                                 "may only name the gradient asked for)", tok.pos,
                                 code="equation")
        if tok.text == r"\\":
            return SyntaxProblem(f"a line break \\\\ {at} inside one expression", tok.pos,
                                 code="line_break")
        if tok.text in _CLOSERS or tok.text in (")", "]", "}", r"\right"):
            return SyntaxProblem(f"the closing '{tok.text}' {at} has no matching opening "
                                 "bracket", tok.pos)
        if tok.kind == "cmd":
            return self.unsupported(tok)
        return SyntaxProblem(f"unexpected '{tok.text}' {at}", tok.pos)

    def unsupported(self, tok: Token) -> Exception:
        return Unsupported(f"the LaTeX command {tok.text} at character {tok.pos + 1} is not "
                           "supported in answers", tok.pos, code="unsupported_command")

    def expr(self) -> sympy.Expr:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            tok = self.peek()
            raise TooDeep(f"the answer is nested more than {self.limits.max_depth} levels "
                          "deep", tok.pos if tok else None)
        try:
            value = self.term()
            while _is(self.peek(), "+", "-", r"\oplus"):
                op = self.take()
                rhs = self.term()
                value = value - rhs if op.text == "-" else value + rhs
            return value
        finally:
            self.depth -= 1

    def term(self) -> sympy.Expr:
        if _is(self.peek(), "+", "-"):
            op = self.take()
            value = self.term()
            return -value if op.text == "-" else value
        return self.product()

    def starts_factor(self, tok: Token | None) -> bool:
        # a '|' opens an absolute value unless one is open (then it closes it)
        return starts_factor(tok, bar_opens=not self.in_abs)

    def product(self) -> sympy.Expr:
        value = self.power()
        while True:
            tok = self.peek()
            if _is(tok, *_PRODUCT):
                self.take()
                value = value * self.signed_power()
            elif _is(tok, "/"):
                self.take()
                rhs = self.signed_power()
                value = _divide(value, rhs, tok.pos)
            elif self.starts_factor(tok):
                value = value * self.power()
            else:
                return value

    def signed_power(self) -> sympy.Expr:
        if _is(self.peek(), "+", "-"):
            op = self.take()
            value = self.signed_power()
            return -value if op.text == "-" else value
        return self.power()

    def power(self) -> sympy.Expr:
        tok = self.peek()
        if _is(tok, r"\sum"):
            return self.time_sum()
        base = self.atom()
        if _is(self.peek(), "^") and self.transpose_at(self.i + 1):
            return base
        if _is(self.peek(), "^"):
            caret = self.take()
            exponent = self.script()
            if _is(self.peek(), "^"):
                raise SyntaxProblem(f"double superscript at character {self.peek().pos + 1}; "
                                    "use braces, as in x^{2}", self.peek().pos)
            return build.power(base, exponent, caret.pos + 1, self.limits)
        if _is(self.peek(), "_"):
            pos = self.peek().pos
            raise SyntaxProblem(f"a subscript at character {pos + 1} can only follow a name",
                                pos)
        return base

    def transpose_at(self, j: int) -> bool:
        """^T or ^\\top at tokens[j]: consume it and say so (a scalar's transpose is itself)."""
        inner, end = read_group(self.tokens, j) if j < len(self.tokens) else ([], j)
        flat = "".join(t.text for t in inner if t.text not in "{}")
        if flat in _TRANSPOSE:
            note("^" + flat, "nothing (the transpose of a scalar)")
            self.i = end
            return True
        return False

    def script(self) -> sympy.Expr:
        """The expression of a superscript: {group} or a single token."""
        tok = self.peek()
        if tok is None:
            raise SyntaxProblem("the answer ends after '^'", self.end_pos)
        if tok.kind == "number" and len(tok.text) > 1 and "." not in tok.text:
            # x^23 is x^{2}3 in LaTeX; refuse rather than guess.
            raise SyntaxProblem(f"write x^{{{tok.text}}} with braces for a power of more "
                                "than one digit", tok.pos)
        inner, pos = self.group()
        return self.sub(inner, pos)

    def atom(self) -> sympy.Expr:
        tok = self.peek()
        if tok is None:
            raise SyntaxProblem("the answer ends too early (is something missing at the "
                                "end?)", self.end_pos)
        if tok.kind == "number":
            self.take()
            value = float(tok.text) if "." in tok.text else int(tok.text)
            return build.number(value, tok.pos, self.limits)
        if tok.text in _OPENERS or tok.text in _SIZING:
            return self.bracketed()[0]
        if _is(tok, "{"):
            inner, pos = self.group()
            return self.sub(inner, pos)
        if _is(tok, "|", r"\lvert", r"\vert"):
            return self.absolute()
        if _is(tok, r"\nabla", r"\partial") and _is(self.peek(1), "_"):
            return self.subscript_gradient()
        if tok.kind == "cmd":
            if tok.text in _FRACS:
                return self.fraction()
            if tok.text in _FUNCTION_COMMANDS or tok.text in _NAMED_FUNCTION:
                return self.function()
            if tok.text == r"\sqrt":
                return self.square_root()
            if tok.text == r"\partial":
                raise _derivative(tok.pos)
            if tok.text in (r"\cdot", r"\bullet"):
                raise ForbiddenConstruct(
                    f"{tok.text} at character {tok.pos + 1} stands for a placeholder; write "
                    "the argument out, e.g. \\sigma(W^{hf}h_{t-1} + ...)", tok.pos,
                    code="placeholder")
        if tok.kind == "letter" and bare_function(self.tokens, self.i):
            return self.function()
        if is_name_start(self.tokens, self.i):
            return self.name()
        raise self.unexpected(tok)

    def absolute(self, sizing: Token | None = None) -> sympy.Expr:
        """|x|, \\lvert x \\rvert, \\left| x \\right|: the absolute value."""
        opener = self.take()
        outer, self.in_abs = self.in_abs, True
        try:
            value = self.expr()
        finally:
            self.in_abs = outer
        if self.peek() is not None and self.peek().text in _SIZING:
            self.take()
        closer = self.peek()
        if not _is(closer, "|", r"\rvert", r"\vert"):
            where = closer.pos if closer else self.end_pos
            raise SyntaxProblem(f"the absolute value opened at character {opener.pos + 1} is "
                                "never closed with |", where)
        self.take()
        return build.call("Abs", sympy.Abs, [value], opener.pos, self.limits)

    def subscript_gradient(self) -> sympy.Expr:
        """\\nabla_{h_t} L and \\partial_{h_t} L: the gradient of the loss by h_t."""
        mark = self.take()
        self.take()  # '_'
        inner, pos = self.group()
        if not is_name_start(inner, 0):
            raise SyntaxProblem(f"{mark.text}_{{...}} at character {mark.pos + 1} must name a "
                                "quantity, as in \\nabla_{h_t} L", pos)
        parts, _, end = read_name(inner, 0)
        if end != len(inner):
            raise SyntaxProblem(f"{mark.text}_{{...}} at character {mark.pos + 1} must name "
                                "one quantity", pos)
        if self.loss_follows():
            self.skip_loss()
        elif mark.text == r"\partial":
            raise _derivative(mark.pos)
        # \nabla_{h_t} alone is also read as the gradient by h_t
        return self.gradient_of(parts, mark.pos)

    def loss_follows(self) -> bool:
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind == "letter" and tok.text in ("L", "E", "J"):
            nxt = self.peek(1)
            return not _is(nxt, "_", "^")
        if _is(tok, r"\ell"):
            return True
        if _is(tok, r"\mathcal") and self.i + 1 < len(self.tokens):
            inner, _ = read_group(self.tokens, self.i + 1)
            return "".join(t.text for t in inner) in ("L", "E", "J")
        return False

    def skip_loss(self) -> None:
        tok = self.take()
        if tok.text == r"\mathcal":
            _, self.i = read_group(self.tokens, self.i)

    def gradient_of(self, parts: NameParts, pos: int) -> sympy.Expr:
        """The gradient of the loss by the quantity `parts` names (variants allowed)."""
        parts = self.named_step(NameParts(True, parts.base, parts.sub, parts.sup), pos)
        name = self.vocab.resolve_latex(parts)
        if name is None:
            name = self.vocab.resolve_latex_variant(parts)
            if name is not None:
                note(parts.display(), self.vocab.display_latex(name))
        if name is None:
            self.refuse_ambiguous(parts, pos)
            suggestions = self.vocab.suggest_latex(parts)
            plain = NameParts(False, parts.base, parts.sub, parts.sup).display()
            msg = (f"the gradient of '{plain}' at character {pos + 1} is not a quantity "
                   "this question knows")
            if suggestions:
                msg += f"; did you mean {' or '.join(suggestions)}?"
            raise UnknownSymbol(msg, pos, name=parts.display(), suggestions=suggestions)
        return self.vocab.lookup(name)

    def refuse_ambiguous(self, parts: NameParts, pos: int, with_sup: bool = True) -> None:
        """A textbook name with several readings (s_t: C_t or h_t) is refused naming each."""
        readings = self.vocab.alias_readings_latex(parts, with_sup)
        two = self.vocab.ambiguity(parts.display(with_sup), readings, latex=True)
        if two:
            raise Ambiguous(f"{two} (character {pos + 1})", pos)

    def named_step(self, parts: NameParts, pos: int) -> NameParts:
        """c_{prev} is c_{t-1}; c_{next} has two readings and is refused naming both."""
        if parts.sub == "prev":
            return NameParts(parts.grad, parts.base, "t-1", parts.sup)
        if parts.sub == "next":
            def shown(sub):
                p = NameParts(parts.grad, parts.base, sub, parts.sup)
                name = self.vocab.resolve_latex(p) or self.vocab.resolve_latex_variant(p)
                return self.vocab.display_latex(name) if name else p.display()
            now, later = shown("t"), shown("t+1")
            written = self.tokens_text(pos)
            raise Ambiguous(f"'{written}' at character {pos + 1} has two readings: {now}, the "
                            f"value a step hands on (as next_c in step code), or {later}, that "
                            f"of the next step; write {now} or {later}", pos)
        return parts

    def tokens_text(self, pos: int) -> str:
        """The answer's text from `pos` to the end of the current name, for messages."""
        got = [t for t in self.tokens if pos <= t.pos]
        text, depth = "", 0
        for t in got:
            text += t.text
            depth += (t.text == "{") - (t.text == "}")
            if depth == 0 and t.text == "}":
                break
        return text

    def bracketed(self, allow_commas: bool = False) -> list[sympy.Expr]:
        """( ... ), [ ... ], \\{ ... \\}, optionally sized with \\left/\\right."""
        if self.peek().text in _SIZING and _is(self.peek(1), "|"):
            self.take()
            return [self.absolute()]
        sizing = self.take() if self.peek().text in _SIZING else None
        opener = self.peek()
        if opener is None or opener.text not in _OPENERS:
            where = opener.pos if opener else self.end_pos
            if opener is not None and opener.text == "|":
                raise Unsupported(f"absolute values |...| (character {where + 1}) are not "
                                  "supported", where)
            raise SyntaxProblem(f"{sizing.text} must be followed by a bracket", where)
        self.take()
        values = [self.expr()]
        while allow_commas and _is(self.peek(), ","):
            self.take()
            values.append(self.expr())
        if self.peek() is not None and self.peek().text in _SIZING:
            self.take()
        self.expect(_OPENERS[opener.text], opener)
        return values

    def name(self) -> sympy.Expr:
        start = self.peek()
        parts, end_without_sup, end = read_name(self.tokens, self.i)
        if self.in_bounds and not parts.grad and not parts.sub and not parts.sup:
            if parts.base in ("t", "T"):
                self.i = end
                return T_INDEX if parts.base == "t" else T_HORIZON
        if parts.base in (r"\delta", "d") and not (parts.grad or parts.sub or parts.sup) \
                and is_name_start(self.tokens, end) and self.vocab.lookup("d") is None:
            # \delta h_t and dh_t: the gradient of h_t (no quantity is called delta or d)
            inner, _, after = read_name(self.tokens, end)
            if not inner.grad:
                self.i = after
                with_sup = NameParts(True, inner.base, inner.sub, inner.sup)
                if inner.sup and self.vocab.resolve_latex(with_sup) is None \
                        and self.vocab.resolve_latex_variant(with_sup) is None:   # da^{<t>}: a step
                    self.i = read_name(self.tokens, end)[1]
                    inner = NameParts(False, inner.base, inner.sub, "")
                value = self.gradient_of(inner, start.pos)
                note(parts.base + " " + inner.display(), self.vocab.display_latex(value.name))
                return value
        parts = self.named_step(parts, start.pos)
        name = self.vocab.resolve_latex(parts)
        if name is not None:
            self.i = end
            return self.vocab.lookup(name)
        sup_is_power = parts.sup and end_without_sup != end
        if sup_is_power:
            name = self.vocab.resolve_latex(parts, with_sup=False)
            if name is not None:
                self.i = end_without_sup      # power() reads the ^ as an exponent
                return self.vocab.lookup(name)
        for with_sup in ((True, False) if sup_is_power else (True,)):
            name = self.vocab.resolve_latex_variant(parts, with_sup)
            if name is not None:              # w^y, c_t, \hat{C}_t: one quantity matches
                self.i = end if with_sup else end_without_sup
                note(parts.display(with_sup), self.vocab.display_latex(name))
                return self.vocab.lookup(name)
        if parts.base == "e" and not parts.grad and not parts.sub and sup_is_power:
            self.i = end_without_sup + 1      # e^{x} is exp(x)
            exponent = self.script()
            return build.call("exp", sympy.exp, [exponent], start.pos, self.limits)
        if parts.base == "e" and not parts.grad and not parts.sub and not parts.sup:
            self.i = end
            return sympy.E
        for with_sup in ((True, False) if sup_is_power else (True,)):
            self.refuse_ambiguous(parts, start.pos, with_sup)
        shown = parts
        if sup_is_power and parts.sup.lstrip("-").isdigit():
            shown = NameParts(parts.grad, parts.base, parts.sub, "")
        suggestions = self.vocab.suggest_latex(shown)
        msg = f"'{shown.display()}' at character {start.pos + 1} is not a quantity this " \
              "question knows"
        if suggestions:
            msg += f"; did you mean {' or '.join(suggestions)}?"
        if shown.sub == "T":
            msg += (" (T is the last step of the sequence; write quantities at the step t the "
                    "question is about)")
        raise UnknownSymbol(msg, start.pos, name=shown.display(), suggestions=suggestions)

    def function(self) -> sympy.Expr:
        bare = bare_function(self.tokens, self.i) if self.peek().kind == "letter" else None
        tok = self.take()
        if bare is not None:
            self.i += len(bare) - 1
            fname = {"ln": "log", "sigmoid": "sigma"}.get(bare, bare)
            shown = bare
        elif tok.text in _NAMED_FUNCTION:
            inner, _ = self.group()
            fname = "".join(t.text for t in inner)
            shown = f"{tok.text}{{{fname}}}"
        else:
            fname, shown = _FUNCTION_COMMANDS[tok.text], tok.text
        fn = self.vocab.function(fname) or EXTRA_FUNCTIONS.get(fname)
        if fn is None:
            valid = ", ".join(sorted(self.vocab.functions))
            raise UnknownFunction(f"{shown} at character {tok.pos + 1} is not a function you "
                                  f"can use; the functions are {valid}", tok.pos)
        if self.prime_follows():
            fn, fname, shown = derivative_of(fname, fn), fname + "'", shown + "'"
            if self.prime_follows():
                raise ForbiddenConstruct(f"{shown}' at character {tok.pos + 1}: only first "
                                         "derivatives are understood", tok.pos,
                                         code="derivative")
        exponent = None
        if _is(self.peek(), "^"):
            caret = self.take()
            exponent = self.script()
            if exponent.is_negative:
                raise Unsupported(f"{shown}^{{{exponent}}} at character {caret.pos + 1}: "
                                  "inverse functions are not supported", caret.pos)
        nxt = self.peek()
        if nxt is not None and (nxt.text in _OPENERS or nxt.text in _SIZING):
            args = self.bracketed(allow_commas=True)
        elif _is(nxt, "{"):
            inner, pos = self.group()
            args = [self.sub(inner, pos)]
        elif self.starts_factor(nxt):
            args = [self.power()]
        else:
            where = nxt.pos if nxt else self.end_pos
            raise SyntaxProblem(f"{shown} at character {tok.pos + 1} needs an argument, as in "
                                f"{shown}(x)", where)
        value = build.call(fname, fn, args, tok.pos, self.limits)
        if exponent is not None:
            value = build.power(value, exponent, tok.pos, self.limits)
        return value

    def prime_follows(self) -> bool:
        """Consume one prime: ', ^\\prime or ^{\\prime}."""
        if _is(self.peek(), "'"):
            self.take()
            return True
        if _is(self.peek(), "^") and self.i + 1 < len(self.tokens):
            inner, end = read_group(self.tokens, self.i + 1)
            if len(inner) == 1 and _is(inner[0], r"\prime"):
                self.i = end
                return True
        return False

    def square_root(self) -> sympy.Expr:
        tok = self.take()
        if _is(self.peek(), "["):
            raise Unsupported(f"roots other than square roots (character {tok.pos + 1}) are "
                              "not supported", tok.pos)
        inner, pos = self.group()
        return build.power(self.sub(inner, pos), sympy.Rational(1, 2), tok.pos, self.limits)

    def split_digits(self) -> None:
        """In \\frac12 each argument is one digit, as in LaTeX."""
        tok = self.peek()
        if tok is not None and tok.kind == "number" and len(tok.text) > 1:
            self.tokens[self.i:self.i + 1] = [
                Token("number", tok.text[0], tok.pos),
                Token("number", tok.text[1:], tok.pos + 1)]

    def fraction(self) -> sympy.Expr:
        tok = self.take()
        self.split_digits()
        num, num_pos = self.group()
        self.split_digits()
        den, den_pos = self.group()
        num, den = _subscript_mark(num), _subscript_mark(den)
        if _differential(num) and _differential(den):
            return self.partial(num, den, tok.pos)
        if (num and _is(num[0], r"\partial")) or (den and _is(den[0], r"\partial")):
            raise _derivative(tok.pos)
        return _divide(self.sub(num, num_pos), self.sub(den, den_pos), den_pos)

    def partial(self, num: list[Token], den: list[Token], pos: int) -> sympy.Expr:
        """\\frac{\\partial L}{\\partial h_t} is the gradient grad_h_t (also with \\delta or d);
        \\frac{\\partial f_{t+1}}{\\partial h_t}, a partial of one model quantity by another,
        is the local partial of f_{t+1}'s definition."""
        top, bottom = num[_differential(num):], den[_differential(den):]
        if not bottom or not is_name_start(bottom, 0):
            raise _derivative(pos)
        parts, _, end = read_name(bottom, 0)
        if end != len(bottom) or parts.grad:
            raise _derivative(pos)
        loss = "".join(t.text for t in top if t.text not in "{}")
        if loss in _LOSS:
            return self.gradient_of(parts, pos)
        if not top or not is_name_start(top, 0) or self.vocab.partial is None:
            raise _derivative(pos)
        of_parts, _, of_end = read_name(top, 0)
        if of_end != len(top) or of_parts.grad:
            raise _derivative(pos)
        of, by = self.quantity(of_parts, top[0].pos), self.quantity(parts, bottom[0].pos)
        try:
            return self.vocab.partial(of, by, self.vocab.display_latex)
        except NotLocal as err:
            raise ForbiddenConstruct(f"the partial at character {pos + 1}: {err}", pos,
                                     code="not_local") from None

    def quantity(self, parts: NameParts, pos: int) -> sympy.Symbol:
        """The model quantity a name inside a derivative stands for (variants allowed)."""
        parts = self.named_step(parts, pos)
        name = self.vocab.resolve_latex(parts) or self.vocab.resolve_latex_variant(parts)
        if name is None:
            self.refuse_ambiguous(parts, pos)
            suggestions = self.vocab.suggest_latex(parts)
            msg = f"'{parts.display()}' at character {pos + 1} is not a quantity this question knows"
            if suggestions:
                msg += f"; did you mean {' or '.join(suggestions)}?"
            raise UnknownSymbol(msg, pos, name=parts.display(), suggestions=suggestions)
        if self.vocab.resolve_latex(parts) is None:
            note(parts.display(), self.vocab.display_latex(name))
        return self.vocab.lookup(name)

    def time_sum(self) -> sympy.Expr:
        tok = self.take()
        if not self.vocab.allow_sum:
            raise ForbiddenConstruct("a sum over time is not expected in this answer",
                                     tok.pos, code="sum")
        if _is(self.peek(), r"\limits", r"\nolimits"):
            self.take()
        lower = upper = None
        whole = False
        for _ in range(2):
            mark = self.peek()
            if _is(mark, "_") and lower is None:
                self.take()
                inner, pos = self.group()
                if len(inner) == 1 and inner[0].text == "t":
                    lower = sympy.S.One     # \sum_t: the whole horizon, unless ^ says more
                    upper = upper if upper is not None else T_HORIZON
                    whole = True
                    continue
                if len(inner) < 3 or inner[0].text != "t" or not _is(inner[1], "="):
                    raise SyntaxProblem(
                        f"the sum at character {tok.pos + 1} must run over t, as in "
                        "\\sum_{t=1}^{T}", pos, code="sum_limits")
                lower = self.bounds(inner[2:], pos)
            elif _is(mark, "^") and (upper is None or whole):
                self.take()
                inner, pos = self.group()
                upper = self.bounds(inner, pos)
        if whole and upper is None:
            upper = T_HORIZON
        if lower is None or upper is None:
            raise SyntaxProblem(f"the sum at character {tok.pos + 1} needs both limits, as in "
                                "\\sum_{t=1}^{T}", tok.pos, code="sum_limits")
        if not self.starts_factor(self.peek()):
            where = self.peek().pos if self.peek() else self.end_pos
            raise SyntaxProblem(f"the sum at character {tok.pos + 1} has nothing to sum",
                                where)
        summand = self.product()
        return build.time_sum(summand, lower, upper, tok.pos)

    def bounds(self, tokens: list[Token], pos: int) -> sympy.Expr:
        parser = _Parser(tokens, self.vocab, self.limits, self.depth + 1)
        parser.in_bounds = True
        if not tokens:
            raise SyntaxProblem("an empty limit of a sum", pos, code="sum_limits")
        return parser.whole()


def _divide(num: sympy.Expr, den: sympy.Expr, pos: int) -> sympy.Expr:
    if den == 0:
        raise ForbiddenConstruct("division by zero", pos, code="division_by_zero")
    return num / den


def _derivative(pos: int | None) -> ForbiddenConstruct:
    return ForbiddenConstruct("an answer may not contain a derivative to be evaluated; "
                              "write the derivative out", pos, code="derivative")
