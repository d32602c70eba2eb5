"""A fair class for benchmarks: N distinct submissions of a bundled assignment, as real
notebooks, the same for a given seed.

A class of copies of one notebook measures caches, not grading. Here every student's
notebook is the solution with each answer drawn independently:

- expression answers: the reference, or one of the catalogued mistakes the checker knows
  (expressions.mistakes, via the checker's own mutant list), each printed in one of a few
  notations (SymPy text, LaTeX, `^` for `**`, terms in another order);
- code answers: the solution, a change from the bundled wrong submissions
  (assignments/make_samples.py), or a source change for one of the
  realistic bugs (most of them single edits of the solution, as numeric/mutants.py makes);
- value answers: the solution, a slip of a few percent, a rounded value, or no answer;
- derivations: right, the bundled broken one, or a step missing.

About a third of the students get everything right. No two notebooks of a class are the
same file. Run:

    python benchmarks/fair_class.py ASSIGNMENT FOLDER [--n 200] [--seed 0]
"""
from __future__ import annotations

import argparse
import copy
import random
import sys
from functools import lru_cache
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "assignments"))

ASSIGNMENTS = ("lstm_univariate", "rnn_bptt", "lstm_numpy", "lstm_gradient_flow")

# Source changes in the solution's code for realistic bugs, most of them single edits of the
# kinds numeric/mutants.py makes from the solution: {assignment: {answer cell: [(label, old, new)]}}
CODE_BUGS = {
    "rnn_bptt": {
        "answer_step_functions": [
            ("tanh_prime_linear", "(1.0 - next_h ** 2)", "(1.0 - next_h)"),
            ("tanh_prime_square_of_difference", "(1.0 - next_h ** 2)", "(1.0 - next_h) ** 2"),
            ("no_tanh_prime", "dz = dnext_h * (1.0 - next_h ** 2)", "dz = dnext_h"),
            ("Wh_not_transposed", "dprev_h = dz @ Wh.T", "dprev_h = dz @ Wh"),
            ("dWh_uses_next_h", "dWh = prev_h.T @ dz", "dWh = next_h.T @ dz"),
        ],
        "answer_sequence_functions": [
            ("no_h_recurrence", "rnn_step_backward(dh[:, t] + dprev_h, cache[t])",
             "rnn_step_backward(dh[:, t], cache[t])"),
            ("forward_in_time", "for t in reversed(range(T)):", "for t in range(T):"),
            ("skip_first_step", "for t in reversed(range(T)):", "for t in reversed(range(1, T)):"),
            ("dh0_zero", "dh0 = dprev_h", "dh0 = np.zeros((N, H))"),
        ],
    },
    "lstm_numpy": {
        "answer_step_functions": [
            ("cell_tanh_prime_linear", "(1.0 - tanh_c ** 2)", "(1.0 - tanh_c)"),
            ("g_tanh_prime_linear", "(1.0 - g ** 2)", "(1.0 - g)"),
            ("sigmoid_prime_i", "dc * g * i * (1.0 - i)", "dc * g * i"),
            ("sigmoid_prime_f_complement", "dc * prev_c * f * (1.0 - f)", "dc * prev_c * (1.0 - f)"),
            ("no_dnext_c", "dc = dnext_c + dnext_h", "dc = dnext_h"),
            ("df_uses_next_c", "dc * prev_c * f", "dc * (f * prev_c + i * g) * f"),
            ("dprev_c_missing_f", "dprev_c = dc * f", "dprev_c = dc"),
            ("do_uses_next_c", "dnext_h * tanh_c * o", "dnext_h * (f * prev_c + i * g) * o"),
        ],
        "answer_sequence_functions": [
            ("no_h_recurrence", "dh[:, t] + dprev_h, dprev_c", "dh[:, t], dprev_c"),
            ("no_c_recurrence", "dh[:, t] + dprev_h, dprev_c, cache[t]",
             "dh[:, t] + dprev_h, np.zeros((N, H)), cache[t]"),
            ("forward_in_time", "for t in reversed(range(T)):", "for t in range(T):"),
            ("dh0_zero", "dh0 = dprev_h", "dh0 = np.zeros((N, H))"),
        ],
    },
}


def _code_changes(assignment: str) -> dict[str, list[tuple[str, str]]]:
    """(old, new) source changes per code answer cell: the bundled wrong submissions' and
    the realistic bugs of CODE_BUGS."""
    from make_samples import MISTAKES

    out: dict[str, list[tuple[str, str]]] = {}
    for changes in MISTAKES.get(assignment, {}).values():
        for gid, old, new in changes:
            if old is not None:
                out.setdefault(gid, []).append((old, new))
    for gid, bugs in CODE_BUGS.get(assignment, {}).items():
        out.setdefault(gid, []).extend((old, new) for _key, old, new in bugs)
    return out


