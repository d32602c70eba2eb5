"""Exports of a class's results: Gradescope results.json and a CSV gradebook."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from .result_types import gradescope_view


def to_json(results: list[dict]) -> str:
    """One object for one submission, a list for several (Gradescope's results.json shape)."""
    views = [gradescope_view(r) for r in results]
    payload = views[0] if len(views) == 1 else views
    return json.dumps(payload, indent=2, sort_keys=False, default=str)


def _qid(test: dict) -> str:
    return str(test.get("number") or test["name"])


def gradebook_csv(results: list[dict]) -> str:
    """One row per student, one column per question, then the total and the maximum."""
    columns: list[str] = []
    for r in results:
        for t in r["tests"]:
            if _qid(t) not in columns:
                columns.append(_qid(t))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["student_id", *columns, "total", "max_score", "pending", "problems"])
    for r in results:
        extra = r.get("extra_data", {})
        by = {_qid(t): t for t in r["tests"]}
        w.writerow([extra.get("student_id", ""),
                    *[f"{by[c]['score']:g}" if c in by else "" for c in columns],
                    f"{r['score']:g}", f"{r['max_score']:g}",
                    " ".join(extra.get("pending", [])),
                    "; ".join(extra.get("problems", []))[:500]])
    return out.getvalue()


def summary(results: list[dict]) -> dict:
    """What a summary table shows: count, mean, most often wrong, not graded."""
    graded = [r for r in results if not r.get("extra_data", {}).get("error")]
    wrong = Counter(_qid(t) for r in graded for t in r["tests"] if t["status"] == "failed")
    return {
        "submissions": len(results),
        "graded": len(graded),
        "mean": (sum(r["score"] for r in graded) / len(graded)) if graded else 0.0,
        "max_score": max((r["max_score"] for r in results), default=0.0),
        "most_wrong": wrong.most_common(5),
        "not_graded": [r.get("extra_data", {}).get("student_id", "?") for r in results
                       if r.get("extra_data", {}).get("error")],
        "review": sorted({f"{r['extra_data'].get('student_id')}:{q}" for r in results
                          for q in r.get("extra_data", {}).get("review", [])}),
    }
