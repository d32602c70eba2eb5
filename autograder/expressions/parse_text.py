"""Plain-text answers (SymPy syntax, `^` allowed for powers) parsed without eval.

The text is parsed by `ast.parse(..., mode='eval')` and the tree is walked against a
whitelist: every node type not handled below is refused. Names come only from the
vocabulary; SymPy objects are built by `build`, never by sympify/parse_expr/eval.
"""
from __future__ import annotations

import ast

import sympy

from ..models.naming import T_HORIZON, T_INDEX
from . import build
from .errors import (Ambiguous, AnswerError, EmptyAnswer, ForbiddenConstruct, SyntaxProblem, TooDeep,
                     TooLarge, UnknownFunction, UnknownSymbol, WrongArity)
from .limits import DEFAULT, Limits, prescan
from .readings import note
from .text_tokens import PRIME
from .text_tokens import depth as _depth, level as _level, primes as _primes, rewrite_tokens as _rewrite_tokens
from .vocabulary import Vocabulary

_CONSTANTS = {"pi": sympy.pi, "E": sympy.E}
# Functions beyond the model's own: SymPy prints x**(1/2) as sqrt(x), and derivations of
# tanh' use cosh, sinh and |x|. All are real-valued on the reals or refused later.
EXTRA_FUNCTIONS = {"sqrt": sympy.sqrt, "Abs": sympy.Abs, "abs": sympy.Abs,
                    "cosh": sympy.cosh, "sinh": sympy.sinh, "atanh": sympy.atanh}
_DERIVATIVES = {"Derivative", "diff", "D", "Diff", "derivative", "grad", "Gradient"}
_FORBIDDEN_NODES = {
    ast.Attribute: "attribute access with '.' is not allowed in an answer",
    ast.Subscript: "indexing with [ ] is not allowed; write h_tm1 for h at step t-1",
    ast.Lambda: "lambda is not allowed in an answer",
    ast.ListComp: "comprehensions are not allowed in an answer",
    ast.SetComp: "comprehensions are not allowed in an answer",
    ast.DictComp: "comprehensions are not allowed in an answer",
    ast.GeneratorExp: "comprehensions are not allowed in an answer",
    ast.List: "square brackets are not allowed in a text answer; use ( ) to group",
    ast.Set: "curly braces are not allowed in a text answer; use ( ) to group",
    ast.Dict: "curly braces are not allowed in a text answer; use ( ) to group",
    ast.Compare: "comparisons (==, <, >) are not part of an expression; write one side only",
    ast.BoolOp: "'and'/'or' are not allowed in an answer",
    ast.IfExp: "'if ... else' is not allowed in an answer",
    ast.NamedExpr: "':=' is not allowed in an answer",
    ast.Starred: "'*' unpacking is not allowed in an answer",
    ast.JoinedStr: "text in quotes is not allowed in an answer",
    ast.Await: "'await' is not allowed in an answer",
    ast.Yield: "'yield' is not allowed in an answer",
    ast.YieldFrom: "'yield' is not allowed in an answer",
    ast.Slice: "slices are not allowed in an answer",
}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


class _Offsets:
    """Converts (lineno, col_offset) of the rewritten text to offsets in the answer."""

    def __init__(self, text: str, back: list[int]):
        self.starts = [0]
        for line in text.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.back = back

    def __call__(self, lineno: int | None, col: int | None) -> int | None:
        if lineno is None or col is None:
            return None
        i = self.starts[min(lineno - 1, len(self.starts) - 1)] + max(col, 0)
        return self.back[min(i, len(self.back) - 1)]


def _syntax_error(err: SyntaxError, source: str, where: _Offsets) -> SyntaxProblem:
    pos = where(err.lineno, (err.offset or 1) - 1)
    msg = err.msg or "invalid syntax"
    at = f" at character {pos + 1}" if pos is not None else ""
    if "was never closed" in msg:
        msg = f"the bracket {msg.split()[0]}{at} is never closed"
    elif msg.startswith("unmatched") or msg.startswith("closing parenthesis"):
        msg = f"the bracket {msg.split()[-1] if msg.startswith('unmatched') else ''}{at} " \
              "has no matching opening bracket"
        msg = msg.replace("  ", " ")
    elif "decimal literal" in msg:
        msg = f"a number is followed directly by a name{at}; write * between them (2*x)"
    elif "unexpected EOF" in msg or "incomplete input" in msg:
        msg = "the answer ends too early (is a bracket or operand missing?)"
    else:
        msg = f"the answer is not a valid expression{at} ({msg})"
    return SyntaxProblem(msg, pos)


