"""Time to grade a correct lstm_numpy submission, against starting Python with numpy.

Run: PYTHONPATH=. python benchmarks/bench_numeric.py
Prints the wall time of grade_file (including starting the sandbox zygote and worker),
the baseline (a fresh `python -c` that imports numpy, runs the solution notebook's two
answer cells and calls the four reference functions once), and their ratio. Targets: <= 1.5 s and <= 3x the baseline.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBMISSION = ROOT / "tests" / "numeric" / "submissions" / "lstm_correct.py"

BASELINE = f"""
import sys; sys.path.insert(0, {str(ROOT)!r})
import numpy as np
import json, types
cells = json.load(open({str(ROOT / "assignments" / "lstm_numpy" / "source" / "lstm_numpy.ipynb")!r}))["cells"]
L = {{"np": np}}
for c in cells:
    if c.get("id") in ("answer_step_functions", "answer_sequence_functions"):
        exec("".join(c["source"]), L)
L = types.SimpleNamespace(**L)
r = np.random.default_rng(0)
x, h0 = r.normal(size=(3, 7, 5)), r.normal(size=(3, 4))
Wx, Wh, b = r.normal(size=(5, 16)), r.normal(size=(4, 16)), r.normal(size=16)
hn, cn, c = L.lstm_step_forward(x[:, 0], h0, h0, Wx, Wh, b)
L.lstm_step_backward(hn, cn, c)
h, c = L.lstm_forward(x, h0, Wx, Wh, b)
L.lstm_backward(h, c)
"""


def baseline() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", BASELINE], check=True)
    return time.perf_counter() - t


def grade_once() -> float:
    """Grade in a fresh process, so the timing includes the grader's own imports too."""
    code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter()\n"
            "from autograder.numeric.grade_py import grade_file\n"
            f"r = grade_file('lstm_numpy', {str(SUBMISSION)!r}, 'bench')\n"
            "assert r['score'] == r['max_score'], r\n"
            "print(time.perf_counter() - t)")
    t = time.perf_counter()
    inner = float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                 text=True).stdout)
    return time.perf_counter() - t, inner


def main(repeats: int = 5):
    base = statistics.median(baseline() for _ in range(repeats))
    runs = [grade_once() for _ in range(repeats)]
    total = statistics.median(r[0] for r in runs)
    inner = statistics.median(r[1] for r in runs)
    sys.path.insert(0, str(ROOT))
    from autograder.numeric.grade_py import grade_file
    from autograder.sandbox import Zygote
    with Zygote() as z:
        grade_file("lstm_numpy", str(SUBMISSION), "warm", zygote=z)
        t = time.perf_counter()
        for _ in range(repeats):
            grade_file("lstm_numpy", str(SUBMISSION), "warm", zygote=z)
        warm = (time.perf_counter() - t) / repeats
    print(f"median of {repeats} runs")
    print(f"baseline: python + import numpy + 4 reference calls   {base:.3f} s")
    print(f"grade lstm_numpy (fresh process, incl. zygote start)  {total:.3f} s "
          f"(inside the process: {inner:.3f} s)   ratio {total / base:.2f}x")
    print(f"grade lstm_numpy with an already running zygote       {warm:.3f} s "
          f"  ratio {warm / base:.2f}x")
    print(f"targets: <= 1.5 s and <= 3x baseline: "
          f"{'met' if total <= 1.5 and total <= 3 * base else 'NOT met'}")


if __name__ == "__main__":
    main()
