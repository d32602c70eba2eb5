"""The quick check: an answer that is right, decided without SymPy.

`autograder check` is what a student runs again and again, and importing SymPy is most of
its time. For one question, an *entry* (quick_entry.py builds it with the full grader)
holds the values of the model's quantities at several consistent states, the reference's
value at each, and the spellings the parser accepts for those quantities (c_t, dh_t, ...).
An answer written in a strict subset of the text notation is read here with the parser's
own token rules (text_tokens.py), one in a strict subset of LaTeX by quick_latex.py, and
evaluated at the entry's precision (60 digits); it is called right only when it equals the
reference at every state within a tolerance tighter than any number it writes could hide a
difference in.

Anything else gives None, and the full grader decides: a wrong answer (it has the
diagnosis), LaTeX outside the subset, prose, an equation, a name not in the table, a constant computed from
several numbers (1/10**25), a ratio that may be a derivative (dL/dh_t), a value that is
undefined at a state, anything the parser would refuse (an exp tower, a power of a power).
So `check` never calls an answer wrong or invalid, and what it calls right the full grader
calls right with the same words. `evaluate` gives an answer's values at the states, which
a student's install judges wrong answers by (sealed.quick_verdict).
"""
from __future__ import annotations

import ast

from . import quick_latex
from .errors import AnswerError
from .latex_tokens import looks_like_latex
from .limits import DEFAULT, prescan
from .text_tokens import PRIME, depth, primes, rewrite_tokens

FORMAT = 1
# every literal's digits are added to the tolerance's exponent; past this, the full grader
MAX_LITERAL_DIGITS = 20
MAX_LITERAL = 10 ** 6
MAX_POWER = 9
# the text reader's own words for functions (the model's and parse_text.EXTRA_FUNCTIONS);
# quick_entry.py keeps those the vocabulary does not define otherwise
FUNCTIONS = ("tanh", "sigma", "sigmoid", "exp", "log", "sech", "cosh", "sinh", "sqrt", "Abs", "abs")
_NOT_QUICK = set("=$\\{}[]\n\r&%;:'\"")   # ' is fine only as a prime, which primes() turns


# an entry is a file in the user's cache: one that is not what quick_entry.py writes is
# passed over, never an error
_BROKEN_ENTRY = (KeyError, TypeError, AttributeError, IndexError, ValueError)


class _Decline(Exception):
    """The answer is not in the quick subset: the full grader reads it."""


def check(entry: dict, text: str) -> dict | None:
    """{'score', 'feedback', 'points', 'read_as'} when the answer is right, else None."""
    found = evaluate(entry, text)
    if found is None:
        return None
    got, literal_digits, notes = found
    import mpmath

    try:
        with mpmath.workdps(entry["dps"]):
            tol = mpmath.mpf(10) ** -(entry["tolerance_digits"] + literal_digits)
            for value, state in zip(got, entry["states"]):
                want = mpmath.mpf(state["reference"])
                scale = max(abs(value), abs(want))
                if scale != 0 and abs(value - want) > tol * scale:
                    return None
    except _BROKEN_ENTRY:
        return None
    read_as = [{"written": w, "read_as": m} for w, m in notes]
    feedback = "Correct."
    if notes:
        feedback += " (Read " + ", ".join(f"{w} as {m}" for w, m in notes) + ".)"
    return {"score": 1.0, "feedback": feedback, "points": len(entry["states"]), "read_as": read_as}


def evaluate(entry: dict, text: str):
    """(the answer's value at each of the entry's states, the digits of its numbers, the
    (written, read as) notes), or None: not in the subset, or undefined somewhere."""
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or not entry.get("states"):
        return None
    try:
        tree, literal_digits, notes = _read(entry, text)
        import mpmath

        with mpmath.workdps(entry["dps"]):
            got = []
            for state in entry["states"]:
                values = state["values"]
                if any(name not in values for name in _names(tree)):
                    return None
                got.append(_value(tree, values, mpmath))
        return got, literal_digits, notes
    except (_Decline, AnswerError, SyntaxError, ValueError, ArithmeticError, RecursionError,
            MemoryError, OverflowError, *_BROKEN_ENTRY):
        return None