def derivative_of(name: str, fn):
    """The derivative of a whitelisted one-argument function, as a function (sigma' etc.)."""
    x = sympy.Dummy("x", real=True)
    d = sympy.diff(fn(x), x)
    return sympy.Lambda(x, d)


def parse_text(text: str, vocab: Vocabulary, limits: Limits = DEFAULT) -> sympy.Expr:
    """Parse a SymPy-style text answer into a SymPy expression, or raise AnswerError."""
    if not text or not text.strip():
        raise EmptyAnswer("the answer is empty", None)
    prescan(text, limits)
    text = _primes(text)
    source, back = _rewrite_tokens(text, vocab.functions)
    where = _Offsets(source, back)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as err:
        stripped = text.rstrip()
        if stripped[-1] in "+-*/^,":
            raise SyntaxProblem(f"the answer ends with '{stripped[-1]}'; something is "
                                "missing after it", len(stripped) - 1) from None
        raise _syntax_error(err, source, where) from None
    except (RecursionError, MemoryError):
        raise TooDeep("the answer is nested too deeply to read", None) from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > limits.max_nodes:
        raise TooLarge(f"the answer has {nodes} parts; the limit is {limits.max_nodes}", None)
    _depth(tree, limits.max_depth)
    return _Builder(vocab, limits, where).visit(tree.body)


