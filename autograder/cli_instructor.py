"""Instructors' verbs: `key` (the answer key) and `student-wheel` (the student install)."""
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


@click.command("student-wheel")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, writable=True),
              help="Folder to write the wheel into.")
def student_wheel(out: str):
    """Build the student install (bptt-grader-student): local checks, no references."""
    from autograder.student_dist import build

    try:
        click.echo(str(build(out)))
    except (RuntimeError, OSError) as err:
        raise click.ClickException(str(err)) from None
