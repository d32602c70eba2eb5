"""Published notation: how many correct answers are refused, how many verdicts are wrong,
and how long a check takes.

Run: PYTHONPATH=. python benchmarks/bench_notation.py [--process 5]

Corpus: the catalogue tests/expressions/published_mistakes.py (derivations in the notation of
public sources; correct and wrong) plus tests/expressions/answer_pairs.py and the answers in
textbook names of tests/expressions/textbook_names.py (Ng's a^{<t>} and Gamma gates, g_t, ...). In one warm
process (a warm-up pass, then a timed pass) it prints:
  - correct answers refused (verdict invalid): target under 1 in 50;
  - wrong verdicts (a correct answer called incorrect, or a wrong one called correct): 0;
  - wrong answers without a specific reason (diagnosis messages empty);
  - check time per answer, median and 99th percentile.
With --process N, it also times N whole `autograder check` processes (what a student runs),
median wall time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", "tests", "expressions")]

from published_mistakes import A, CASES  # noqa: E402
from answer_pairs import PAIRS  # noqa: E402
import textbook_names  # noqa: E402

from autograder.catalog import check_answer  # noqa: E402


def corpus():
    for source, question, answer, verdict, _ in CASES:
        yield A, question, None, answer, verdict, source
    for assignment, question, last, answer, verdict, _ in PAIRS:
        yield assignment, question, last, answer, verdict, "answer_pairs"
    for question, answer, _ in textbook_names.CORRECT:
        yield textbook_names.A, question, None, answer, "correct", "textbook names"
    for question, answer in textbook_names.WRONG:
        yield textbook_names.A, question, None, answer, "incorrect", "textbook names"
    for assignment, question, answer, _ in textbook_names.AMBIGUOUS:
        yield assignment, question, None, answer, "invalid", "textbook names"


def run_once(timed: bool):
    rows = []
    for assignment, question, last, answer, verdict, source in corpus():
        start = time.perf_counter()
        res = check_answer(assignment, question, answer, last_step=last)
        took = time.perf_counter() - start
        rows.append((verdict, res, took, source, question, answer))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--process", type=int, default=0, help="also time N whole check processes")
    args = ap.parse_args()
    run_once(False)
    rows = run_once(True)
    correct = [r for r in rows if r[0] == "correct"]
    wrong = [r for r in rows if r[0] == "incorrect"]
    refused = [r for r in correct if r[1].verdict == "invalid"]
    bad = [r for r in rows if (r[0] == "correct" and r[1].verdict == "incorrect")
           or (r[0] in ("incorrect", "invalid") and r[1].verdict == "correct")]
    silent = [r for r in wrong if r[1].verdict == "incorrect" and not r[1].diagnosis.get("messages")]
    times = sorted(r[2] * 1000 for r in rows)
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    published = [r for r in correct if r[3] != "answer_pairs"]
    named = len(rows) - len(CASES) - len(PAIRS)
    print(f"corpus: {len(rows)} answers ({len(CASES)} published-style, {len(PAIRS)} answer pairs, "
          f"{named} in textbook names)")
    print(f"correct answers refused: {len(refused)} of {len(correct)} "
          f"({100 * len(refused) / max(1, len(correct)):.1f}%); published notation: "
          f"{sum(1 for r in published if r[1].verdict == 'invalid')} of {len(published)}")
    for r in refused:
        print(f"  refused: {r[4]}: {r[5][:70]}  -- {r[1].feedback.splitlines()[0][:90]}")
    print(f"wrong verdicts: {len(bad)}")
    for r in bad:
        print(f"  WRONG: {r[4]}: {r[5][:70]} expected {r[0]}, got {r[1].verdict}")
    print(f"wrong answers without a specific reason: {len(silent)} of {len(wrong)}")
    for r in silent:
        print(f"  no reason: {r[4]}: {r[5][:70]}")
    print(f"check time: median {statistics.median(times):.1f} ms   p99 {p99:.1f} ms   "
          f"max {times[-1]:.1f} ms")
    if args.process:
        cmd = [sys.executable, "-m", "autograder.cli", "check", A, "grad_C_general",
               "o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1"]
        walls = []
        for _ in range(args.process):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            walls.append((time.perf_counter() - start) * 1000)
        print(f"whole `autograder check` process: median {statistics.median(walls):.0f} ms "
              f"over {args.process} runs")


if __name__ == "__main__":
    main()