def _text_answers(assignment: str) -> dict[str, list[str]]:
    """Wrong text answers of the bundled wrong submissions, per answer cell."""
    from make_samples import MISTAKES

    out: dict[str, list[str]] = {}
    for changes in MISTAKES.get(assignment, {}).values():
        for gid, old, new in changes:
            if old is None:
                out.setdefault(gid, []).append(new)
    return out


@lru_cache(maxsize=None)
def _expression_pool(model_name: str, target: str, last_step: bool):
    """The reference and the checker's catalogued mistakes for one question (sympy)."""
    from autograder.expressions.check import _mutants, derive_reference
    from autograder.models import get_model

    model = get_model(model_name)
    ref = derive_reference(model, target, last_step=last_step)
    return model, ref, [m.expr for m in _mutants(model, target, ref, last_step)]


def _notation(rng: random.Random, model, expr) -> str:
    """One way a student might write `expr`."""
    import sympy

    from autograder.derive.printing import to_latex, to_text

    how = rng.randrange(5)
    if how == 0:
        return to_latex(model, expr)
    if how == 1:
        return to_text(expr).replace("**", "^")
    if how == 2 and isinstance(expr, sympy.Add):
        terms = list(expr.args)
        rng.shuffle(terms)
        return " + ".join(to_text(t) for t in terms).replace("+ -", "- ")
    if how == 3:
        return to_text(expr).replace(" ", "")
    return to_text(expr)


def _set_text(cell, text: str) -> None:
    var = cell.source.split("=", 1)[0].strip()
    cell.source = f'{var} = r"""\n{text}\n"""'


def _student(rng: random.Random, assignment, solution, codes, texts, all_right: bool):
    nb = copy.deepcopy(solution)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for q in assignment.questions:
        cell = cells.get(q.answer_cell)
        if cell is None or all_right or rng.random() < 0.45:
            continue                       # right as in the solution (its own notation)
        if q.kind == "expression":
            model, ref, wrong = _expression_pool(assignment.model, q.target, q.last_step)
            pick = rng.random()
            if pick < 0.25:
                _set_text(cell, _notation(rng, model, ref))          # right, another notation
            elif pick < 0.35 and texts.get(q.answer_cell):
                _set_text(cell, rng.choice(texts[q.answer_cell]))
            else:
                _set_text(cell, _notation(rng, model, rng.choice(wrong)))
        elif q.kind == "derivation":
            lines = cell.source.split('"""')[1].strip().splitlines()
            if rng.random() < 0.5 and texts.get(q.answer_cell):
                _set_text(cell, rng.choice(texts[q.answer_cell]))
            elif len(lines) > 2:
                _set_text(cell, "\n".join(lines[:1] + lines[2:]))   # a step skipped
        elif q.kind == "code" and codes.get(q.answer_cell):
            options = [(o, n) for o, n in codes[q.answer_cell] if o in cell.source]
            for old, new in rng.sample(options, k=min(len(options), rng.choice((1, 1, 2)))):
                cell.source = cell.source.replace(old, new)
        elif q.kind == "value" and q.variable:
            cell.source += rng.choice([f"\n{q.variable} = {q.variable} * 1.05",
                                       f"\n{q.variable} = round({q.variable}, 1)",
                                       f"\n{q.variable} = None",
                                       f"\n{q.variable} = -{q.variable}"])
    return nb


def write_class(assignment_id: str, folder: str | Path, n: int = 200, seed: int = 0) -> list[Path]:
    """Write `n` distinct notebooks of `assignment_id` into `folder` (s0000.ipynb, ...)."""
    from autograder.authoring.notebook import read, solution_notebook
    from autograder.grading.pipeline import load_assignment

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    assignment = load_assignment(assignment_id, ROOT / "assignments")
    solution = solution_notebook(read(assignment.solution_path))   # as a student hands it in
    codes, texts = _code_changes(assignment_id), _text_answers(assignment_id)
    rng = random.Random(f"{assignment_id}:{seed}")
    seen: set[str] = set()
    paths = []
    for i in range(n):
        for attempt in range(50):
            nb = _student(rng, assignment, solution, codes, texts, all_right=rng.random() < 0.3)
            text = nbformat.writes(nb)
            if text not in seen:
                break
            # few answers to vary (all right, say): the student's own comment makes it theirs
            first = next(c for c in nb.cells if c.cell_type == "code")
            first.source = f"# worked on by s{i:04d}, try {attempt}\n" + first.source
            text = nbformat.writes(nb)
            if text not in seen:
                break
        seen.add(text)
        path = folder / f"s{i:04d}.ipynb"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("assignment", choices=ASSIGNMENTS)
    ap.add_argument("folder")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    paths = write_class(args.assignment, args.folder, args.n, args.seed)
    print(f"{len(paths)} notebooks of {args.assignment} in {args.folder}")


if __name__ == "__main__":
    main()
