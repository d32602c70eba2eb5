"""The `autograder` command. Each verb is a thin shell over a module that does the work;
heavy imports happen inside the verbs so that start-up stays fast."""
from __future__ import annotations

import sys

import click


class _Group(click.Group):
    """Turns expected failures into one clear line and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except KeyError as exc:  # unknown names from catalogues carry their own message
            msg = exc.args[0] if exc.args else str(exc)
            raise click.UsageError(str(msg)) from None


@click.group(cls=_Group)
@click.version_option(package_name="autograder")
def main():
    """Grade homework on gradients through time (RNN and LSTM)."""


@main.command()
def assignments():
    """List assignments and their questions."""
    from .catalog import list_assignments

    for line in list_assignments():
        click.echo(line)


@main.command()
@click.argument("assignment")
@click.argument("question")
@click.option("--latex", is_flag=True, help="Print LaTeX instead of plain text.")
@click.option("--form", type=click.Choice(["one-level", "expanded"]), default="one-level",
              show_default=True, help="In terms of the users' gradients, or fully expanded.")
@click.option("--last-step", is_flag=True, help="At the last step t = T (no step t+1 terms).")
@click.option("--steps-after", type=click.IntRange(0, 6), default=None,
              help="Expanded form at the generic step t: how many steps follow t.")
@click.option("--T", "horizon", type=click.IntRange(1, 12), default=None,
              help="Horizon for concrete steps and weights in the expanded form.")
def reference(assignment, question, latex, form, last_step, steps_after, horizon):
    """Print the SymPy-derived reference for QUESTION (e.g. grad_C_t, grad_W_hi)."""
    from .catalog import model_for
    from .derive.printing import to_latex, to_text
    from .derive.references import reference as ref

    model = model_for(assignment)
    expr = ref(model, question, form, last_step=last_step, steps_after=steps_after, horizon=horizon)
    click.echo(to_latex(model, expr) if latex else to_text(expr))


@main.command()
def demo():
    """The main job: show what the grader derives and grades."""
    from .catalog import demo as run_demo

    sys.exit(run_demo())


if __name__ == "__main__":  # pragma: no cover
    main()
