"""The expression checker against `simplify(a - b) == 0` and `Expr.equals` on the corpus.

Run: PYTHONPATH=. python benchmarks/bench_check.py [--timeout 4] [--workers 2]
     [--ours-only] [--passes 3] [--cold]

`--ours-only` skips the baselines; `--passes N` times N passes and keeps each pair's best;
`--cold` empties the diagnosis caches before every pair (as if every answer were new to the
process). Another checkout is timed on the same corpus with PYTHONPATH=<checkout>.

1. Ours: `check_answer` on every pair of tests/expressions/answer_pairs.py in one warm process
   (one warm-up pass, then the timed pass): median and 99th percentile per pair, wrong
   verdicts and undecided against the corpus's expected verdicts.
2. The baselines, on the pairs that parse (expected correct or incorrect): the reference and
   the student's expression are placed at the concrete steps our engine would use, every node
   gradient is replaced by its expansion down to the given gradients, and every forward value
   by its definition down to the leaves (weights, inputs, the recurrent states just before the
   earliest step mentioned, the given gradients). Then `sympy.simplify(a - b) == 0` and
   `a.equals(b)` are run, each in a forked process with a per-pair timeout (a timeout counts
   as undecided, and its time as the timeout: a lower bound). The substitution is set-up and
   is not counted in the baselines' time.
   Verdicts of the baselines: simplify gives "equal" when the difference simplifies to 0,
   otherwise "not equal"; equals gives True / False / None (undecided).

One run (2 CPUs, sympy 1.14):

    command: PYTHONPATH=. python benchmarks/bench_check.py --timeout 2 --workers 2
    corpus: 207 pairs; baselines: timeout 2.0 s a pair, 2 worker processes

    == ours (check_answer, warm process, all pairs)
    median      1.4 ms   p99     15.7 ms   max     27.5 ms   mean      2.3 ms
    wrong verdicts 0   undecided 0   (of 207)
      slow:     27.5 ms  grad_h_t: W_y*y_t*(1-y_t)*grad_y_t + W_xf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp
      slow:     20.1 ms  grad_h_t: W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1**2*(1-f_tp1)*grad_f_tp1 + W_hi*i
      slow:     15.7 ms  grad_h_t: W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_t*(1-f_t)*grad_f_tp1 + W_hi*i_tp1*(1
      slow:     10.5 ms  grad_W_xf: Sum(X_t*f_t*(1-f_t)*grad_f_t, (t, 1, T-1))
      slow:     10.3 ms  grad_W_ho: Sum(h_tm1*o_t*(1-o_t)*tanh(C_tm1)*grad_h_t, (t, 1, T))

    == baselines on 178 parseable pairs (substitution set-up 28.2 s, median size 4252 ops, max 463438)
      simplify: wall 99.2 s; true identities called different: 0; wrong answers called equal: 0
      equals: wall 99.1 s; true identities called different: 0; wrong answers called equal: 0

    method          median         p99        mean  wrong  undecided (timeouts)  mean ratio median ratio
    ours            1.6 ms     15.7 ms      2.6 ms      0          0          0        1.0x         1.0x
    simplify     2000.0 ms   2000.0 ms   1096.7 ms      0         97         97      421.6x      1272.7x
    equals       2000.0 ms   2000.0 ms   1096.6 ms      0         97         97      421.5x      1272.7x

    (ratios: a method's time per pair over ours on the same pairs; timeouts counted at the timeout, so the baselines' figures are lower bounds)
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "expressions"))

import sympy  # noqa: E402

from answer_pairs import PAIRS  # noqa: E402
from autograder.catalog import check_answer, model_for  # noqa: E402
from autograder.derive.adjoint import Expander  # noqa: E402
from autograder.derive.references import reference  # noqa: E402
from autograder.derive.timeshift import pin  # noqa: E402
from autograder.expressions.model_vocabulary import vocabulary_for  # noqa: E402
from autograder.expressions.parse import parse_answer  # noqa: E402
from autograder.expressions.placement import choose, place  # noqa: E402
from autograder.models.naming import GRAD, split_time, sym  # noqa: E402


# ----------------------------------------------------------------------------- baselines
def to_leaves(model, exprs, last_step: bool) -> list[sympy.Expr]:
    """`exprs` (student, reference) at the placement our engine uses first, with node
    gradients expanded to given gradients and forward values substituted down to leaves."""
    p = choose(model, exprs, last_step, variant=0)
    placed = [place(e, p) for e in exprs]
    ex = Expander(model, p.horizon)
    placed = [ex._expand(e) for e in placed]
    nodes = set(model.node_names)

    def node_steps(e):
        for s in e.free_symbols:
            parts = None if s.name.startswith(GRAD) else split_time(s.name)
            if parts and parts[0] in nodes and parts[1] == "step":
                yield s, parts[0], parts[2]

    steps = [k for e in placed for _, _, k in node_steps(e)]
    if not steps:
        return placed
    first = max(1, min(steps))  # states at step first-1 are the leaves
    out = []
    for e in placed:
        for _ in range(50):  # each round replaces one layer of definitions
            sub = {s: pin(model.definitions[base], k) for s, base, k in node_steps(e) if k >= first}
            if not sub:
                break
            e = e.xreplace(sub)
        out.append(e)
    return out


def _simplify(a, b):
    return "equal" if sympy.simplify(a - b) == 0 else "not equal"


def _equals(a, b):
    r = a.equals(b)
    return {True: "equal", False: "not equal"}.get(r, "undecided")


METHODS = {"simplify": _simplify, "equals": _equals}


def _child(conn, method, a, b, timeout):
    signal.alarm(int(timeout) + 2)  # a backstop; the parent kills on its own timeout
    start = time.perf_counter()
    try:
        verdict = METHODS[method](a, b)
    except Exception as exc:  # noqa: BLE001 - a failure of the baseline is its undecided
        verdict = f"error: {type(exc).__name__}"
    conn.send((verdict, time.perf_counter() - start))
    conn.close()


def run_baseline(method: str, jobs: list[tuple[int, sympy.Expr, sympy.Expr]], timeout: float,
                 workers: int) -> dict[int, tuple[str, float]]:
    """Forked processes, `workers` at a time, each killed after `timeout` seconds."""
    ctx = mp.get_context("fork")
    results: dict[int, tuple[str, float]] = {}
    pending = list(jobs)
    running: list[tuple[int, mp.Process, object, float]] = []
    while pending or running:
        while pending and len(running) < workers:
            k, a, b = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, method, a, b, timeout))
            proc.start()
            child.close()
            running.append((k, proc, parent, time.monotonic()))
        time.sleep(0.005)
        still = []
        for k, proc, conn, started in running:
            if conn.poll():
                results[k] = conn.recv()
                proc.join()
            elif time.monotonic() - started > timeout:
                os.kill(proc.pid, signal.SIGKILL)
                proc.join()
                results[k] = ("timeout", timeout)
            elif not proc.is_alive() and not conn.poll():
                results[k] = ("error: died", time.monotonic() - started)
            else:
                still.append((k, proc, conn, started))
                continue
            conn.close()
        running = still
    return results


def empty_caches() -> None:
    """The per-process caches of placed, compiled candidate mistakes (absent in older
    checkouts, which this script can time too: PYTHONPATH=<checkout>)."""
    from autograder.expressions import equivalence, placement

    for cache in (getattr(equivalence, "_program", None), getattr(placement, "_time_span", None)):
        if cache is not None:
            cache.cache_clear()


# ----------------------------------------------------------------------------- reporting
def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def ms(x):
    return f"{x * 1000:8.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=4.0, help="per pair, for simplify/equals")
    ap.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--slowest", type=int, default=5)
    ap.add_argument("--passes", type=int, default=1,
                    help="timed passes over the corpus; each pair's time is its best pass")
    ap.add_argument("--cold", action="store_true",
                    help="empty the diagnosis caches before every pair (every answer new to the process)")
    ap.add_argument("--ours-only", action="store_true", help="skip the simplify/equals baselines")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    print("command: PYTHONPATH=. python benchmarks/bench_check.py " + " ".join(sys.argv[1:]))
    print(f"corpus: {len(PAIRS)} pairs; baselines: timeout {args.timeout} s a pair, "
          f"{args.workers} worker processes")

    # ---- ours
    for pair in PAIRS:  # warm-up: imports, compiled programs, consistent states
        check_answer(pair[0], pair[1], pair[3], last_step=pair[2])
    ours_t, ours_v = [float("inf")] * len(PAIRS), [None] * len(PAIRS)
    for _ in range(max(1, args.passes)):
        for k, (a, q, last, ans, _, _) in enumerate(PAIRS):
            if args.cold:
                empty_caches()
            start = time.perf_counter()
            r = check_answer(a, q, ans, last_step=last)
            ours_t[k] = min(ours_t[k], time.perf_counter() - start)
            ours_v[k] = r.verdict
    wrong = [i for i, p in enumerate(PAIRS) if ours_v[i] != p[4] and ours_v[i] != "undecided"]
    undecided = [i for i, v in enumerate(ours_v) if v == "undecided"]
    print(f"\n== ours (check_answer, warm process{', caches emptied before each pair' if args.cold else ''}, "
          f"all pairs, best of {max(1, args.passes)} pass(es))")
    print(f"median {ms(statistics.median(ours_t))}   p99 {ms(pct(ours_t, 99))}   "
          f"max {ms(max(ours_t))}   mean {ms(statistics.mean(ours_t))}")
    print(f"wrong verdicts {len(wrong)}   undecided {len(undecided)}   (of {len(PAIRS)})")
    for i in sorted(range(len(PAIRS)), key=lambda i: -ours_t[i])[:args.slowest]:
        print(f"  slow: {ms(ours_t[i])}  {PAIRS[i][1]}: {PAIRS[i][3][:70]}")
    for i in wrong:
        print(f"  WRONG: {PAIRS[i][1]}: {PAIRS[i][3][:70]} expected {PAIRS[i][4]} got {ours_v[i]}")

    if args.ours_only:
        return

    # ---- baselines on the parseable pairs
    jobs, index = [], []
    setup = time.perf_counter()
    for k, (a, q, last, ans, verdict, _) in enumerate(PAIRS):
        if verdict not in ("correct", "incorrect"):
            continue
        model = model_for(a)
        student = parse_answer(ans, vocabulary_for(model), forbid=() if q.startswith("path:") else {q})
        ref = reference(model, q, last_step=last)
        s, r = to_leaves(model, [student, ref], last)
        jobs.append((k, s, r))
        index.append(k)
    setup = time.perf_counter() - setup
    sizes = [sympy.count_ops(s) + sympy.count_ops(r) for _, s, r in jobs]
    print(f"\n== baselines on {len(jobs)} parseable pairs (substitution set-up {setup:.1f} s, "
          f"median size {statistics.median(sizes):.0f} ops, max {max(sizes)})")
    ours_sub = [ours_t[k] for k in index]
    ours_wrong = sum(1 for k in index if ours_v[k] != PAIRS[k][4] and ours_v[k] != "undecided")
    ours_und = sum(1 for k in index if ours_v[k] == "undecided")
    rows = [("ours", ours_sub, ours_wrong, ours_und, 0)]
    for method in METHODS:
        started = time.perf_counter()
        res = run_baseline(method, jobs, args.timeout, args.workers)
        wall = time.perf_counter() - started
        times = [res[k][1] for k in index]
        verdicts = {k: res[k][0] for k in index}
        want = {k: "equal" if PAIRS[k][4] == "correct" else "not equal" for k in index}
        und = sum(1 for k in index if verdicts[k] not in ("equal", "not equal"))
        timeouts = sum(1 for k in index if verdicts[k] == "timeout")
        bad = sum(1 for k in index if verdicts[k] in ("equal", "not equal") and verdicts[k] != want[k])
        rows.append((method, times, bad, und, timeouts))
        missed = [k for k in index if want[k] == "equal" and verdicts[k] == "not equal"]
        passed = [k for k in index if want[k] == "not equal" and verdicts[k] == "equal"]
        print(f"  {method}: wall {wall:.1f} s; "
              f"true identities called different: {len(missed)}; wrong answers called equal: {len(passed)}")
        for k in missed[:6]:
            print(f"    missed identity: {PAIRS[k][1]}: {PAIRS[k][3][:70]}")
    print(f"\n{'method':10s} {'median':>11s} {'p99':>11s} {'mean':>11s} {'wrong':>6s} {'undecided':>10s} "
          f"{'(timeouts)':>10s} {'mean ratio':>11s} {'median ratio':>12s}")
    base_mean, base_med = statistics.mean(ours_sub), statistics.median(ours_sub)
    for name, times, bad, und, tmo in rows:
        print(f"{name:10s} {ms(statistics.median(times))} {ms(pct(times, 99))} {ms(statistics.mean(times))} "
              f"{bad:6d} {und:10d} {tmo:10d} {statistics.mean(times) / base_mean:10.1f}x "
              f"{statistics.median(times) / base_med:11.1f}x")
    print("\n(ratios: a method's time per pair over ours on the same pairs; timeouts counted at the "
          "timeout, so the baselines' figures are lower bounds)")


if __name__ == "__main__":
    main()