def _read(entry: dict, text: str):
    if not text or not text.isascii():
        raise _Decline
    prescan(text, DEFAULT)
    if looks_like_latex(text):
        try:
            node, reader = quick_latex.read(entry, text, _Reader)
        except quick_latex.Decline:
            raise _Decline from None
        _whole_tree_rules(node, reader)
        return node, reader.digits, reader.notes
    if any(ch in _NOT_QUICK for ch in text.replace("'", "")):
        raise _Decline
    source, _ = rewrite_tokens(primes(text), entry["functions"])
    tree = ast.parse(source, mode="eval")
    if sum(1 for _ in ast.walk(tree)) > DEFAULT.max_nodes:      # counted as the parser counts
        raise _Decline
    depth(tree, DEFAULT.max_depth)
    reader = _Reader(entry["spellings"], set(entry["quick_functions"]))
    node = reader.visit(tree.body)
    _whole_tree_rules(node, reader)
    return node, reader.digits, reader.notes


def _whole_tree_rules(node, reader) -> None:
    """What the parser refuses or the full grader must weigh, seen on the whole tree."""
    if _exp_depth(node) > DEFAULT.max_exp_nesting:     # the parser refuses an exp tower
        raise _Decline
    if not reader.names:              # a number is no answer: the full grader says so
        raise _Decline
    _no_constant_part(node)


def _no_constant_part(node) -> None:
    """A part computed from numbers alone (1/2, 10**-25, tanh(3)) is the full grader's: it
    picks the precision that resolves it; and (x**9)**9 is x**81 to SymPy, past the
    parser's exponent limit."""
    if node[0] in ("num", "name"):
        return
    if node[0] == "neg" and node[1][0] == "num":
        return
    if not _has_name(node):
        raise _Decline
    if node[0] == "pow" and node[1][0] == "pow":
        raise _Decline
    for part in node[1:]:
        if isinstance(part, tuple):
            _no_constant_part(part)


