"""`autograder gradescope` (the autograder bundle for Gradescope) and `autograder prairielearn`
(PrairieLearn's external grader entry point)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import click

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


@click.command()
@click.argument("assignment")
@click.option("--out", "out", required=True, metavar="PATH.zip", help="where to write the autograder zip")
@click.option("--wheel", "wheel", metavar="PATH", default=None,
              help="bundle this bptt-grader wheel (default: build the wheel of this grader's checkout)")
@click.option("--grader", "requirement", metavar="REQUIREMENT", default=None,
              help="install this pinned requirement instead of bundling a wheel, e.g. 'bptt-grader==0.1.0'")
@click.option("--visibility", type=click.Choice(VISIBILITIES), default="visible", show_default=True,
              help="when students see the results (Gradescope's visibility)")
@click.option("--stdout-visibility", type=click.Choice(VISIBILITIES), default="hidden", show_default=True,
              help="when students see the grader's log (it names files and problems for the instructor)")
@click.option("--cell-timeout", type=float, default=10.0, show_default=True, help="seconds per code cell")
@click.option("--timeout", "total_timeout", type=float, default=120.0, show_default=True,
              help="seconds for all of a submission's code")
@click.option("--memory-mb", type=int, default=2048, show_default=True, help="memory of a student's process")
@click.option("--assignments-dir", "root", metavar="DIR", default=None, envvar="AUTOGRADER_ASSIGNMENTS",
              help="where assignments live (default: $AUTOGRADER_ASSIGNMENTS or ./assignments)")
def gradescope(assignment, out, wheel, requirement, visibility, stdout_visibility, cell_timeout, total_timeout,
               memory_mb, root):
    """Write the autograder zip Gradescope runs for ASSIGNMENT (setup.sh, run_autograder, the spec,
    the pinned grader)."""
    from importlib.metadata import version

    from .grading.outputs import OutputProblem, check_file
    from .grading.pipeline import load_assignment
    from .grading.spec import SpecError
    from .platforms import gradescope_bundle as bundle
    from .platforms import wheel as wheels

    if wheel and requirement:
        raise click.UsageError("give --wheel or --grader, not both")
    if not out.endswith(".zip"):
        raise click.UsageError(f"--out {out}: Gradescope takes a .zip file")
    try:
        check_file(out, "--out")
    except OutputProblem as e:
        raise click.UsageError(str(e))
    try:
        asg = load_assignment(assignment, root)
    except (KeyError, SpecError) as e:
        raise click.UsageError(str(e.args[0] if e.args else e))
    settings = bundle.RunSettings(visibility, stdout_visibility, cell_timeout, total_timeout, memory_mb)
    with tempfile.TemporaryDirectory(prefix="bptt-grader-bundle-") as tmp:
        try:
            if requirement:
                whl, grader_version = None, requirement.strip()
            else:
                if wheel:
                    if not Path(wheel).is_file():
                        raise click.UsageError(f"--wheel {wheel}: no such file")
                    whl = wheels.check(Path(wheel))
                else:
                    click.echo("building the grader's wheel ...", err=True)
                    whl = wheels.build(Path(tmp))
                grader_version = f"bptt-grader {wheels.version_of(whl)}"
            files = bundle.contents(asg, wheel=whl, requirement=requirement, version=version("bptt-grader"),
                                    settings=settings)
        except (wheels.WheelProblem, bundle.BundleProblem) as e:
            raise click.UsageError(str(e))
        bundle.write(Path(out), files)
    click.echo(f"{out}: {', '.join(sorted(files))}")
    click.echo(f"grader: {grader_version}; assignment {asg.id}, {asg.total_points:g} points "
               "(give the Gradescope assignment at least as many)")


@click.command()
@click.argument("assignment")
@click.option("--root", default="/grade", show_default=True, envvar="PRAIRIELEARN_GRADE_ROOT",
              help="the grading job's folder (student/, data/, tests/, results/)")
@click.option("--spec", "spec", metavar="PATH", default=None,
              help="the assignment's spec (default: ROOT/tests/assignment.toml)")
@click.option("--cell-timeout", type=float, default=10.0, show_default=True, help="seconds per code cell")
@click.option("--timeout", "total_timeout", type=float, default=120.0, show_default=True,
              help="seconds for all of the submission's code")
@click.option("--memory-mb", type=int, default=2048, show_default=True, help="memory of the student's process")
def prairielearn(assignment, root, spec, cell_timeout, total_timeout, memory_mb):
    """PrairieLearn's external grader: grade ROOT/student/ into ROOT/results/results.json."""
    from .platforms.prairielearn import run

    run(Path(root), assignment, Path(spec) if spec else None, cell_seconds=cell_timeout,
        total_seconds=total_timeout, memory_mb=memory_mb)
