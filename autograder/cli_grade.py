"""`autograder grade` and `autograder nbgrader-sync`: a folder of submissions to grades,
feedback reports and exports.

Exit codes: 0 when grading ran (whatever the scores), 1 when `--fail-under` is not met,
2 for usage errors, 3 for infrastructure errors (the sandbox cannot start).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_FAIL_UNDER, EXIT_INFRA = 1, 3


def _threshold(text: str | None):
    if text is None:
        return None
    t = text.strip()
    try:
        return (float(t[:-1]), True) if t.endswith("%") else (float(t), False)
    except ValueError:
        raise click.UsageError(f"--fail-under {text!r} is not a number of points or a percentage like 80%")


def _below(result: dict, threshold) -> bool:
    value, percent = threshold
    if not percent:
        return result["score"] < value
    pending = sum(t["max_score"] for t in result["tests"] if t.get("status") == "pending")
    top = result["max_score"] - pending
    return top > 0 and 100.0 * result["score"] / top < value


@click.command()
@click.option("--assignment", "assignment", required=True, metavar="NAME", help="the assignment id")
@click.argument("submissions", nargs=-1, required=True, metavar="SUBMISSION...")
@click.option("--json", "json_out", metavar="PATH|-", default=None,
              help="write Gradescope results.json there ('-' for stdout); a list for several submissions")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="grade this many submissions in parallel")
@click.option("--feedback", "feedback_dir", metavar="DIR", default=None,
              help="write a Markdown and an HTML report per student into DIR/<student>/")
@click.option("--csv", "csv_out", metavar="PATH", default=None, help="write a CSV gradebook there")
@click.option("--fail-under", "fail_under", metavar="SCORE", default=None,
              help="exit 1 when a submission scores below SCORE points (or SCORE%% of the "
                   "automatically graded points, e.g. 80%%)")
@click.option("--nbgrader-db", "nbgrader_db", metavar="PATH", default=None,
              help="also write the grades into this nbgrader gradebook (gradebook.db)")
@click.option("--assignments-dir", "root", metavar="DIR", default=None, envvar="AUTOGRADER_ASSIGNMENTS",
              help="where assignments live (default: $AUTOGRADER_ASSIGNMENTS or ./assignments)")
@click.option("--cell-timeout", type=float, default=10.0, show_default=True, help="seconds per code cell")
@click.option("--timeout", "total_timeout", type=float, default=120.0, show_default=True,
              help="seconds for all of a submission's code: its cells, then the checks of its functions")
@click.option("--memory-mb", type=int, default=2048, show_default=True, help="memory of a student's process")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar and no summary table")
@click.option("--student-id", "student_id", metavar="ID", default=None,
              help="grade the one SUBMISSION under this id (in a student's CI: the repository or the account)")
def grade(assignment, submissions, json_out, jobs, feedback_dir, csv_out, fail_under, nbgrader_db,
          root, cell_timeout, total_timeout, memory_mb, quiet, student_id):
    """Grade SUBMISSION notebooks (.ipynb), .py files, or folders of them (one per student)."""
    threshold = _threshold(fail_under)
    from .grading.pipeline import Options, grade_many, load_assignment, numeric_checkers
    from .grading.spec import SpecError
    from .grading.submissions import UsageProblem, as_student, discover

    try:
        asg = load_assignment(assignment, root)
    except SpecError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_INFRA)
    except KeyError as e:
        if assignment not in numeric_checkers():
            raise click.UsageError(str(e.args[0] if e.args else e))
        asg = None                                # a code assignment graded from .py files
    try:
        subs = discover(submissions, asg.notebook if asg else "")
        subs = as_student(subs, student_id) if student_id else subs
    except UsageProblem as e:
        raise click.UsageError(str(e))
    if asg is None and any(s.path.suffix != ".py" for s in subs):
        raise click.UsageError(f"assignment {assignment!r} has no spec here; only .py files can be graded")
    options = Options(cell_seconds=cell_timeout, total_seconds=total_timeout, memory_mb=memory_mb,
                      feedback_dir=feedback_dir, root=root)

    from rich.console import Console
    console = Console(stderr=json_out == "-")
    results = _run(assignment, subs, jobs, options, console, quiet)

    from .grading import results as exports
    if json_out == "-":
        click.echo(exports.to_json(results))
    elif json_out:
        Path(json_out).write_text(exports.to_json(results) + "\n", encoding="utf-8")
    if csv_out:
        Path(csv_out).write_text(exports.gradebook_csv(results), encoding="utf-8")
    if nbgrader_db:
        if asg is None:
            raise click.UsageError("--nbgrader-db needs an assignment with a spec")
        from .grading.nbgrader_sync import SyncError, sync
        try:
            done = sync(nbgrader_db, asg, results)
        except SyncError as e:
            raise click.UsageError(str(e))
        if not quiet:
            console.print(f"nbgrader gradebook: {done['grades']} grades for {done['students']} students written")
    if not quiet:
        _summary(console, subs, results, feedback_dir)
    if all(any(p.startswith("the sandbox failed") for p in r.get("extra_data", {}).get("problems", []))
           for r in results):
        click.echo("error: the sandbox could not run any submission", err=True)
        sys.exit(EXIT_INFRA)
    if threshold is not None and any(_below(r, threshold) for r in results):
        sys.exit(EXIT_FAIL_UNDER)


def _run(assignment, subs, jobs, options, console, quiet):
    from .grading.pipeline import grade_many

    if quiet or len(subs) == 1:
        return grade_many(assignment, subs, jobs=jobs, options=options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        task = progress.add_task("grading", total=len(subs))
        return grade_many(assignment, subs, jobs=jobs, options=options,
                          on_done=lambda i, r: progress.advance(task))


def _summary(console, subs, results, feedback_dir):
    from rich.table import Table

    from .grading.results import summary

    table = Table(title="grades")
    table.add_column("student", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("not full marks")
    table.add_column("pending")
    for s, r in zip(subs, results):
        lost = [f"{t.get('number') or t['name']} {t['score']:g}/{t['max_score']:g}"
                for t in r["tests"] if t["status"] == "failed"]
        pending = [t.get("number") or t["name"] for t in r["tests"] if t["status"] == "pending"]
        table.add_row(r.get("extra_data", {}).get("student_id", s.student_id),
                      f"{r['score']:g}/{r['max_score']:g}", ", ".join(lost) or "-", ", ".join(pending) or "-")
    if len(results) <= 60:
        console.print(table)
    s = summary(results)
    console.print(f"graded {s['graded']} of {s['submissions']} submissions; mean score "
                  f"{s['mean']:.2f} / {s['max_score']:g}")
    if s["most_wrong"]:
        console.print("most often wrong: " + ", ".join(f"{q} ({n})" for q, n in s["most_wrong"]))
    if s["not_graded"]:
        console.print("[bold red]could not be graded:[/] " + ", ".join(s["not_graded"]))
    if s["review"]:
        console.print("to review by hand: " + ", ".join(s["review"][:20]))
    if feedback_dir:
        console.print(f"feedback reports: {Path(feedback_dir).resolve()}/<student>/feedback.html (and .md)")


@click.command("nbgrader-sync")
@click.option("--assignment", required=True, metavar="NAME")
@click.option("--db", "db", required=True, metavar="PATH", help="the nbgrader gradebook (gradebook.db)")
@click.option("--assignments-dir", "root", metavar="DIR", default=None, envvar="AUTOGRADER_ASSIGNMENTS")
@click.argument("results_json", metavar="RESULTS.json")
def nbgrader_sync(assignment, db, root, results_json):
    """Write grades from RESULTS.json (of `grade --json`) into an nbgrader gradebook."""
    import json

    from .grading.nbgrader_sync import SyncError, sync
    from .grading.pipeline import load_assignment

    asg = load_assignment(assignment, root)
    try:
        data = json.loads(Path(results_json).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise click.UsageError(f"cannot read {results_json}: {e}")
    try:
        done = sync(db, asg, data if isinstance(data, list) else [data])
    except SyncError as e:
        raise click.UsageError(str(e))
    click.echo(f"{done['grades']} grades and {done['comments']} comments written for "
               f"{done['students']} students" + (f"; skipped: {', '.join(done['skipped'])}" if done["skipped"] else ""))
