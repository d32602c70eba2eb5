"""Derivation speed against the naive unrolled-and-differentiated baseline, in one run.

    python benchmarks/bench_derive.py            # includes the T=3 baseline (about 70 s)
    python benchmarks/bench_derive.py --quick    # baseline at T=2 only

Prints: the time to derive the complete reference set of the univariate LSTM (every node
and weight, one-level and expanded forms, path tables for T = 1..6) from a cold start; the
time to evaluate one reference at one state in float64; and SymPy's diff of the unrolled
loss (with respect to all 14 weights) at T=2 and T=3, with the ratios.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

import sympy


def derive_everything():
    from autograder.derive import (Expander, PathTable, clear_caches, expanded, one_level,
                                   weight_gradient)
    from autograder.models import get_model

    M = get_model("lstm_univariate")

    clear_caches()
    t0 = time.perf_counter()
    count = 0
    for node in M.node_names:
        for last in (False, True):
            one_level(M, node, last)
            count += 1
        for k in range(0, 6):
            expanded(M, node, k)
            count += 1
    for w in M.weight_names:
        weight_gradient(M, w)
        count += 1
    paths = 0
    for T in range(1, 7):
        ex, table = Expander(M, T), PathTable(M, T)
        for node in M.node_names:
            for t in range(1, T + 1):
                ex.node(node, t)
                paths += len(table.node(node, t))
                count += 1
        for w in M.weight_names:
            ex.weight(w)
            paths += len(table.weight(w))
            count += 1
    return time.perf_counter() - t0, count, paths


def evaluate_one():
    from autograder.derive import reference, run_passes
    from autograder.derive.evaluate import compile_expr
    from autograder.derive.simulate import random_leaves, state_symbols
    from autograder.derive.timeshift import pin
    from autograder.models import get_model

    M = get_model("lstm_univariate")

    state = state_symbols(run_passes(M, 4, random_leaves(M, 4, random.Random(0))))
    expr = pin(reference(M, "grad_h_t"), 2)
    t0 = time.perf_counter()
    prog = compile_expr(expr)
    compile_s = time.perf_counter() - t0
    args = [state[s] for s in prog.symbols]
    runs = []
    for _ in range(2000):
        t0 = time.perf_counter()
        prog.run(args)
        runs.append(time.perf_counter() - t0)
    return compile_s, statistics.median(runs)


def naive(T: int) -> float:
    """Unroll the loss sum_t g_t*y_t into one expression (sigmoid written with exp, as
    one would without our sigma) and differentiate it with respect to every weight."""
    sig = lambda x: 1 / (1 + sympy.exp(-x))  # noqa: E731
    W = {n: sympy.Symbol(n) for n in ("W_hf W_xf W0_f W_hi W_xi W0_i W_ho W_xo W0_o W_hc W_xc W0_c W_y W0_y").split()}
    h, C = sympy.Symbol("h_0"), sympy.Symbol("C_0")
    loss = 0
    for t in range(1, T + 1):
        X, g = sympy.Symbol(f"X_{t}"), sympy.Symbol(f"g_{t}")
        f = sig(W["W_hf"] * h + W["W_xf"] * X + W["W0_f"])
        i = sig(W["W_hi"] * h + W["W_xi"] * X + W["W0_i"])
        o = sig(W["W_ho"] * h + W["W_xo"] * X + W["W0_o"])
        c = sympy.tanh(W["W_hc"] * h + W["W_xc"] * X + W["W0_c"])
        C = f * C + i * c
        h = o * sympy.tanh(C)
        loss += g * sig(W["W_y"] * h + W["W0_y"])
    t0 = time.perf_counter()
    for w in W.values():
        sympy.diff(loss, w)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the T=3 baseline (about 70 s)")
    args = ap.parse_args()
    import autograder.derive  # noqa: F401  (import cost is not derivation cost)

    derive_s, count, paths = derive_everything()
    compile_s, run_s = evaluate_one()
    print(f"complete reference set (univariate LSTM): {count} gradients, {paths} paths, "
          f"derived in {derive_s:.3f} s (target < 1 s)")
    print(f"one reference (grad_h_t at t=2), float64: compile {compile_s * 1e3:.2f} ms once, "
          f"then {run_s * 1e6:.1f} us per evaluation (target < 1 ms)")
    for T in ([2] if args.quick else [2, 3]):
        base = naive(T)
        print(f"naive unrolled diff at T={T} (all 14 weights): {base:.2f} s -> "
              f"complete set is {base / derive_s:.1f}x faster")


if __name__ == "__main__":
    main()
