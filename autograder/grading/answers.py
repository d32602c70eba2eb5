"""Reading expression and derivation answers, the one reader of the grader and the local check.

- The answer is the value of the answer cell's variable (the spec question's `variable`, the
  name the released cell assigns: `grad_W = r"..."`). The grader finds the last assignment
  to that name with `ast` (never evaluated: only string literals are accepted); the local
  check receives the same string from the student's kernel. Other strings in the cell are
  not the answer.
- A markdown answer cell: its text.
- One placeholder rule for both (`answer_from_text`): lines that start with `#` are comments
  (the released cell leaves `# YOUR ANSWER HERE` there), and so are lines holding only
  nbgrader's placeholder; an answer empty after removing them is not answered.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .submissions import Cell

PLACEHOLDERS = ("YOUR ANSWER HERE", "YOUR CODE HERE")
NOT_ANSWERED = "the question was not answered (the answer is still empty)"


@dataclass
class Answer:
    text: str = ""
    problem: str = ""        # a sentence for the student when there is no usable answer

    @property
    def answered(self) -> bool:
        return bool(self.text)


def answer_from_text(raw: str) -> Answer:
    """The answer in a string as the student wrote it, without comments and placeholders."""
    kept = [ln for ln in raw.splitlines()
            if not ln.lstrip().startswith("#") and ln.strip() not in PLACEHOLDERS]
    text = "\n".join(kept).strip()
    return Answer(text) if text else Answer(problem=NOT_ANSWERED)


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


def _assigns(node, variable: str) -> bool:
    """Whether this top-level statement binds `variable` (plainly or otherwise)."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    else:
        return False
    return any(isinstance(n, ast.Name) and n.id == variable
               for t in targets for n in ast.walk(t))


def _example(variable: str) -> str:
    return f'{variable} = r"..."'


def _code_answer(source: str, variable: str) -> Answer:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as e:
        return Answer(problem=f"the answer cell is not valid Python (line {e.lineno}: {e.msg}); "
                              f"write the answer as a string, e.g. {_example(variable)}")
    except (RecursionError, MemoryError, ValueError):   # Python's own parser gives up
        return Answer(problem="the answer cell is too large or too deeply nested to be read; "
                              f"write the answer as one short string, e.g. {_example(variable)}")
    bound = [n for n in tree.body if _assigns(n, variable)]
    if not bound:
        if any(isinstance(n, ast.Raise) for n in tree.body):
            return Answer(problem="the question was not answered (the cell still raises NotImplementedError)")
        return Answer(problem=f"no answer found in the cell: the answer is the string assigned to "
                              f"{variable}, e.g. {_example(variable)}")
    last = bound[-1]
    value = _literal(last.value) if isinstance(last, (ast.Assign, ast.AnnAssign)) and last.value else None
    if value is None or (isinstance(last, ast.Assign) and not (
            len(last.targets) == 1 and isinstance(last.targets[0], ast.Name))):
        return Answer(problem=f"the answer on line {last.lineno} is not a plain string; the grader "
                              f"reads only a string assigned to {variable}, e.g. {_example(variable)}")
    return answer_from_text(value)


def _markdown_answer(source: str) -> Answer:
    text = re.sub(r"^\s*#+ .*$", "", source, flags=re.M)    # a heading is not the answer
    return answer_from_text(text)


def read_answer(cell: Cell, variable: str) -> Answer:
    """The answer held by an answer cell; `variable` is the name a code cell assigns it to."""
    if cell.kind == "code":
        return _code_answer(cell.source, variable)
    if re.search(rf"^\s*{re.escape(variable)}\s*=", cell.source, flags=re.M):
        return _code_answer(cell.source, variable)   # a code answer cell turned into markdown
    return _markdown_answer(cell.source)
