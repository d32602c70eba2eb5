"""`grade`: grade .py submissions for a code assignment (one with a `[code]` table).

Exit 0 when grading ran (whatever the scores), 2 for usage errors. The main CLI group
registers this command; it also runs standalone.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click


def _assignments():
    from autograder.numeric.function_grade import with_functions
    from autograder.numeric.specs import known
    code = known()
    return [*code, *(a for a in with_functions() if a not in code)]


@click.command()
@click.option("--assignment", "assignment", required=True, metavar="NAME",
              help="an assignment with code questions (e.g. rnn_bptt, lstm_numpy)")
@click.option("--json", "json_out", metavar="PATH|-", default=None,
              help="write results.json there ('-' for stdout); a list when several submissions")
@click.option("--timeout", "total_timeout", type=float, default=120.0, show_default=True,
              help="seconds for all of a submission's code: loading it, then every check")
@click.argument("submissions", nargs=-1, required=True, metavar="SUBMISSION...")
def grade(assignment: str, json_out: str | None, total_timeout: float, submissions: tuple[str, ...]):
    """Grade SUBMISSION .py files for ASSIGNMENT in a sandbox."""
    known = _assignments()
    if assignment not in known:
        raise click.UsageError(f"unknown assignment {assignment!r}; known: {', '.join(known)}")
    for s in submissions:
        p = Path(s)
        if not p.is_file():
            raise click.UsageError(f"submission {s!r} does not exist or is not a file")
        if p.suffix != ".py":
            raise click.UsageError(f"submission {s!r} is not a .py file")

    if json_out and json_out != "-":         # checked before the work, not after it
        from autograder.grading.outputs import OutputProblem, check_file
        try:
            check_file(json_out, "--json")
        except OutputProblem as e:
            raise click.UsageError(str(e))

    from autograder.numeric import function_grade, grade_py
    from autograder.numeric.specs import known
    from autograder.sandbox import SandboxUnavailable, Zygote

    # the assignments with a [code] table have their checker; others, their function questions
    grade_file = grade_py.grade_file if assignment in known() else function_grade.grade_file
    try:
        with Zygote() as zygote:
            # one deadline per submission, however many calls its checks make
            results = [grade_file(assignment, s, zygote=zygote, deadline=time.monotonic() + total_timeout)
                       for s in submissions]
    except SandboxUnavailable as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(1)
    payload = results[0] if len(results) == 1 else results
    if json_out == "-":
        click.echo(json.dumps(payload, indent=2))
        return
    if json_out:
        from autograder.grading.outputs import write_atomic
        write_atomic(json_out, json.dumps(payload, indent=2))
    _summary(submissions, results)


def _summary(submissions, results):
    from rich.console import Console
    from rich.table import Table

    table = Table(title="grades")
    table.add_column("submission", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("not full marks")
    for s, r in zip(submissions, results):
        lost = [f"{t['name']} {t['score']:g}/{t['max_score']:g}" for t in r["tests"] if t["status"] != "passed"]
        table.add_row(Path(s).name, f"{r['score']:g}/{r['max_score']:g}", ", ".join(lost) or "-")
    console = Console()
    console.print(table)
    for s, r in zip(submissions, results):
        seen = set()
        for t in r["tests"]:
            if t["status"] == "passed" or t["output"] in seen:
                continue
            seen.add(t["output"])
            lines = t["output"].splitlines()
            hints = [ln[6:] for ln in lines if ln.startswith("hint: ")] or \
                [ln for ln in lines if not ln.startswith("ok ")]
            console.print(f"[bold]{Path(s).name}[/] {t['name']}: " + "; ".join(hints[:2]), highlight=False)

if __name__ == "__main__":
    grade()
