"""Time parsing of typical and hostile answers; prints per-answer times and ratios.

Run: PYTHONPATH=. python benchmarks/bench_parse.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "expressions"))

from autograder.expressions.errors import AnswerError  # noqa: E402
from autograder.expressions.parse import parse_answer  # noqa: E402
from parse_vocabularies import lstm_vocabulary  # noqa: E402

CASES = {
    "text answer": "o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1",
    "latex answer": r"$o_t(1-\tanh^2(C_t))\nabla h_t + f_{t+1}\nabla C_{t+1}$",
    "1 MB answer": "h_t+" * 250_000 + "h_t",
    "10**10**10": "10**10**10",
    "300 brackets": "(" * 300 + "h_t" + ")" * 300,
    "exp tower": "exp(exp(exp(exp(10))))",
    "import": "__import__('os').system('true')",
    "latex input": r"\input{/etc/passwd}",
}


def main(repeat: int = 200) -> None:
    vocab = lstm_vocabulary()
    base = None
    for label, text in CASES.items():
        start = time.perf_counter()
        for _ in range(repeat):
            try:
                parse_answer(text, vocab)
            except AnswerError:
                pass
        per = (time.perf_counter() - start) / repeat
        base = base or per
        print(f"{label:14s} {per * 1e3:8.3f} ms   {per / base:6.2f}x text answer")


if __name__ == "__main__":
    main()