class _Reader:
    """The syntax tree as nested tuples, in the strict subset; names resolved by the table."""

    def __init__(self, spellings: dict, functions: set, allowed=None):
        self.spellings, self.functions = spellings, functions
        # the names an answer may use: the table's (quick_latex.py passes the same set)
        self.allowed = allowed if allowed is not None else {m for m, _ in spellings.values()}
        self.digits, self.names, self.notes = 0, set(), []

    def visit(self, node):
        if isinstance(node, ast.BinOp):
            if not any(isinstance(n, ast.Name) for n in ast.walk(node)):
                raise _Decline          # 1/2, 10**-25: the full grader sets the precision
            op = type(node.op)
            if op is ast.Pow:
                if isinstance(node.left, ast.BinOp) and isinstance(node.left.op, ast.Pow):
                    raise _Decline      # (x**9)**9 is x**81 to SymPy, past the parser's limit
                return ("pow", self.visit(node.left), self.power(node.right))
            if op is ast.Div and isinstance(node.right, ast.Name) and node.right.id.startswith("d"):
                raise _Decline          # dC_t/di_t, dL/dh_t: the parser reads a derivative
            if op not in _OPS:
                raise _Decline
            return (_OPS[op], self.visit(node.left), self.visit(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in (ast.USub, ast.UAdd):
            inner = self.visit(node.operand)
            return ("neg", inner) if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Constant):
            return ("num", self.literal(node.value))
        if isinstance(node, ast.Name):
            found = self.spellings.get(node.id)
            if found is None:
                raise _Decline
            meant, noted = found
            if noted:
                self.noted(node.id, meant)
            return self.named(meant)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1 \
                and not node.keywords and not isinstance(node.args[0], ast.Starred):
            name = node.func.id
            prime = name.endswith(PRIME)
            base = name[:-1] if prime else name
            if PRIME in base:
                raise _Decline
            self.function_of(base, prime)
            return self.call(base, prime, self.visit(node.args[0]))
        raise _Decline

    # -- shared with quick_latex.py --------------------------------------------------
    def named(self, name: str):
        if name not in self.allowed:
            raise _Decline
        self.names.add(name)
        return ("name", name)

    def noted(self, written: str, meant: str) -> None:
        if (written, meant) not in self.notes:
            self.notes.append((written, meant))

    def function_of(self, base: str, prime: bool) -> str:
        name = base + PRIME * prime
        if base not in self.functions or name not in _FUNCTION_VALUES:
            raise _Decline
        return name

    def call(self, base: str, prime: bool, arg):
        name = self.function_of(base, prime)
        if not _has_name(arg):
            raise _Decline          # tanh(3), exp(-100): the full grader sets the precision
        return ("call", name, arg)

    def power_of(self, value: int) -> int:
        if not 0 <= value <= MAX_POWER:
            raise _Decline
        return self.literal(value)

    def literal(self, value) -> int:
        if type(value) is not int or value >= MAX_LITERAL:
            raise _Decline
        self.digits += len(str(value))
        if self.digits > MAX_LITERAL_DIGITS:
            raise _Decline
        return value

    def power(self, node) -> int:
        if not (isinstance(node, ast.Constant) and type(node.value) is int):
            raise _Decline
        return self.power_of(node.value)


_OPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div"}


def _has_name(node) -> bool:
    if node[0] == "name":
        return True
    return any(isinstance(part, tuple) and _has_name(part) for part in node[1:])


def _exp_depth(tree) -> int:
    inner = max((_exp_depth(part) for part in tree[1:] if isinstance(part, tuple)), default=0)
    return inner + (tree[0] == "call" and tree[1] in ("exp", "exp" + PRIME))


def _names(tree):
    if tree[0] == "name":
        yield tree[1]
    for part in tree[1:]:
        if isinstance(part, tuple):
            yield from _names(part)


def _value(tree, values: dict, mp):
    kind = tree[0]
    if kind == "num":
        return mp.mpf(tree[1])
    if kind == "name":
        return mp.mpf(values[tree[1]])
    if kind == "neg":
        return -_value(tree[1], values, mp)
    if kind == "pow":
        return _value(tree[1], values, mp) ** tree[2]
    if kind == "call":
        x = _value(tree[2], values, mp)
        return _FUNCTION_VALUES[tree[1]](x, mp)
    a, b = _value(tree[1], values, mp), _value(tree[2], values, mp)
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if b == 0:
        raise _Decline
    return a / b


def _log(x, mp):
    if x <= 0:
        raise _Decline       # no real value: the full grader says so
    return mp.log(x)


def _sqrt(x, mp):
    if x < 0:
        raise _Decline
    return mp.sqrt(x)


def _sigma(x, mp):
    return 1 / (1 + mp.exp(-x))


def _inverse(x, mp):
    if x == 0:
        raise _Decline
    return 1 / x


_FUNCTION_VALUES = {
    "tanh": lambda x, mp: mp.tanh(x),
    "tanh" + PRIME: lambda x, mp: 1 - mp.tanh(x) ** 2,
    "sigma": _sigma, "sigmoid": _sigma,
    "sigma" + PRIME: lambda x, mp: _sigma(x, mp) * (1 - _sigma(x, mp)),
    "sigmoid" + PRIME: lambda x, mp: _sigma(x, mp) * (1 - _sigma(x, mp)),
    "exp": lambda x, mp: mp.exp(x),
    "exp" + PRIME: lambda x, mp: mp.exp(x),
    "log": _log,
    "log" + PRIME: _inverse,
    "sech": lambda x, mp: mp.sech(x),
    "cosh": lambda x, mp: mp.cosh(x),
    "sinh": lambda x, mp: mp.sinh(x),
    "sqrt": _sqrt,
    "Abs": lambda x, mp: abs(x), "abs": lambda x, mp: abs(x),
}
