"""Speed of `autograder grade`, as ratios against baselines measured in the same run.

Run: PYTHONPATH=. python benchmarks/bench_grade.py [--quick] [--class-size N] [--nbgrader-notebooks K]

1. One submission, cold: `autograder grade` of one solution notebook in a fresh process,
   against the floor = a fresh process in which nbclient starts a kernel and executes the
   same notebook. Target: ratio <= 1.5.
2. A class: N submissions (half right, half wrong) with --jobs 2, against `nbgrader
   autograde` of the same notebooks in a real course (on K of them, per-notebook rate
   extrapolated; K = N with --nbgrader-notebooks N). Target: >= 3x the throughput.
   Peak memory (max RSS of any process in the tree) at N/4 and N: should stay flat.

Uses the pipeline's fixture assignment (tests/grading/fixtures) by default, or with
--assignment ID a bundled one: its solution is the right submission and its first sample
(assignments/ID/samples/) the wrong one.

With --fair (PYTHONPATH=. python benchmarks/bench_grade.py --fair [--class-size N]
[--nbgrader-notebooks K] [--cluster-assignment ID] [--workers 1,2,4] [--cluster-only]):

3. A fair class per bundled assignment (benchmarks/fair_class.py: N distinct notebooks,
   answers from the mistake catalogues in several notations): `grade --jobs 2` against
   `nbgrader autograde` of K of the same notebooks (nbgrader grades one notebook at a
   time; its per-notebook rate on K is extrapolated to N). Target: >= 10x.
4. The same class of one assignment on a Dask LocalCluster of W worker processes (one
   thread each) for W in --workers, against `--jobs W` here: throughput, and the cluster's
   overhead per submission, (t_cluster - t_jobs) / N. Target: < 20 ms. The cluster is
   started before the clock starts and has graded a small class first (a real one runs
   before and between classes: its workers have imported the grader and keep their
   zygotes); that first class on fresh workers is timed and printed apart. The grader's
   start and its connecting to the scheduler are in the timed run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
BIN = os.path.dirname(sys.executable)
ENV = dict(os.environ, PYTHONPATH=str(ROOT), PATH=BIN + os.pathsep + os.environ.get("PATH", ""))

FLOOR = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=60, kernel_name="python3").execute()
"""


def timed(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def peak_rss_of(cmd) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest process of the tree), in a fresh child."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, env=ENV, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def make_class(folder: Path, n: int, right: Path, wrong: Path):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        shutil.copy(right if i % 2 == 0 else wrong, folder / f"s{i:04d}.ipynb")


def nbgrader_course(tmp: Path, assignment_dir: Path, notebooks: list[Path], name: str) -> Path:
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'bench'\nc.CourseDirectory.root = {str(course)!r}\n")
    # nbgrader's source is the authored notebook alone (assignments/<id>/source/<id>.ipynb)
    (course / "source" / name).mkdir()
    for nb in (assignment_dir / "source").glob("*.ipynb"):
        shutil.copy(nb, course / "source" / name / nb.name)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"], cwd=course,
                   env=ENV, check=True, capture_output=True)
    nbname = next((course / "source" / name).glob("*.ipynb")).name
    for nb in notebooks:
        d = course / "submitted" / nb.stem / name
        d.mkdir(parents=True)
        shutil.copy(nb, d / nbname)
    from autograder.grading.nbgrader_sync import ensure_alembic_on_path
    from nbgrader.api import Gradebook
    ensure_alembic_on_path()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for nb in notebooks:
            gb.update_or_create_student(nb.stem)
    return course


