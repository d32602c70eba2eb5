"""`autograder demo`: grade the bundled sample submissions of every assignment.

Samples are the complete solutions (the authored notebook `<id>/source/<id>.ipynb`, graded
as is, which must score 100 % of the automatic points) and the realistic wrong submissions
beside each assignment (`assignments/<id>/samples/`, `Assignment.samples_dir`). Each is graded
as a student would be; the table shows the scores and the reports land in
`demo-output/<id>/<sample>/feedback.html`.
"""
from __future__ import annotations

from pathlib import Path

from .submissions import SUFFIXES, Submission


def samples(asg) -> list[Submission]:
    """The solution and the sample wrong submissions of `asg`, named by what they are."""
    solution = asg.solution_path
    out = [Submission(f"solution-{solution.stem}", solution)] if solution.is_file() else []
    folder = asg.samples_dir
    if folder.is_dir():
        out += [Submission(f"sample-{f.stem}", f) for f in sorted(folder.iterdir())
                if f.is_file() and f.suffix in SUFFIXES]
    return out


def _cell(test: dict | None) -> str:
    if test is None:
        return "[dim]-"
    mark = {"passed": "[green]", "failed": "[red]", "pending": "[yellow]"}.get(test["status"], "")
    return f"{mark}{test['score']:g}/{test['max_score']:g}" + ("?" if test["status"] == "pending" else "")


def run(out_dir: str = "demo-output", jobs: int = 2) -> int:
    from rich.console import Console
    from rich.table import Table

    from .class_report import write_class_report
    from .outputs import write_atomic
    from .pipeline import Options, grade_many, load_assignment
    from .results import gradebook_csv
    from .spec import assignments_root, available

    console = Console(width=160)
    out = Path(out_dir).resolve()
    plan = [(asg, samples(asg)) for asg in map(load_assignment, available())]
    plan = [p for p in plan if p[1]]
    if not plan:
        console.print(f"no assignments with sample submissions found under {assignments_root()}")
        return 0
    failures = 0
    for asg, subs in plan:
        aid = asg.id
        feedback = out / aid
        results = grade_many(aid, subs, jobs=jobs, options=Options(feedback_dir=str(feedback)))
        # one row per question, one column per sample: assignments have up to ~20 questions
        # and a handful of samples, so this shape fits a terminal
        table = Table(title=f"{aid}: {asg.title}", show_lines=False)
        table.add_column("question", no_wrap=True)
        for s in subs:
            table.add_column(s.student_id, justify="right")
        by_sample = [{t.get("number") or t["name"]: t for t in r["tests"]} for r in results]
        for q in asg.questions:
            table.add_row(q.id, *[_cell(tests.get(q.id)) for tests in by_sample])
        table.add_section()
        table.add_row("total", *[f"[bold]{r['score']:g}/{r['max_score']:g}" for r in results])
        console.print(table)
        for sub, r in zip(subs, results):
            lost = [t for t in r["tests"] if t["status"] == "failed"]
            if sub.student_id.startswith("solution") and lost:
                failures += 1
                console.print(f"[bold red]{sub.student_id} loses automatic points on "
                              f"{', '.join(str(t.get('number') or t['name']) for t in lost)}[/]")
        write_atomic(feedback / "gradebook.csv", gradebook_csv(results))
        write_class_report(results, asg.title, feedback)
        console.print(f"reports: {feedback}/<sample>/feedback.html and feedback.md, {feedback}/index.html; gradebook: "
                      f"{feedback / 'gradebook.csv'}  (? = pending: graded by hand or under review)\n")
    return 1 if failures else 0
