"""The assignments the grader knows and the model each one is about."""
from __future__ import annotations

from .models import LSTM_UNIVARIATE, RNN, Model

ASSIGNMENT_MODELS: dict[str, Model] = {
    "lstm_univariate": LSTM_UNIVARIATE,
    "rnn_bptt": RNN,
}


def model_for(assignment: str) -> Model:
    try:
        return ASSIGNMENT_MODELS[assignment]
    except KeyError:
        raise KeyError(
            f"unknown assignment {assignment!r}; known assignments: {', '.join(sorted(ASSIGNMENT_MODELS))}"
        ) from None


def check_answer(assignment: str, question: str, text: str, *, last_step: bool = False):
    """Check an answer to a question named by its reference (e.g. grad_C_t)."""
    from .derive.references import resolve
    from .expressions.check import PartialCredit, check_derivation, check_expression
    from .expressions.parse import parse_lines

    from .derive.references import PATH, path_reference

    model = model_for(assignment)
    if question.startswith(PATH):
        path_reference(model, question)
    else:
        resolve(model, question)  # unknown questions: a usage error that lists the valid ones
    partial = PartialCredit(per_branch=True)
    if len(parse_lines(text)) > 1:
        return check_derivation(model, question, text, last_step=last_step, partial=partial)
    return check_expression(model, question, text, last_step=last_step, partial=partial)


def list_assignments() -> list[str]:
    from .derive.references import question_names

    lines = []
    for name, model in ASSIGNMENT_MODELS.items():
        lines.append(f"{name}  ({model.title})")
        lines.append("  questions: " + ", ".join(question_names(model)))
    return lines


def demo() -> int:
    """The main job: grade the bundled sample submissions of every assignment (the
    solutions and the wrong submissions) and show the table and where the reports are."""
    from .grading.demo import run

    return run()


def references_table() -> int:
    """Print the derived references of the univariate LSTM, both forms."""
    from rich.console import Console
    from rich.table import Table

    from .derive.printing import to_text
    from .derive.references import question_names, reference

    model = LSTM_UNIVARIATE
    table = Table(title=f"References derived from the model: {model.title}", show_lines=True)
    table.add_column("gradient")
    table.add_column("general step t < T (one level)")
    table.add_column("last step t = T (expanded)")
    for q in question_names(model):
        if q.endswith("_tm1"):
            continue
        general = to_text(reference(model, q))
        if q.startswith("grad_W") or q.endswith("_0"):
            last = to_text(reference(model, q, "expanded", horizon=1))
        else:
            last = to_text(reference(model, q, "expanded", last_step=True))
        table.add_row(q, general, last)
    Console(width=200).print(table)
    return 0
