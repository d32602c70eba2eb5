"""How long a whole `autograder check` process takes, the command a student runs, paired
with the floors it cannot go below: a Python that imports SymPy and does nothing else, one
that also adds two symbols (SymPy's first sum imports sympy.tensor.tensor and
sympy.combinatorics, which no SymPy program avoids), and a Python that does nothing at all.

Run: python benchmarks/bench_check_process.py [-n 15] [--answer TEXT] [--question ID]

The commands run in turn (check, import sympy, first sum, pass; check, ...) after one
warm-up round, so a machine whose speed drifts slows all three alike. For each it prints
the median wall time and the median CPU time (user + sys of the child, from the kernel's
accounting), and the ratios check / import-sympy and check / pass computed round by round.
"check - sympy" is what the grader itself costs on top of SymPy's import.

Byte-code is written for the runs (PYTHONDONTWRITEBYTECODE is cleared for the children), as
an installed package has it; the warm-up round writes what is missing.

The default answers are one correct and one wrong (the wrong one runs the diagnosis). The
command is the `autograder` script beside this Python (the venv's), else `python -m
autograder.cli`. To time another checkout with the same venv, put its folder first on
PYTHONPATH (the children inherit it).

A right answer in the quick subset (plain text or LaTeX) is decided from the question's quick entry
once one check of the question has written it; the run keeps its entries in a folder of its
own, written in the warm-up round. Two more rows time the first answer without it: "quick
off" (AUTOGRADER_QUICK_CHECK=0) and "first check" (a new cache folder every run: the full
check, then the entry written). --student also times the student install's command
(autograder.cli_student) in a folder released for the run.

One run (2 shared CPUs, load average ~1, sympy 1.14, python 3.11), `python
benchmarks/bench_check_process.py -n 15 --student`:

    command                                                              wall        cpu
    check grad_C_general o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1            123 ms     122 ms
    check grad_C_general \nabla h_t o_t (1-\tanh^2(C_t)) + ...          542 ms     542 ms
    quick off: check grad_C_general o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1 514 ms     513 ms
    first check: grad_C_general o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1     566 ms     566 ms
    student: check grad_C_general o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1   129 ms     128 ms
    student: check grad_C_general \nabla h_t o_t (1-\tanh^2(C_t)) ...  194 ms     266 ms
    import sympy                                                       360 ms     359 ms
    import sympy; first sum                                            390 ms     390 ms
    pass                                                                28 ms      27 ms

check / import sympy (wall, round by round): the right answer 0.34 (the student's 0.36);
the wrong LaTeX answer 1.53 in the instructor's command, which diagnoses it with SymPy, and
0.53 in the student's, which judges it from the sealed values (numpy's import is most of
the rest, and its threads put CPU above wall). A right LaTeX answer,
`--answer '\frac{\partial L}{\partial h_t} o_t (1-\tanh^2(C_t)) + \delta C_{t+1} f_{t+1}'`:
118 ms, the student's 127 ms. The same script on the code before quick entries
(PYTHONPATH set to that checkout): the right answer 1.38 (517 ms), the student's 850 ms,
the wrong one 1.42.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ASSIGNMENT = "lstm_univariate"
ANSWERS = [
    ("grad_C_general", "o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1"),       # correct, variant notation
    ("grad_C_general", r"\nabla h_t o_t (1-\tanh^2(C_t)) + \nabla C_{t+1} f_t"),  # wrong step
]


def autograder_command() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "autograder")
    if os.path.exists(script):
        return [script]
    found = shutil.which("autograder")
    return [found] if found else [sys.executable, "-m", "autograder.cli"]


def run(cmd: list[str], env: dict, cwd=None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + sys) and exit code of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return wall, cpu, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=15, help="counted rounds (default 15)")
    ap.add_argument("--question", default=None, help="question id (with --answer)")
    ap.add_argument("--answer", default=None, help="one answer instead of the default two")
    ap.add_argument("--student", action="store_true",
                    help="also time the student install's check (autograder.cli_student) in a "
                         "folder released for the run")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cache = tempfile.mkdtemp(prefix="bench-check-cache-")
    env["AUTOGRADER_CACHE"] = cache        # the quick entries of this run only
    answers = [(args.question or ANSWERS[0][0], args.answer)] if args.answer else ANSWERS
    commands = {f"check {q} {a}": (autograder_command() + ["check", ASSIGNMENT, q, a], env)
                for q, a in answers}
    q, a = answers[0]
    # the same check without its quick entry: quick checks off, and the very first check of
    # the question (a new cache folder every run: the full check, then the entry written)
    commands[f"quick off: check {q} {a}"] = (autograder_command() + ["check", ASSIGNMENT, q, a],
                                             dict(env, AUTOGRADER_QUICK_CHECK="0"))
    commands[f"first check: {q} {a}"] = (autograder_command() + ["check", ASSIGNMENT, q, a], None)
    released = None
    if args.student:
        released = tempfile.mkdtemp(prefix="bench-check-release-")
        subprocess.run(autograder_command() + ["release", ASSIGNMENT, "--out", released], check=True,
                       env=env, stdout=subprocess.DEVNULL)
        for q_, a_ in answers:
            commands[f"student: check {q_} {a_}"] = (
                [sys.executable, "-m", "autograder.cli_student", "check", ASSIGNMENT, q_, a_], "student")
    commands["import sympy"] = ([sys.executable, "-c", "import sympy"], env)
    commands["import sympy; first sum"] = ([sys.executable, "-c",
                                            "import sympy; sympy.Symbol('x') + sympy.Symbol('y')"], env)
    commands["pass"] = ([sys.executable, "-c", "pass"], env)

    def once(cmd, cmd_env):
        if cmd_env == "student":
            return run(cmd, env, cwd=os.path.join(released, ASSIGNMENT))
        if cmd_env is None:
            with tempfile.TemporaryDirectory(prefix="bench-check-first-") as fresh:
                return run(cmd, dict(env, AUTOGRADER_CACHE=fresh))
        return run(cmd, cmd_env)

    for cmd, cmd_env in commands.values():            # warm-up: byte-code, page cache, entries
        once(cmd, cmd_env)
    wall = {k: [] for k in commands}
    cpu = {k: [] for k in commands}
    for _ in range(args.n):
        for name, (cmd, cmd_env) in commands.items():
            w, c, _ = once(cmd, cmd_env)
            wall[name].append(w)
            cpu[name].append(c)
    shutil.rmtree(cache, ignore_errors=True)
    if released:
        shutil.rmtree(released, ignore_errors=True)
    ms = lambda xs: f"{1000 * statistics.median(xs):7.0f} ms"  # noqa: E731
    print(f"{args.n} rounds, python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'command':<72} {'wall':>10} {'cpu':>10}")
    for name in commands:
        print(f"{name[:72]:<72} {ms(wall[name])} {ms(cpu[name])}")
    for name in commands:
        if name.startswith(("import", "pass")):
            continue
        ratio = lambda a, b: statistics.median(x / y for x, y in zip(a, b))  # noqa: E731
        over = statistics.median(x - y for x, y in zip(wall[name], wall["import sympy"]))
        print(f"{name[:60]}\n    check / import sympy: wall {ratio(wall[name], wall['import sympy']):.2f}"
              f"  cpu {ratio(cpu[name], cpu['import sympy']):.2f};  check / pass: wall "
              f"{ratio(wall[name], wall['pass']):.1f};  check - sympy: {1000 * over:.0f} ms wall")


if __name__ == "__main__":
    main()
