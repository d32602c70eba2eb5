"""Every way an answer can fail to parse, as a class the grader can show a student.

Each error carries a student-facing sentence (`message`), where in the answer the
problem is (`position`, a 0-based character offset, or None) and a short machine
code (`code`) for feedback rules and statistics.
"""
from __future__ import annotations


class AnswerError(Exception):
    """Base class: the answer could not be turned into an expression."""

    code = "invalid"

    def __init__(self, message: str, position: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def render(self, text: str) -> str:
        """The message followed by the answer with a caret under the culprit."""
        if self.position is None:
            return self.message
        return f"{self.message}\n{caret(text, self.position)}"


class EmptyAnswer(AnswerError):
    code = "empty"


class SyntaxProblem(AnswerError):
    code = "syntax"


class UnknownSymbol(AnswerError):
    code = "unknown_symbol"

    def __init__(self, message, position=None, code=None, *, name: str = "", suggestions=()):
        super().__init__(message, position, code)
        self.name = name
        self.suggestions = tuple(suggestions)


class Ambiguous(AnswerError):
    """Notation with two plausible readings; the message names both."""

    code = "ambiguous"


class UnknownFunction(AnswerError):
    code = "unknown_function"


class WrongArity(AnswerError):
    code = "wrong_arity"


class ForbiddenConstruct(AnswerError):
    code = "forbidden"


class TooLarge(AnswerError):
    code = "too_large"


class TooDeep(AnswerError):
    code = "too_deep"


class NumberTooBig(AnswerError):
    code = "number_too_big"


class Unsupported(AnswerError):
    """A LaTeX command (or construct) this grader does not read."""

    code = "unsupported"


def caret(text: str, position: int | None, width: int = 72) -> str:
    """Show the line of `text` holding `position` with a ^ under that character.

    Long lines are cut to a window around the position so the caret stays visible.
    """
    if position is None:
        return text
    position = max(0, min(position, len(text)))
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    if end == -1:
        end = len(text)
    line, col = text[start:end], position - start
    if len(line) > width:
        left = max(0, min(col - width // 2, len(line) - width))
        prefix = "..." if left > 0 else ""
        suffix = "..." if left + width < len(line) else ""
        line = prefix + line[left:left + width] + suffix
        col = col - left + len(prefix)
    line = line.expandtabs(1) if "\t" in line else line
    return f"{_visible(line)}\n{' ' * col}^"


def _visible(line: str) -> str:
    """The line with invisible, combining and direction-changing characters shown as '?', so
    the echo of an answer cannot reorder or hide the feedback and the caret stays aligned."""
    import unicodedata
    if line.isascii():
        return line
    return "".join("?" if unicodedata.category(ch)[0] in "CMZ" and ch != " " else ch for ch in line)
