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


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):   # "a" + "b"
        left, right = _literal(node.left), _literal(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _code_answer(source: str) -> Answer:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as e:
        return Answer(problem=f"the answer cell is not valid Python (line {e.lineno}: {e.msg}); "
                              'write the answer as a string, e.g. answer = r"..."')
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
        text = found[-1]
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
    return _markdown_answer(cell.source)
