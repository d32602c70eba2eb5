"""The token-level reading of a plain-text answer, before any expression is built: primes
(tanh'(x)), '^' for powers, products written by juxtaposition, and the nesting bound.

SymPy-free on purpose: the parser (parse_text.py) and the quick check of a command-line
answer (quick.py) read the same text the same way through these functions.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize

from .errors import SyntaxProblem, TooDeep

# f'(x) is written with a quote; the quote becomes a letter-like prime of the same
# width (U+02B9, valid in a Python name) so positions stay true and no string is read.
PRIME = "\u02b9"
_KEYWORDS = frozenset({"lambda", "if", "else", "for", "in", "and", "or", "not", "is", "None",
                       "True", "False", "await", "yield"})


def rewrite_tokens(text: str, functions=()) -> tuple[str, list[int]]:
    """Token-level rewrites that keep ordinary notation readable:
    each '^' operator becomes '**' (so it binds like a power), and a product written by
    juxtaposition gets its '*' (`2C_t`, `C_tm1 grad_C_t`, `tanh(C_t)grad_h_t`, `o_t(1-h_t)`
    where o_t is not a function).

    Works on Python tokens, not on the string, and returns a map from offsets in the
    new text back to offsets in the answer so error positions stay true.
    """
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []  # (offset, length replaced, replacement)
    prev = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            at = line_starts[tok.start[0] - 1] + tok.start[1]
            if tok.type == tokenize.OP and tok.string == "^":
                edits.append((at, 1, "**"))
            elif prev is not None and juxtaposed(prev, tok, functions):
                edits.append((at, 0, "*"))
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                prev = tok
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # ast.parse below reports the real problem with its position
    out, back, last = [], [], 0
    for pos, length, repl in edits:
        out.append(text[last:pos])
        back.extend(range(last, pos))
        out.append(repl)
        back.extend([pos] * len(repl))
        last = pos + length
    out.append(text[last:])
    back.extend(range(last, len(text) + 1))
    return "".join(out), back


def juxtaposed(left, right, functions) -> bool:
    """True when two adjacent tokens can only mean a product."""
    ends_operand = (left.type == tokenize.NUMBER
                    or (left.type == tokenize.NAME and left.string not in _KEYWORDS)
                    or (left.type == tokenize.OP and left.string == ")"))
    starts_operand = (right.type in (tokenize.NUMBER, tokenize.NAME) and right.string not in _KEYWORDS) \
        or (right.type == tokenize.OP and right.string == "(")
    if not (ends_operand and starts_operand):
        return False
    if left.type == tokenize.NAME and right.string == "(":
        # f(x) is a call when f is a function (or looks like one: unknown names are
        # reported by the builder); o_t(1 - h_t) is a product when o_t is a quantity
        return left.string not in functions and left.string != "Sum" and "_" in left.string
    return True


def primes(text: str) -> str:
    """tanh'(x) -> tanh\u02b9(x); any other quote is reported where it stands."""
    out = re.sub(r"(?<=[A-Za-z])'(?=\s*\()", PRIME, text)
    out = re.sub(r"(?<=[A-Za-z])''(?=\s*\()", PRIME * 2, out)
    quotes = [k for k, ch in enumerate(out) if ch in "'\""]
    if len(quotes) % 2:   # a lone quote (an even number is a string, refused as such)
        quote = quotes[0]
        raise SyntaxProblem(f"a quote at character {quote + 1}: a prime is only understood right "
                            "after a function name, as in tanh'(C_t)", quote, code="quote")
    return out


def depth(tree: ast.AST, limit: int) -> None:
    """Iteratively bound nesting; a chain a+b+c+... counts as one level, not n."""
    stack = [(tree, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > limit:
            raise TooDeep(f"the answer is nested more than {limit} levels deep",
                          getattr(node, "col_offset", None))
        for child in ast.iter_child_nodes(node):
            same_chain = (isinstance(node, ast.BinOp) and isinstance(child, ast.BinOp)
                          and child is node.left
                          and level(child.op) == level(node.op) != 3)
            stack.append((child, depth if same_chain else depth + 1))


def level(op: ast.operator) -> int:
    if isinstance(op, (ast.Add, ast.Sub)):
        return 1
    if isinstance(op, (ast.Mult, ast.Div)):
        return 2
    return 3