class _Builder:
    def __init__(self, vocab: Vocabulary, limits: Limits, where: _Offsets):
        self.vocab, self.limits, self.where = vocab, limits, where
        self.in_sum = False

    def pos(self, node: ast.AST) -> int | None:
        return self.where(getattr(node, "lineno", None), getattr(node, "col_offset", None))

    def visit(self, node: ast.AST) -> sympy.Expr:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            msg = _FORBIDDEN_NODES.get(type(node),
                                       f"'{type(node).__name__}' is not allowed in an answer")
            raise ForbiddenConstruct(msg, self.pos(node), code="construct")
        return method(node)

    def visit_BinOp(self, node: ast.BinOp) -> sympy.Expr:
        if isinstance(node.op, ast.Pow) or isinstance(node.op, ast.BitXor):
            return build.power(self.visit(node.left), self.visit(node.right),
                               self.pos(node.right), self.limits)
        if not isinstance(node.op, _BINOPS):
            raise ForbiddenConstruct(
                f"the operator '{_OP_TEXT.get(type(node.op), '?')}' is not allowed; "
                "use + - * / and ** (or ^)", self.pos(node), code="operator")
        # Flatten a left chain a+b-c... iteratively: long sums must not recurse deeply.
        terms, ops, left = [node.right], [node.op], node.left
        while (isinstance(left, ast.BinOp) and isinstance(left.op, _BINOPS)
               and _level(left.op) == _level(node.op)):
            terms.append(left.right)
            ops.append(left.op)
            left = left.left
        operands, between = [left, *reversed(terms)], list(reversed(ops))
        derivative = self.ratio(operands[0], operands[1]) \
            if isinstance(between[0], ast.Div) else None
        value = derivative if derivative is not None else self.visit(left)
        for k, (op, term) in enumerate(zip(between, operands[1:])):
            if derivative is not None:      # this operand was the ratio's denominator
                derivative = None
                continue
            if isinstance(op, ast.Mult) and k + 1 < len(between) \
                    and isinstance(between[k + 1], ast.Div):
                derivative = self.ratio(term, operands[k + 2])
                if derivative is not None:
                    value = value * derivative
                    continue
            rhs = self.visit(term)
            if isinstance(op, ast.Add):
                value = value + rhs
            elif isinstance(op, ast.Sub):
                value = value - rhs
            elif isinstance(op, ast.Mult):
                value = value * rhs
            else:
                if rhs == 0:
                    raise ForbiddenConstruct("division by zero", self.pos(term),
                                             code="division_by_zero")
                value = value / rhs
        return value

    def ratio(self, top: ast.AST, bottom: ast.AST) -> sympy.Expr | None:
        """dL/dh_t (the gradient) and dC_t/di_t (a local partial of the model), written as
        a ratio of differentials; None when the two operands are not that."""
        if not (isinstance(top, ast.Name) and isinstance(bottom, ast.Name)):
            return None
        num, den = _differential_name(top.id), _differential_name(bottom.id)
        if num is None or den is None or den not in self.vocab:
            return None
        if num in ("L", "E", "J"):
            target = "grad_" + den
            if target not in self.vocab:
                return None
            note(f"{top.id}/{bottom.id}", target)
            return self.vocab.lookup(target)
        if num not in self.vocab or self.vocab.partial is None:
            return None
        from .local_partials import NotLocal
        try:
            value = self.vocab.partial(self.vocab.lookup(num), self.vocab.lookup(den),
                                       lambda n: n)
        except NotLocal as err:
            raise ForbiddenConstruct(f"{top.id}/{bottom.id}: {err}", self.pos(top),
                                     code="not_local") from None
        note(f"{top.id}/{bottom.id}", f"the partial of {num} by {den}")
        return value

    def visit_UnaryOp(self, node: ast.UnaryOp) -> sympy.Expr:
        if isinstance(node.op, ast.USub):
            return -self.visit(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.visit(node.operand)
        raise ForbiddenConstruct(f"the operator '{_OP_TEXT.get(type(node.op), '?')}' is not "
                                 "allowed in an answer", self.pos(node), code="operator")

    def visit_Constant(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise ForbiddenConstruct(f"'{value}' is not a number", self.pos(node),
                                     code="constant")
        if isinstance(value, (str, bytes)):
            raise ForbiddenConstruct("text in quotes is not allowed in an answer",
                                     self.pos(node), code="string")
        if isinstance(value, complex):
            raise ForbiddenConstruct("complex numbers (such as 2j) are not allowed",
                                     self.pos(node), code="complex")
        return build.number(value, self.pos(node), self.limits)

    def visit_Name(self, node: ast.Name) -> sympy.Expr:
        name = node.id
        symbol = self.vocab.lookup(name)
        if symbol is not None:
            return symbol
        pos = self.pos(node)
        if name.startswith("_"):
            raise ForbiddenConstruct(f"names starting with '_' (such as {name}) are not allowed",
                                     pos, code="underscore")
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name == "e":   # Euler's number: no quantity of the model is called e
            return sympy.E
        meant = variant_reading(name, self.vocab)
        if meant is not None:
            note(name, meant)
            return self.vocab.lookup(meant)
        if self.in_sum and name == "t":
            return T_INDEX
        if self.in_sum and name == "T":
            return T_HORIZON
        if name in self.vocab.functions or name in EXTRA_FUNCTIONS:
            raise SyntaxProblem(f"{name} is a function; write {name}(...)", pos,
                                code="function_as_value")
        if name in _DERIVATIVES:
            raise _derivative(pos)
        return self.unknown(name, pos)

    def unknown(self, name: str, pos: int | None) -> AnswerError:
        two = self.vocab.ambiguity(name, self.vocab.alias_readings(name), latex=False)
        if two:
            raise Ambiguous(two, pos)
        suggestions = self.vocab.suggest(name)
        msg = f"'{name}' is not a quantity this question knows"
        if suggestions:
            msg += f"; did you mean {' or '.join(suggestions)}?"
        if name.endswith("_T"):
            msg += (" (T is the last step of the sequence; write quantities at the step t the "
                    "question is about)")
        raise UnknownSymbol(msg, pos, name=name, suggestions=suggestions)

    def visit_Call(self, node: ast.Call) -> sympy.Expr:
        pos = self.pos(node)
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise ForbiddenConstruct(_FORBIDDEN_NODES[ast.Attribute], self.pos(node.func),
                                         code="construct")
            raise ForbiddenConstruct("only named functions such as tanh(...) may be called",
                                     pos, code="call")
        name = node.func.id
        if node.keywords:
            raise ForbiddenConstruct(f"keyword arguments (name=value) are not allowed in "
                                     f"{name}(...)", self.pos(node.keywords[0].value),
                                     code="keyword")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise ForbiddenConstruct("'*' unpacking is not allowed in an answer", pos,
                                     code="construct")
        if name in _DERIVATIVES:
            raise _derivative(pos)
        if name == "Sum":
            return self.sum(node)
        primes = len(name) - len(name.rstrip(PRIME))
        if primes:
            return self.prime(name[:-primes], primes, node)
        fn = self.vocab.function(name) or EXTRA_FUNCTIONS.get(name)
        if fn is None:
            if name.startswith("_"):
                raise ForbiddenConstruct(
                    f"names starting with '_' (such as {name}) are not allowed", pos,
                    code="underscore")
            if name in self.vocab:
                raise SyntaxProblem(
                    f"{name} is a quantity, not a function; to multiply write {name}*(...)",
                    pos, code="implicit_multiplication")
            valid = ", ".join(sorted(self.vocab.functions))
            raise UnknownFunction(f"'{name}' is not a function you can use; the functions "
                                  f"are {valid}", pos)
        args = [self.visit(a) for a in node.args]
        return build.call(name, fn, args, pos, self.limits)

    def prime(self, name: str, primes: int, node: ast.Call) -> sympy.Expr:
        pos = self.pos(node)
        fn = self.vocab.function(name) or EXTRA_FUNCTIONS.get(name)
        if fn is None:
            raise UnknownFunction(f"{name}' is the derivative of '{name}', which is not a "
                                  "function you can use", pos)
        if primes > 1:
            raise ForbiddenConstruct(f"{name}{chr(39) * primes}: only first derivatives are "
                                     "understood", pos, code="derivative")
        args = [self.visit(a) for a in node.args]
        return build.call(f"{name}'", derivative_of(name, fn), args, pos, self.limits)

    def sum(self, node: ast.Call) -> sympy.Expr:
        pos = self.pos(node)
        if not self.vocab.allow_sum:
            raise ForbiddenConstruct("a sum over time is not expected in this answer", pos,
                                     code="sum")
        if self.in_sum:
            raise ForbiddenConstruct("a sum over t inside another sum over t is not allowed",
                                     pos, code="nested_sum")
        if len(node.args) != 2:
            raise WrongArity("Sum takes 2 arguments: Sum(expression, (t, 1, T))", pos)
        body, spec = node.args
        if not (isinstance(spec, ast.Tuple) and len(spec.elts) == 3
                and isinstance(spec.elts[0], ast.Name) and spec.elts[0].id == "t"):
            raise SyntaxProblem("the second argument of Sum must be (t, first, last), "
                                "for example (t, 1, T)", self.pos(spec), code="sum_limits")
        self.in_sum = True
        try:
            summand = self.visit(body)
            lower, upper = self.visit(spec.elts[1]), self.visit(spec.elts[2])
        finally:
            self.in_sum = False
        return build.time_sum(summand, lower, upper, pos)

    def visit_Tuple(self, node: ast.Tuple) -> sympy.Expr:
        raise ForbiddenConstruct("a list of values separated by commas is not an expression "
                                 "(tuples only appear as the limits of Sum)", self.pos(node),
                                 code="tuple")


def variant_reading(name: str, vocab: Vocabulary) -> str | None:
    """The model name a variant spelling stands for (c_t for C_t, a_t for h_t, dh_t for
    grad_h_t), or None; Ambiguous when it has several readings. Only names that are not
    the vocabulary's own, nor constants, get here; quick.py's spelling table is made of
    what this returns, so a command-line check reads names as the parser does."""
    return vocab.lookup_variant(name) or _shorthand_gradient(name, vocab)


def _differential_name(name: str) -> str | None:
    """'dC_t' -> 'C_t', 'dL' -> 'L' (the name after a differential's d), else None."""
    if name.startswith("d") and len(name) > 1 and name != "delta":
        return name[2:] if name.startswith("d_") else name[1:]
    return None


def _shorthand_gradient(name: str, vocab: Vocabulary) -> str | None:
    """dh_t, dC_tm1, dW_hf, delta_h_t: the gradient of a model quantity (code and lecture
    notes write it so). Only when the rest of the name is exactly one quantity."""
    for prefix in ("delta_", "d_", "d"):
        if name.startswith(prefix) and len(name) > len(prefix):
            rest = _step_word(name[len(prefix):], name, vocab)
            target = rest if rest in vocab else vocab.lookup_variant(rest)
            if target is not None and not target.startswith("grad_") \
                    and "grad_" + target in vocab:
                return "grad_" + target
            two = vocab.ambiguity(name, vocab.alias_readings("grad_" + rest), latex=False)
            if two:      # ds_t: the gradient of a textbook name with two readings
                raise Ambiguous(two, None)
    return None


def _step_word(rest: str, written: str, vocab: Vocabulary) -> str:
    """Step code's names: prev_c / c_prev is c at t-1; next_c / c_next has two readings."""
    import re
    m = re.fullmatch(r"(?:(prev|next)_([A-Za-z]+)|([A-Za-z]+)_(prev|next))", rest)
    if not m:
        return rest
    word, base = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    if word == "prev":
        return f"{base}_tm1"
    now = next((n for n in (f"{base}_t", vocab.lookup_variant(f"{base}_t")) if n in vocab),
               f"{base}_t")
    later = now[:-2] + "_tp1"
    raise Ambiguous(f"'{written}' has two readings: the gradient of {now}, the value a step "
                    f"hands on (as next_{base} in step code), or of {later}, that of the next "
                    f"step; write grad_{now} or grad_{later}", None)


def _derivative(pos: int | None) -> ForbiddenConstruct:
    return ForbiddenConstruct("an answer may not contain a derivative to be evaluated; "
                              "write the derivative out", pos, code="derivative")


_OP_TEXT = {ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<",
            ast.RShift: ">>", ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@",
            ast.Invert: "~", ast.Not: "not"}
