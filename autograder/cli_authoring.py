"""`validate` and `new`: an instructor's course folder checked, and a new assignment in it."""
from __future__ import annotations

import sys
from pathlib import Path

import click


def _shown(path: Path) -> str:
    """A path as the instructor reads it: relative to here when it is below here."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@click.command()
@click.argument("assignment", required=False)
def validate(assignment):
    """Check the course folder (or one ASSIGNMENT of it): specs, authored notebooks, markers.
    Prints every problem as file:line: message; exits 1 when there is one."""
    from .authoring.validate import assignment_problems, course_problems
    from .grading import spec

    course = spec.assignments_root()
    if assignment:
        if not (course / assignment / "assignment.toml").is_file():
            known = spec.available()
            raise click.UsageError(f"unknown assignment {assignment!r} in {course}; known: "
                                   + (", ".join(known) or "none"))
        problems = assignment_problems(course / assignment)
    else:
        problems = course_problems(course)
    for p in problems:
        click.echo(f"{_shown(p.file)}:{p.line}: {p.message}")
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    checked = [assignment] if assignment else spec.available()
    click.echo(f"{_shown(course)}: {len(checked)} assignment(s), no problems", err=True)


@click.command()
@click.argument("assignment")
@click.option("--model", "model", required=True, metavar="NAME",
              help="The model the questions are about (e.g. lstm_univariate, rnn).")
def new(assignment, model):
    """Create ASSIGNMENT in the course folder: assignment.toml and the authored notebook
    source/ASSIGNMENT.ipynb, one question per gradient of the model, solutions derived."""
    from .authoring.scaffold import ScaffoldError, scaffold
    from .grading import spec

    try:
        written = scaffold(spec.assignments_root(), assignment, model)
    except ScaffoldError as err:
        raise click.UsageError(str(err)) from None
    for path in written:
        click.echo(_shown(path))
