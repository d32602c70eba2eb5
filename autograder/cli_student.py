"""The `autograder` command of a student's install: `check` against the sealed data of the
released folder (the working directory); `reference` and `key` are instructors' and say so."""
from __future__ import annotations

import sys

import click

REFUSAL = ("{what} is for instructors: this is the student install of the grader, which holds no "
           "references (the local checks use the sealed data of the released folder).")


@click.group()
@click.version_option(package_name="bptt-grader-student", prog_name="autograder")
def main():
    """Local checks of homework on gradients through time (a student's install)."""


@main.command()
@click.argument("assignment")
@click.argument("question")
@click.argument("answer")
def check(assignment, question, answer):
    """Check ANSWER to QUESTION ('-' reads standard input), in the released folder."""
    from .student import evaluate, quick_check

    text = sys.stdin.read() if answer == "-" else answer
    # an answer in the quick subset is read without SymPy (expressions/quick.py)
    result = quick_check(assignment, question, text) or evaluate(question, text, namespace={},
                                                                 assignment=assignment)
    click.echo(str(result))
    if result.status == "refused":
        sys.exit(2)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def reference():
    """Instructors only: not in a student's install."""
    raise click.ClickException(REFUSAL.format(what="autograder reference"))


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def key():
    """Instructors only: not in a student's install."""
    raise click.ClickException(REFUSAL.format(what="autograder key"))


if __name__ == "__main__":  # pragma: no cover
    main()
