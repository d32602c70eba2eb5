"""`key`: the instructor's answer key of an assignment."""
from __future__ import annotations

import click


@click.command()
@click.argument("assignment")
@click.option("--student-id", default=None, help="Give the value answers of this student.")
def key(assignment: str, student_id: str | None):
    """Print every question of ASSIGNMENT with its answer (instructors only)."""
    from autograder.answer_key import InstructorOnly, key_lines

    try:
        lines = key_lines(assignment, student_id)
    except InstructorOnly as err:
        raise click.ClickException(str(err)) from None
    for line in lines:
        click.echo(line)
