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
              help="exit 1 when a submission scores below SCORE points (or SCORE% of the "
                   "automatically graded points, e.g. 80%)")
@click.option("--nbgrader-db", "nbgrader_db", metavar="PATH", default=None,
              help="also write the grades into this nbgrader gradebook (gradebook.db)")
@click.option("--assignments-dir", "root", metavar="DIR", default=None, envvar="AUTOGRADER_ASSIGNMENTS",
              help="where assignments live (default: $AUTOGRADER_ASSIGNMENTS or ./assignments)")
@click.option("--cell-timeout", type=float, default=10.0, show_default=True, help="seconds per code cell")
@click.option("--timeout", "total_timeout", type=float, default=120.0, show_default=True,
              help="seconds for all of a submission's code, notebook or .py: cells, replays, value reads, checks")
@click.option("--memory-mb", type=int, default=2048, show_default=True, help="memory of a student's process")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar and no summary table")
@click.option("--resume", is_flag=True,
              help="finish a class from its journal: submissions already graded are not graded again")
@click.option("--journal", "journal_path", metavar="PATH", default=None,
              help="keep the journal there (default: beside the first of --json PATH, --csv, --feedback)")
@click.option("--student-id", "student_id", metavar="ID", default=None,
              help="grade the one SUBMISSION under this id (in a student's CI: the repository or the account)")
@click.option("--cluster", "cluster", metavar="ADDRESS", default=None,
              help="grade on the workers of this Dask scheduler (e.g. tcp://host:8786) instead of "
                   "--jobs processes here; needs the `cluster` extra")
def grade(assignment, submissions, json_out, jobs, feedback_dir, csv_out, fail_under, nbgrader_db,
          root, cell_timeout, total_timeout, memory_mb, quiet, resume, journal_path, student_id, cluster):
    """Grade SUBMISSION notebooks (.ipynb), .py files, or folders of them (one per student)."""
    threshold = _threshold(fail_under)
    _check_outputs(json_out, csv_out, feedback_dir, nbgrader_db, journal_path)
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
    notes: list[str] = []
    try:
        subs = discover(submissions, asg.notebook if asg else "", assignment, notes)
        subs = as_student(subs, student_id) if student_id else subs
    except UsageProblem as e:
        raise click.UsageError(str(e))
    for note in notes:        # students of the course folder without this assignment
        click.echo(f"note: {note}", err=True)
    if nbgrader_db and asg is not None:      # a gradebook that cannot take the grades: say so before grading
        from .grading.nbgrader_sync import SyncError, plan
        try:
            plan(nbgrader_db, asg, [s.student_id for s in subs])
        except SyncError as e:
            raise click.UsageError(str(e))
    if asg is None and any(s.path.suffix != ".py" for s in subs):
        raise click.UsageError(f"assignment {assignment!r} has no spec here; only .py files can be graded")
    if nbgrader_db and asg is None:
        raise click.UsageError("--nbgrader-db needs an assignment with a spec")
    options = Options(cell_seconds=cell_timeout, total_seconds=total_timeout, memory_mb=memory_mb,
                      feedback_dir=feedback_dir, root=root)
    journal = _open_journal(journal_path or _journal_beside(json_out, csv_out, feedback_dir), resume,
                            _settings(assignment, asg, options))

    from rich.console import Console
    console = Console(stderr=json_out == "-")
    try:
        results = _run(assignment, subs, jobs, options, console, quiet, journal, cluster)
    except _cluster_problem() as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_INFRA)
    finally:
        if journal is not None:
            journal.close()

    from .grading import results as exports
    from .grading.outputs import write_atomic
    if json_out == "-":
        click.echo(exports.to_json(results))
    elif json_out:
        write_atomic(json_out, exports.to_json(results) + "\n")
    if csv_out:
        write_atomic(csv_out, exports.gradebook_csv(results))
    if feedback_dir and not student_id:      # the instructor's page: not in a student's own CI run
        from .grading.class_report import write_class_report
        write_class_report(results, asg.title if asg is not None else f"{assignment} (code)", feedback_dir)
    if nbgrader_db:
        from .grading.nbgrader_sync import SyncError, sync
        try:
            done = sync(nbgrader_db, asg, results)
        except SyncError as e:
            raise click.UsageError(str(e))
        if not quiet:
            console.print(f"nbgrader gradebook: {done['grades']} grades for {done['students']} students written")
    if not quiet:
        _summary(console, subs, results, feedback_dir)
    from .grading.result_types import Failure, failure_of
    if all(failure_of(r) is Failure.SANDBOX for r in results):
        click.echo("error: the sandbox could not run any submission", err=True)
        sys.exit(EXIT_INFRA)
    if threshold is not None and any(_below(r, threshold) for r in results):
        sys.exit(EXIT_FAIL_UNDER)


