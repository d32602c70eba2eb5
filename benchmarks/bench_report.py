"""Cost of the feedback reports against grading itself, for a class.

Run: PYTHONPATH=. python benchmarks/bench_report.py [--class-size 40] [--repeats 1] [--fair] [--assignment ID]...

For each assignment, a class of N submissions (its solution and its bundled wrong
submissions, cycled, each under its own student id so the numeric checks draw their own
inputs) is graded in this one process, one submission at a time, alternately without
reports and with `--feedback` (each student's HTML and Markdown report and pictures, the
class page and the one flush of the folder to disk). Twice: with the answer caches as a
class fills them (the same answer text is checked and printed once), and cold (both the
verdict cache and the report's parsing and printing caches emptied before every submission, as if
every answer in the class were new). Two figures, against the grading time without reports:

- measured: the time spent inside report generation during the run with reports (the
  report writer, the plot drawing, the class page), timed where it happens;
- end to end: (time with reports - time without) / time without, the median of the repeats
  (noisier: it carries the run-to-run spread of grading).

With --cli, the same class is also graded by the command as an instructor runs it, in
fresh processes from this shell (`autograder grade --jobs 2`, with and without
`--feedback`, alternately), and the wall times are compared.

Target: report generation under 10% of grading time.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ASSIGNMENTS = ("lstm_univariate", "rnn_bptt", "lstm_numpy", "lstm_gradient_flow")


class Stopwatch:
    """Adds up the time spent in the wrapped functions (this process, one at a time)."""

    def __init__(self):
        self.seconds = 0.0

    def wrap(self, module, name):
        original = getattr(module, name)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t

        setattr(module, name, timed)


def make_class(folder: Path, aid: str, n: int, fair: bool):
    """A class of n submissions, each under its own student id: with `fair`, n distinct
    submissions (benchmarks/fair_class.py: answers from the mistake catalogue and notation
    variants, code from the mutants); otherwise the solution and the bundled wrong
    submissions, cycled (which the answer caches then mostly serve)."""
    from autograder.grading.spec import load
    from autograder.grading.submissions import Submission

    folder.mkdir(parents=True)
    if fair:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from fair_class import write_class

        paths = write_class(aid, folder, n)
        return [Submission(path=p, student_id=p.stem) for p in paths], n
    samples = [load(aid).solution_path, *sorted(load(aid).samples_dir.glob("*.ipynb"))]
    subs = []
    for i in range(n):
        path = folder / f"s{i:03d}.ipynb"
        shutil.copy(samples[i % len(samples)], path)
        subs.append(Submission(path=path, student_id=path.stem))
    return subs, len(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--class-size", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--assignment", action="append", choices=ASSIGNMENTS)
    ap.add_argument("--cli", action="store_true", help="also time `autograder grade` from the shell")
    ap.add_argument("--fair", action="store_true",
                    help="a class of distinct submissions (benchmarks/fair_class.py), not copies")
    args = ap.parse_args()

    from autograder.grading import class_report, pipeline, report, score
    from autograder.grading.pipeline import Options, grade_many, load_assignment
    from autograder.numeric import plots

    stopwatch = Stopwatch()
    stopwatch.wrap(report, "write_reports")     # the pipeline imports it from the module when it runs
    stopwatch.wrap(plots, "draw")
    cold = {"on": False}
    grade_submission = pipeline.grade_submission

    def graded(*a, **kw):
        if cold["on"]:                           # every answer new: nothing checked or printed before
            clear()
        return grade_submission(*a, **kw)

    def clear():
        score._check.cache_clear()
        report._parsed.cache_clear()
        report._printed_expression.cache_clear()

    pipeline.grade_submission = graded
    root = str(ROOT / "assignments")
    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    worst = 0.0
    try:
        for aid in args.assignment or ASSIGNMENTS:
            asg = load_assignment(aid, root)
            subs, distinct = make_class(tmp / aid / "class", aid, args.class_size, args.fair)
            grade_many(aid, subs[:2], options=Options(root=root))           # warm: imports, models
            for mode in ("warm", "cold"):
                cold["on"] = mode == "cold"
                plain, with_reports, inside = [], [], []
                for k in range(args.repeats):
                    clear()
                    t = time.perf_counter()
                    grade_many(aid, subs, options=Options(root=root))
                    plain.append(time.perf_counter() - t)
                    clear()
                    feedback = tmp / aid / f"feedback-{mode}{k}"
                    stopwatch.seconds = 0.0
                    t = time.perf_counter()
                    results = grade_many(aid, subs, options=Options(root=root, feedback_dir=str(feedback)))
                    t0 = time.perf_counter()
                    class_report.write_class_report(results, asg.title, feedback)
                    stopwatch.seconds += time.perf_counter() - t0
                    with_reports.append(time.perf_counter() - t)
                    inside.append(stopwatch.seconds)
                base = statistics.median(plain)
                measured = statistics.median(inside) / base
                end_to_end = (statistics.median(with_reports) - base) / base
                worst = max(worst, measured)
                n = args.class_size
                print(f"{aid} ({mode} caches): {n} submissions ({distinct} distinct notebooks), one process: "
                      f"grading {1000 * base / n:.0f} ms a submission; reports "
                      f"{1000 * statistics.median(inside) / n:.1f} ms a submission = {100 * measured:.1f}% "
                      f"of grading (end to end {100 * end_to_end:+.1f}%)", flush=True)
            if args.cli:
                cli(aid, tmp / aid, args.repeats)
        print(f"worst measured share: {100 * worst:.1f}% (target < 10%)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cli(aid: str, folder: Path, repeats: int) -> None:
    """`autograder grade` of the class from the shell, without and with --feedback."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), AUTOGRADER_ASSIGNMENTS=str(ROOT / "assignments"))
    command = [sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid, str(folder / "class"),
               "--jobs", "2", "-q", "--json", str(folder / "cli.json")]
    plain, with_reports = [], []
    for k in range(max(repeats, 2)):
        for times, extra in ((plain, []), (with_reports, ["--feedback", str(folder / f"cli-feedback{k}")])):
            t = time.perf_counter()
            subprocess.run(command + extra, check=True, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
    base, more = statistics.median(plain), statistics.median(with_reports)
    print(f"{aid}: `autograder grade --jobs 2` of the class from the shell: {base:.2f} s, with --feedback "
          f"{more:.2f} s: reports {100 * (more - base) / base:+.1f}% (runs: {', '.join(f'{t:.2f}' for t in plain)} "
          f"/ {', '.join(f'{t:.2f}' for t in with_reports)} s)", flush=True)


if __name__ == "__main__":
    main()
