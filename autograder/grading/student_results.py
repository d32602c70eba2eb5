"""The student's copy of results.json: scores and words, nothing of the instructor's data.

`autograder grade --json` writes, under each result's `extra_data`, what the instructor
needs: the raw diagnosis of every answer (which term is missing, its coefficient, the path
it names), expected values of wrong numbers, cell ids. That is instructor output. What a
student may be shown is each question's score, status and feedback sentence (`output`),
the total, and who and what was graded.

    python -m autograder.grading.student_results results.json > student-results.json
"""
from __future__ import annotations

import json
import sys

TEST_KEYS = ("name", "number", "score", "max_score", "status", "output", "tags", "visibility")
EXTRA_KEYS = ("student_id", "assignment", "pending")


def words_only(result: dict) -> dict:
    """One result (a results.json object) with only what a student may read."""
    out = {k: result[k] for k in ("score", "max_score", "output") if k in result}
    out["tests"] = [{k: t[k] for k in TEST_KEYS if k in t} for t in result.get("tests", [])]
    extra = result.get("extra_data", {})
    out["extra_data"] = {k: extra[k] for k in EXTRA_KEYS if k in extra}
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m autograder.grading.student_results RESULTS.json", file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as err:
        print(f"cannot read {argv[0]}: {err}", file=sys.stderr)
        return 2
    view = [words_only(r) for r in data] if isinstance(data, list) else words_only(data)
    print(json.dumps(view, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