def _check_outputs(json_out, csv_out, feedback_dir, nbgrader_db, journal_path) -> None:
    """Every output path is usable before any grading starts (usage error, exit 2)."""
    from .grading.outputs import OutputProblem, check_dir, check_file

    try:
        for given, option in ((json_out, "--json"), (csv_out, "--csv"), (journal_path, "--journal")):
            if given and given != "-":
                check_file(given, option)
        if feedback_dir:
            check_dir(feedback_dir, "--feedback")
        if nbgrader_db and "://" not in nbgrader_db:      # a path, not a database URL
            if not Path(nbgrader_db).is_file():
                raise OutputProblem(f"--nbgrader-db {nbgrader_db}: no gradebook there (nbgrader creates "
                                    "gradebook.db in the course folder)")
            check_file(nbgrader_db, "--nbgrader-db")       # sqlite writes a journal beside it
    except OutputProblem as e:
        raise click.UsageError(str(e))


def _journal_beside(json_out, csv_out, feedback_dir) -> Path | None:
    """The journal's default place: next to the first file output, or in the feedback folder."""
    for given in (json_out, csv_out):
        if given and given != "-":
            return Path(given).with_name(Path(given).name + ".journal.jsonl")
    return Path(feedback_dir) / "journal.jsonl" if feedback_dir else None


def _settings(assignment, asg, options) -> dict:
    """What decides the scores: a journal written with other settings is not resumed."""
    from .grading.journal import digest

    spec = asg.directory / "assignment.toml" if asg is not None else None
    return {"assignment": assignment, "spec": digest(spec) if spec and spec.is_file() else None,
            "cell_timeout": options.cell_seconds, "timeout": options.total_seconds,
            "memory_mb": options.memory_mb,
            "feedback": str(Path(options.feedback_dir).resolve()) if options.feedback_dir else None}


def _open_journal(path, resume: bool, settings: dict):
    from .grading.journal import Journal, JournalMismatch

    if path is None:
        if resume:
            raise click.UsageError("--resume needs a journal: give --json PATH, --csv, --feedback or --journal")
        return None
    if resume and not Path(path).exists():
        click.echo(f"no journal at {path}: grading the whole class", err=True)
    try:
        return Journal.open(path, settings, resume)
    except JournalMismatch as e:
        raise click.UsageError(str(e))


def _cluster_problem():
    from .grading.cluster import ClusterProblem
    return ClusterProblem


def _run(assignment, subs, jobs, options, console, quiet, journal=None, cluster=None):
    from functools import partial

    from .grading.pipeline import grade_many
    if cluster:
        from .grading.cluster import grade_on_cluster
        grade_many = partial(grade_on_cluster, cluster)     # same results, other machines

    keys = [journal.key(s.student_id, s.path) for s in subs] if journal else []
    # a submission the grader could not grade is tried again; a decided one is kept
    known = {i: journal.done[k] for i, k in enumerate(keys)
             if k in journal.done and not journal.done[k].get("extra_data", {}).get("error")}

    def record(i, result):
        if journal is not None:        # on disk before the next submission is graded
            journal.record(keys[i], result)

    if known and not quiet:
        console.print(f"resuming: {len(known)} of {len(subs)} submissions already graded (journal {journal.path})")
    if quiet or len(subs) - len(known) <= 1:
        return grade_many(assignment, subs, jobs=jobs, options=options, on_done=record, known=known)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        task = progress.add_task("grading", total=len(subs), completed=len(known))

        def done(i, result):
            record(i, result)
            progress.advance(task)

        return grade_many(assignment, subs, jobs=jobs, options=options, on_done=done, known=known)


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
        console.print(f"feedback reports: {Path(feedback_dir).resolve()}/<student>/feedback.html (and .md)"
                      + (f"; class summary: {Path(feedback_dir).resolve()}/index.html"
                         if (Path(feedback_dir) / "index.html").is_file() else ""))


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
