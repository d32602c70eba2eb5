"""Reading expression and derivation answers statically, without running anything.

In a code cell the answer is the string literal assigned to a variable
(`answer = r"..."`), found with `ast` (never evaluated: only literal constants are
accepted). In a markdown cell it is the cell's text, without nbgrader's placeholder.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .submissions import Cell

PLACEHOLDERS = ("YOUR ANSWER HERE", "YOUR CODE HERE", "raise NotImplementedError()")


@dataclass
class Answer:
    text: str = ""
    problem: str = ""        # a sentence for the student when there is no usable answer


def _strip_placeholders(text: str) -> str:
    for p in PLACEHOLDERS:
        text = text.replace(p, "")
    return text.strip()


def _literal(node, depth: int = 0) -> str | None:
    """A string constant, or a concatenation of them ("a" + "b"). The left spine of a long
    chain is walked in a loop and the right side only a few levels deep, so a hostile
    chain of thousands of pieces cannot exhaust the stack."""
    parts = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        right = _literal(node.right, depth + 1) if depth < 20 else None
        if right is None:
            return None
        parts.append(right)
        node = node.left
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return None
    parts.append(node.value)
    return "".join(reversed(parts))


def _code_answer(source: str) -> Answer:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as e:
        return Answer(problem=f"the answer cell is not valid Python (line {e.lineno}: {e.msg}); "
                              'write the answer as a string, e.g. answer = r"..."')
    except (RecursionError, MemoryError, ValueError):   # Python's own parser gives up
        return Answer(problem="the answer cell is too large or too deeply nested to be read; "
                              'write the answer as one short string, e.g. answer = r"..."')
    found: list[str] = []
    non_literal = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = _literal(node.value)
            if value is not None:
                found.append(value)
            else:
                non_literal.append(node.lineno)
        elif isinstance(node, ast.Expr) and _literal(node.value) is not None and found == []:
            found.append(_literal(node.value))          # a bare string as the whole cell
    if found:
        text = found[-1].strip()        # r"""\n...\n""": positions in messages count from the answer
        if not _strip_placeholders(text):
            return Answer(problem="the answer is still empty")
        return Answer(text)
    if any(isinstance(n, ast.Raise) for n in tree.body):
        return Answer(problem="the question was not answered (the cell still raises NotImplementedError)")
    if non_literal:
        return Answer(problem=f"the answer on line {non_literal[0]} is not a plain string; the grader "
                              'reads only string literals, e.g. answer = r"grad_h_t*o_t"')
    return Answer(problem='no answer found in the cell; assign it as a string, e.g. answer = r"..."')


def _markdown_answer(source: str) -> Answer:
    text = _strip_placeholders(source)
    text = re.sub(r"^\s*#+ .*$", "", text, flags=re.M).strip()   # a heading is not the answer
    if not text:
        return Answer(problem="the question was not answered (the cell is empty)")
    return Answer(text)


def read_answer(cell: Cell) -> Answer:
    if cell.kind == "code":
        return _code_answer(cell.source)
    if "=" in cell.source:      # a code answer cell turned into markdown still holds answer = r"..."
        as_code = _code_answer(cell.source)
        if as_code.text:
            return as_code
    return _markdown_answer(cell.source)
