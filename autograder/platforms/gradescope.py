"""What Gradescope's image runs for each submission (`run_autograder` calls this module):
grade the notebook in ROOT/submission/ and write ROOT/results/results.json, one object in
the shape of Gradescope's autograder specification, whatever happens.

    python -m autograder.platforms.gradescope --assignment ID [--root /autograder] ...

ROOT is /autograder in Gradescope's containers ($AUTOGRADER_ROOT or --root elsewhere, e.g.
to try a bundle on one's own machine). The spec is ROOT/source/assignments/ID/.
Standard output is the instructor's log (Gradescope shows it to students only when
`stdout_visibility` says so); what a student reads is in results.json, in words.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
DEFAULT_ROOT = "/autograder"


def shape(result: dict, *, visibility: str = "visible", stdout_visibility: str = "hidden",
          seconds: float | None = None) -> dict:
    """A grader result as Gradescope's results.json: documented keys only, one object, plain
    text in every field a student reads (no HTML or Markdown is interpreted), the questions
    numbered in the spec's order. A pending question (graded by hand) has no status and the
    tag "pending", as in `grade --json`."""
    from autograder.grading.result_types import gradescope_view

    view = gradescope_view(result)
    tests = []
    for i, t in enumerate(view.get("tests", []), 1):
        qid = t.get("number")
        test = {"name": f"{t['name']} ({qid})" if qid and qid != t["name"] else t["name"],
                "name_format": "text", "number": str(i),
                "score": float(t["score"]), "max_score": float(t["max_score"]),
                "output": str(t.get("output") or ""), "output_format": "text"}
        if t.get("status") in ("passed", "failed"):
            test["status"] = t["status"]
        if t.get("tags"):
            test["tags"] = [str(x) for x in t["tags"]]
        tests.append(test)
    extra = result.get("extra_data", {})
    out = {"score": round(sum(t["score"] for t in tests), 4),
           "output": _summary(result, tests), "output_format": "text",
           "test_output_format": "text", "test_name_format": "text",
           "visibility": visibility, "stdout_visibility": stdout_visibility,
           "tests": tests,
           # stored for the instructor (never displayed): the diagnosis of each answer
           "extra_data": json.loads(json.dumps(
               {k: extra[k] for k in ("student_id", "assignment", "submission", "problems", "questions",
                                      "pending", "review", "ungradable") if k in extra}, default=str))}
    if seconds is not None:
        out["execution_time"] = int(round(seconds))
    return out


def _summary(result: dict, tests: list[dict]) -> str:
    """The top-level text a student reads first: the score, what is pending, what went wrong."""
    pending = [t for t in tests if "pending" in t.get("tags", ())]
    auto = sum(t["max_score"] for t in tests if t not in pending)
    got = sum(t["score"] for t in tests if t not in pending)
    lines = [f"Automatically graded: {got:g} of {auto:g} points."]
    if pending:
        lines.append(f"Graded by hand later: {', '.join(t['name'] for t in pending)} "
                     f"({sum(t['max_score'] for t in pending):g} points).")
    said = str(result.get("output") or "").strip()
    if said:
        lines += ["", said]
    return "\n".join(lines)


def student_id(metadata: Path) -> str:
    """The submitter, from Gradescope's submission_metadata.json (its numeric user ids; a
    group's joined): it seeds the per-student inputs of the code checks. "student" when the
    file is missing or unreadable (as when a bundle is tried by hand)."""
    try:
        users = json.loads(metadata.read_text(encoding="utf-8")).get("users") or []
        ids = sorted(str(u["id"]) for u in users if isinstance(u, dict) and "id" in u)
    except (OSError, ValueError, AttributeError, TypeError):
        ids = []
    return "gradescope-" + "-".join(ids) if ids else "student"


def _points_note(metadata: Path, total: float) -> str:
    """A line for the instructor when Gradescope's assignment has fewer points than the spec
    (the autograder's score would then exceed the assignment's total)."""
    try:
        points = float(json.loads(metadata.read_text(encoding="utf-8"))["assignment"]["total_points"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    if points + 1e-9 < total:
        return (f"note: the Gradescope assignment is worth {points:g} points, the spec {total:g}; "
                "set the assignment's points to at least the spec's total")
    return ""


def failure(message: str) -> dict:
    """results.json when not even the spec could be loaded: score 0 and the reason."""
    return {"score": 0.0, "output": message, "output_format": "text", "tests": [],
            "visibility": "visible", "stdout_visibility": "hidden"}


def run(root: Path, assignment_id: str, *, visibility: str = "visible", stdout_visibility: str = "hidden",
        cell_seconds: float = 10.0, total_seconds: float = 120.0, memory_mb: int = 2048) -> dict:
    """Grade ROOT/submission/ and write ROOT/results/results.json; returns what was written."""
    from autograder.grading.outputs import write_atomic

    started = time.monotonic()
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        payload = _grade(root, assignment_id, visibility, stdout_visibility, cell_seconds, total_seconds,
                         memory_mb, started)
    except Exception as e:      # the grader's own fault: still one object, and the reason
        print(f"error: the grader failed: {type(e).__name__}: {e}", flush=True)
        payload = failure("The grader failed on this submission (not because of your work); "
                          "your instructor can see why and regrade it.")
    write_atomic(results, json.dumps(payload, indent=2) + "\n")
    print(f"wrote {results}: score {payload['score']:g}", flush=True)
    return payload


def _grade(root, assignment_id, visibility, stdout_visibility, cell_seconds, total_seconds, memory_mb,
           started) -> dict:
    from autograder.grading.pipeline import Options, load_assignment
    from autograder.grading.spec import SpecError

    from .single import grade_folder

    specs = root / "source" / "assignments"
    try:
        asg = load_assignment(assignment_id, specs)
    except (KeyError, SpecError) as e:
        print(f"error: the bundle's spec cannot be used: {e.args[0] if e.args else e}", flush=True)
        return failure("The autograder is not set up correctly (its assignment spec cannot be read); "
                       "this is not your fault, and your instructor can see why.")
    metadata = root / "submission_metadata.json"
    note = _points_note(metadata, asg.total_points)
    if note:
        print(note, flush=True)
    options = Options(cell_seconds=cell_seconds, total_seconds=total_seconds, memory_mb=memory_mb,
                      root=str(specs))
    result = grade_folder(asg, root / "submission", student_id(metadata), options)
    extra = result.get("extra_data", {})
    for problem in extra.get("problems", []):
        print(f"problem: {problem}", flush=True)
    if extra.get("review"):      # undecided answers and grader failures: pending until a person looks
        print(f"to review by hand: {', '.join(extra['review'])}", flush=True)
    return shape(result, visibility=visibility, stdout_visibility=stdout_visibility,
                 seconds=time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m autograder.platforms.gradescope",
                                description="Grade ROOT/submission/ into ROOT/results/results.json.")
    p.add_argument("--assignment", required=True)
    p.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", DEFAULT_ROOT))
    p.add_argument("--visibility", choices=VISIBILITIES, default="visible")
    p.add_argument("--stdout-visibility", choices=VISIBILITIES, default="hidden")
    p.add_argument("--cell-timeout", type=float, default=10.0)
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--memory-mb", type=int, default=2048)
    a = p.parse_args(argv)
    run(Path(a.root), a.assignment, visibility=a.visibility, stdout_visibility=a.stdout_visibility,
        cell_seconds=a.cell_timeout, total_seconds=a.timeout, memory_mb=a.memory_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
