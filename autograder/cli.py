"""The `autograder` command. Each verb is a thin shell over a module that does the work;
heavy imports happen inside the verbs so that start-up stays fast."""
from __future__ import annotations

import sys

import click

# A hard stop for one check or comparison; the engine's own bounds make this rare.
CHECK_SECONDS = 20.0


class _Group(click.Group):
    """Turns expected failures into one clear line and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except click.NoSuchOption as exc:
            _hint_dash_answer(exc)
            raise
        except (click.ClickException, click.Abort):
            raise
        except KeyError as exc:  # unknown names from catalogues carry their own message
            msg = exc.args[0] if exc.args else str(exc)
            raise click.UsageError(str(msg)) from None


def _hint_dash_answer(exc: click.NoSuchOption) -> None:
    """An answer such as '-grad_H_t' reads as an option: say how to pass it."""
    command = exc.ctx.command.name if exc.ctx is not None else ""
    if command in ("check", "equiv") and not exc.option_name.startswith("--"):
        shape = "ASSIGNMENT QUESTION -- '-grad_H_t'" if command == "check" else "-- '-x' 'x'"
        exc.message += (" An answer that starts with '-' is read as an option: put -- before it, "
                        f"as in: autograder {command} {shape}")


@click.group(cls=_Group)
@click.version_option(package_name="bptt-grader", prog_name="autograder")
@click.option("--course", metavar="DIR", default=None,
              type=click.Path(exists=True, file_okay=False),
              help="The course folder: the folder holding <assignment>/assignment.toml "
                   "(default: $AUTOGRADER_ASSIGNMENTS, else the package's assignments/).")
@click.pass_context
def main(ctx, course):
    """Grade homework on gradients through time (RNN and LSTM)."""
    if course:
        from .grading import spec

        previous = spec.use_course(course)
        ctx.call_on_close(lambda: spec.use_course(previous))


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
    """Print the SymPy-derived reference for QUESTION: a spec question id (its target and
    step) or a reference name (e.g. grad_C_t, grad_W_hi). Instructors only."""
    from .answer_key import InstructorOnly, require_references, spec_reference

    try:
        require_references("autograder reference")
    except InstructorOnly as err:
        raise click.ClickException(str(err)) from None
    from .catalog import model_for
    from .derive.printing import to_latex, to_text
    from .derive.references import reference as ref

    found = spec_reference(assignment, question, last_step=last_step or None) if form == "one-level" else None
    if found is not None:
        model, expr = found
    else:
        model = model_for(assignment)
        expr = ref(model, question, form, last_step=last_step, steps_after=steps_after, horizon=horizon)
    click.echo(to_latex(model, expr) if latex else to_text(expr))


def _read_answer(answer: str) -> str:
    if answer == "-":
        return sys.stdin.read()
    return answer


@main.command()
@click.argument("assignment")
@click.argument("question")
@click.argument("answer")
@click.option("--last-step", is_flag=True, help="The question is about the last step t = T.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(assignment, question, answer, last_step, as_json):
    """Check one ANSWER (text or LaTeX; '-' reads standard input, e.g. a derivation)."""
    import json

    from . import quick_cache

    q = quick_cache.spec_question(assignment, question)
    if q is not None and not q.local_check:     # no verdict, whatever the answer: it is not read
        raise click.UsageError(f"{question} has no local check on purpose; it is graded when the "
                               "notebook is handed in.")
    text = _read_answer(answer)
    # --last-step absent: a spec question keeps its own step
    quick = quick_cache.question(assignment, question, q, last_step or None)
    result = quick_cache.check(quick, text) if quick is not None else None
    if result is None:
        result = _full_check(assignment, question, text, last_step or None)
        if quick is not None:
            quick_cache.remember(quick)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        score = f"{result['score']:.2f}".rstrip("0").rstrip(".")
        click.echo(f"{result['verdict']} (score {score})")
        click.echo(result["feedback"])


def _full_check(assignment: str, question: str, text: str, last_step: bool | None) -> dict:
    from .catalog import check_answer
    from .expressions.check import UNDECIDED, CheckResult
    from .watchdog import CheckTimeout, time_limit

    try:
        with time_limit(CHECK_SECONDS):
            result = check_answer(assignment, question, text, last_step=last_step)
    except CheckTimeout as err:
        result = CheckResult(UNDECIDED, 0.0, f"Could not decide: {err}.", {"timeout": CHECK_SECONDS})
    return result.to_json()


@main.command()
@click.argument("student")
@click.argument("reference")
@click.option("--model", default="none", show_default=True,
              help="Compare on consistent states of this declared model (`autograder assignments` "
                   "lists them), or on free symbols (none).")
@click.option("--symbols", default="", help='Free symbols and domains, e.g. "x,y:positive,z:(-3,3)".')
@click.option("--define", "defines", multiple=True, metavar="NAME=EXPR",
              help="A quantity given by its definition (repeatable).")
@click.option("--last-step", is_flag=True, help="With a model: t is the last step.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def equiv(student, reference, model, symbols, defines, last_step, as_json):
    """Are STUDENT and REFERENCE equal (text or LaTeX on either side)?"""
    import json

    from .expressions.authoring import AuthoringError, EquivResult, equiv as run
    from .watchdog import CheckTimeout, time_limit

    try:
        with time_limit(CHECK_SECONDS):
            result = run(_read_answer(student), reference, model=model, symbols=symbols,
                         defines=defines, last_step=last_step)
    except AuthoringError as err:
        raise click.UsageError(str(err)) from None
    except CheckTimeout as err:
        result = EquivResult("undecided", "timeout", message=str(err))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        click.echo(result.verdict + (f": {result.message}" if result.message else ""))


def _register_grade():
    from .cli_grade import grade, nbgrader_sync

    main.add_command(grade)
    main.add_command(nbgrader_sync)


_register_grade()


def _register_release():
    from .cli_instructor import key, student_wheel
    from .cli_release import release

    main.add_command(release)
    main.add_command(key)
    main.add_command(student_wheel)


_register_release()


def _register_authoring():
    from .cli_authoring import new, validate

    main.add_command(validate)
    main.add_command(new)


_register_authoring()


def _register_platforms():
    from .cli_platforms import gradescope, prairielearn

    main.add_command(gradescope)
    main.add_command(prairielearn)


_register_platforms()


@main.command()
@click.option("--out", "out_dir", default="demo-output", show_default=True, type=click.Path(file_okay=False),
              help="Where the reports and gradebooks go.")
@click.option("--jobs", default=2, show_default=True, type=click.IntRange(1, 64), help="Notebooks graded at once.")
def demo(out_dir, jobs):
    """The main job: grade the bundled sample submissions of every assignment.

    Exits 1 when a bundled solution does not earn every automatic point."""
    from .grading.demo import run

    sys.exit(run(out_dir=out_dir, jobs=jobs))


if __name__ == "__main__":  # pragma: no cover
    main()