def fair(args):
    from fair_class import ASSIGNMENTS, write_class

    n, k = args.class_size, min(args.class_size, args.nbgrader_notebooks)
    tmp = Path(tempfile.mkdtemp(prefix="bench-fair-"))
    try:
        for aid in [] if args.cluster_only else [args.assignment] if args.assignment else ASSIGNMENTS:
            folder = tmp / aid
            paths = write_class(aid, folder, n, seed=0)
            grade = [sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid, "--quiet",
                     "--assignments-dir", str(ROOT / "assignments"), str(folder)]
            t_ours = timed(grade + ["--jobs", "2", "--json", str(tmp / f"{aid}.json")])
            scores = [r["score"] for r in json.loads((tmp / f"{aid}.json").read_text())]
            assert len(scores) == n, "a submission has no results entry"
            course = nbgrader_course(tmp / f"nbg-{aid}", ROOT / "assignments" / aid, paths[:k], aid)
            t_nbg = timed([sys.executable, "-m", "nbgrader", "autograde", aid], cwd=course,
                          stderr=subprocess.DEVNULL)
            ratio = (n / t_ours) / (k / t_nbg)
            print(f"{aid}: fair class of {n} ({len(set(scores))} distinct scores, mean "
                  f"{statistics.mean(scores):.1f}): autograder --jobs 2 {t_ours:.1f} s "
                  f"({1000 * t_ours / n:.0f} ms a notebook); nbgrader autograde of {k}: {t_nbg:.1f} s "
                  f"({1000 * t_nbg / k:.0f} ms a notebook, {n} extrapolated: {t_nbg * n / k:.0f} s); "
                  f"throughput ratio {ratio:.1f}x (target >= 10)", flush=True)
        if args.workers:
            cluster_figures(tmp, args.cluster_assignment, n, [int(w) for w in args.workers.split(",")])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cluster_figures(tmp: Path, aid: str, n: int, workers: list[int]):
    from distributed import LocalCluster
    from fair_class import write_class

    folder = tmp / f"cluster-{aid}"
    if not folder.is_dir():
        write_class(aid, folder, n, seed=0)
    grade = [sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid, "--quiet",
             "--assignments-dir", str(ROOT / "assignments"), str(folder)]
    warmup = tmp / f"warmup-{aid}"
    for w in workers:
        write_class(aid, warmup, 2 * w, seed=1)
        t_jobs = timed(grade + ["--jobs", str(w), "--json", str(tmp / "jobs.json")])
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=50) as cluster:
            on = ["--cluster", cluster.scheduler_address]
            # fresh workers import the grader and start their zygotes on the first class
            t_cold = timed(grade[:-1] + [str(warmup)] + on)
            t_cluster = timed(grade + on + ["--json", str(tmp / "cl.json")])
        shutil.rmtree(warmup)
        same = (tmp / "jobs.json").read_bytes() == (tmp / "cl.json").read_bytes()
        print(f"{aid}, {n} notebooks, {w} worker process(es): cluster {t_cluster:.1f} s "
              f"({n / t_cluster:.2f} notebooks/s), --jobs {w} {t_jobs:.1f} s ({n / t_jobs:.2f} notebooks/s); "
              f"overhead {1000 * (t_cluster - t_jobs) / n:+.1f} ms a submission (target < 20); "
              f"results.json {'identical' if same else 'DIFFERENT'}; first class of {2 * w} on the "
              f"fresh workers: {t_cold:.1f} s", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="20 submissions, nbgrader on 6")
    ap.add_argument("--class-size", type=int, default=200)
    ap.add_argument("--nbgrader-notebooks", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--assignment", help="a bundled assignment id instead of the fixture (with --fair: "
                                         "only this one)")
    ap.add_argument("--fair", action="store_true", help="fair classes of distinct notebooks, every "
                                                         "assignment, against nbgrader; then the cluster")
    ap.add_argument("--cluster-assignment", default="rnn_bptt")
    ap.add_argument("--cluster-only", action="store_true", help="with --fair: the cluster figures alone")
    ap.add_argument("--workers", default="1,2,4", help="worker processes of the cluster runs ('' for none)")
    args = ap.parse_args()
    if args.fair:
        return fair(args)
    n = 20 if args.quick else args.class_size
    k = min(n, 6 if args.quick else args.nbgrader_notebooks)

    tmp = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    try:
        if args.assignment:
            from autograder.grading.spec import load

            aid, adir = args.assignment, ROOT / "assignments" / args.assignment
            right = load(aid, adir.parent).solution_path
            wrong = sorted(load(aid, adir.parent).samples_dir.glob("*.ipynb"))[0]
            grade = [sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid, "--quiet"]
        else:
            from tests.grading import notebooks as fx
            aid, adir = fx.ASSIGNMENT, fx.FIXTURES / fx.ASSIGNMENT
            right = fx.write(fx.submission(), tmp / "right.ipynb")
            wrong = fx.write(fx.submission(fx.WRONG), tmp / "wrong.ipynb")
            grade = [sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid,
                     "--assignments-dir", str(fx.FIXTURES), "--quiet"]
        print(f"assignment {aid}")

        floor = statistics.median(timed([sys.executable, "-c", FLOOR, str(right)], stderr=subprocess.DEVNULL)
                                  for _ in range(args.repeats))
        ours = statistics.median(timed(grade + [str(right), "--json", os.devnull]) for _ in range(args.repeats))
        print(f"one submission, cold: autograder {ours:.2f} s, nbclient floor {floor:.2f} s, "
              f"ratio {ours / floor:.2f} (target <= 1.5)")

        make_class(tmp / "class", n, right, wrong)
        make_class(tmp / "quarter", max(2, n // 4), right, wrong)
        t_small, rss_small = peak_rss_of(grade + ["--jobs", "2", str(tmp / "quarter")])
        t_class, rss_class = peak_rss_of(grade + ["--jobs", "2", str(tmp / "class"), "--json", str(tmp / "r.json")])
        ours_rate = n / t_class
        print(f"class of {n}, --jobs 2: {t_class:.1f} s ({1000 * t_class / n:.0f} ms a notebook), "
              f"peak RSS {rss_class:.0f} MB (class of {max(2, n // 4)}: {rss_small:.0f} MB)")
        scores = [r["score"] for r in json.loads((tmp / "r.json").read_text())]
        assert len(scores) == n, "a submission has no results entry"

        sample = sorted((tmp / "class").iterdir())[:k]
        course = nbgrader_course(tmp, adir, sample, aid)
        t_nbg = timed([sys.executable, "-m", "nbgrader", "autograde", aid], cwd=course,
                      stderr=subprocess.DEVNULL)
        nbg_rate = k / t_nbg
        print(f"nbgrader autograde of {k}: {t_nbg:.1f} s ({1000 * t_nbg / k:.0f} ms a notebook)")
        print(f"throughput ratio autograder --jobs 2 / nbgrader autograde: {ours_rate / nbg_rate:.1f}x "
              f"(target >= 3)")
        print(f"peak memory ratio class of {n} / class of {max(2, n // 4)}: {rss_class / rss_small:.2f} "
              "(flat is ~1)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
