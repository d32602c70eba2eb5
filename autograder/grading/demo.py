"""`autograder demo`: grade the bundled sample submissions of every assignment.

Samples are the complete solutions (the authored notebook `<id>/source/<id>.ipynb`, graded
as is, which must score 100 % of the automatic points) and the realistic wrong submissions the tests grade
(`tests/assignments/submissions/<id>/`). Each is graded as a student would be; the table
shows the scores and the reports land in `demo-output/<id>/<sample>/feedback.html`. Without any assignment
(a bare checkout), the pipeline's own fixture assignment is graded instead.
"""
from __future__ import annotations

from pathlib import Path

from .submissions import SUFFIXES, Submission


def _samples(repo: Path, aid: str) -> list[Submission]:
    from .spec import load

    solution = load(aid).solution_path
    out = [Submission(f"solution-{solution.stem}", solution)] if solution.is_file() else []
    folder = repo / "tests" / "assignments" / "submissions" / aid
    if folder.is_dir():
        out += [Submission(f"sample-{f.stem}", f) for f in sorted(folder.iterdir())
                if f.is_file() and f.suffix in SUFFIXES]
    return out


def _fixture(out_dir: Path):
    """The pipeline's fixture assignment and two submissions of it (right and wrong)."""
    import importlib.util

    repo = Path(__file__).resolve().parents[2]
    path = repo / "tests" / "grading" / "notebooks.py"
    if not path.is_file():
        return None, []
    spec = importlib.util.spec_from_file_location("_fixture_notebooks", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    subs = [Submission("solution", mod.write(mod.submission(), out_dir / "samples" / "solution.ipynb")),
            Submission("wrong", mod.write(mod.submission(mod.WRONG), out_dir / "samples" / "wrong.ipynb"))]
    return str(mod.FIXTURES), subs


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
    from .spec import assignments_root, available, repository_root

    console = Console(width=160)
    repo = repository_root()
    out = Path(out_dir).resolve()
    plan = [(aid, None, _samples(repo, aid)) for aid in available()]
    plan = [p for p in plan if p[2]]
    if not plan:
        root, subs = _fixture(out / "fixture_hw")
        if not subs:
            console.print("no assignments with sample submissions found")
            return 0
        console.print(f"[dim]No sample submissions under {assignments_root()}; grading the "
                      "pipeline's fixture assignment instead.[/]")
        plan = [("fixture_hw", root, subs)]
    failures = 0
    for aid, root, subs in plan:
        asg = load_assignment(aid, root)
        feedback = out / aid
        results = grade_many(aid, subs, jobs=jobs, options=Options(root=root, feedback_dir=str(feedback)))
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
