"""`release`: the student version of an assignment, made from its authored notebook."""
from __future__ import annotations

import click


@click.command()
@click.argument("assignment")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, writable=True),
              help="Folder to write into; the notebook goes to OUT/ASSIGNMENT/.")
def release(assignment: str, out: str):
    """Write the student version of ASSIGNMENT (solutions and hidden tests removed)."""
    from autograder.release import ReleaseError, release as run

    try:
        folder = run(assignment, out)
    except ReleaseError as err:
        raise click.ClickException(str(err)) from None
    for path in sorted(folder.iterdir()):
        click.echo(str(path))
