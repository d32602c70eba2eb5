"""PrairieLearn's external grader: grade the notebook in ROOT/student/ (ROOT is /grade in
PrairieLearn's container) and write ROOT/results/results.json in PrairieLearn's shape:
`gradable`, `score` (0..1), `message`, `tests` (`name`, `description`, `points`,
`max_points`, `message`), whatever happens.

    autograder prairielearn ASSIGNMENT [--root /grade] [--spec PATH]

The spec is ROOT/tests/assignment.toml (the question's tests/ folder) unless --spec names
another; code questions are checked against the solution notebook beside it
(tests/ASSIGNMENT.ipynb, whose answer cells are the numeric reference), and the declaration
of its model (`<model>.model.toml`) and the assignment's support.py, when it has one, are
beside it too. An upload without a gradable notebook (nothing, several, not a notebook) is "not
gradable": PrairieLearn then takes no attempt from the student. The score is of the
automatically graded points; questions graded by hand are listed with their points (they are
PrairieLearn's manual points).
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

DEFAULT_ROOT = "/grade"
MAX_BYTES = 1 << 20            # PrairieLearn's limit on results.json


def shape(result: dict) -> dict:
    """A grader result as PrairieLearn reads it."""
    tests, auto, earned, manual = [], 0.0, 0.0, []
    for t in result.get("tests", []):
        pending = t.get("status") == "pending"
        if pending:
            manual.append(t)
        else:
            auto += float(t["max_score"])
            earned += float(t["score"])
        tests.append({"name": t["name"], "description": f"question {t.get('number') or t['name']}"
                      + (" (graded by hand)" if pending else ""),
                      "points": float(t["score"]), "max_points": float(t["max_score"]),
                      "message": str(t.get("output") or "")})
    lines = [f"Automatically graded: {earned:g} of {auto:g} points."]
    if manual:
        lines.append(f"Graded by hand later: {', '.join(t['name'] for t in manual)}.")
    said = str(result.get("output") or "").strip()
    if said:
        lines += ["", said]
    return {"gradable": True, "score": min(1.0, max(0.0, earned / auto)) if auto > 0 else 0.0,
            "message": "\n".join(lines), "tests": tests}


def not_gradable(message: str) -> dict:
    return {"gradable": False, "score": 0.0, "message": message, "format_errors": [message], "tests": []}


def student_id(data_file: Path) -> str:
    """What seeds the code checks: the variant's seed from data.json, else "student"."""
    try:
        seed = json.loads(data_file.read_text(encoding="utf-8")).get("variant_seed")
    except (OSError, ValueError, AttributeError):
        seed = None
    return f"prairielearn-{seed}" if isinstance(seed, (int, str)) and str(seed) else "student"


def run(root: Path, assignment_id: str, spec: Path | None = None, *, cell_seconds: float = 10.0,
        total_seconds: float = 120.0, memory_mb: int = 2048) -> dict:
    """Grade ROOT/student/ and write ROOT/results/results.json; returns what was written."""
    from autograder.grading.outputs import write_atomic

    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)      # PrairieLearn does not create it
    try:
        payload = _grade(root, assignment_id, spec or root / "tests" / "assignment.toml",
                         cell_seconds, total_seconds, memory_mb)
    except Exception as e:          # the grader's fault: the student keeps the attempt
        print(f"error: the grader failed: {type(e).__name__}: {e}", flush=True)
        payload = not_gradable("The grader failed on this submission (not because of your work); "
                               "submit again, or ask your instructor.")
    text = json.dumps(payload, indent=2) + "\n"
    if len(text.encode()) > MAX_BYTES:      # long outputs: keep the scores, shorten the words
        for t in payload["tests"]:
            t["message"] = t["message"][:2000]
        text = json.dumps(payload, indent=2) + "\n"
    write_atomic(results, text)
    print(f"wrote {results}: score {payload['score']:g}", flush=True)
    return payload


def _grade(root, assignment_id, spec_file, cell_seconds, total_seconds, memory_mb) -> dict:
    from autograder.grading.pipeline import Options, load_assignment
    from autograder.grading.spec import SpecError, load_file
    from autograder.grading.submissions import read

    from autograder.models import shipped_declaration
    from .single import find_notebook, grade_folder

    try:
        asg = load_file(spec_file)
    except (OSError, SpecError) as e:
        print(f"error: the spec {spec_file} cannot be used: {e}", flush=True)
        return not_gradable("The grader is not set up correctly (its assignment spec cannot be read); "
                            "this is not your fault, and your instructor can see why.")
    if asg.id != assignment_id:
        print(f"error: the spec {spec_file} is of {asg.id!r}, not {assignment_id!r}", flush=True)
        return not_gradable("The grader is not set up correctly (it has another assignment's spec); "
                            "this is not your fault.")
    found = find_notebook(root / "student", asg.notebook)
    if found.path is None:
        return not_gradable(found.problem[0].upper() + found.problem[1:] + ".")
    unreadable = read(found.path).error
    if unreadable:
        return not_gradable(f"{found.path.name}: {unreadable}.")
    with tempfile.TemporaryDirectory(prefix="bptt-grader-pl-") as course:
        # grading finds a spec by its assignment's folder name, and the numeric reference of
        # code questions (the solution's answer cells, tests/<id>.ipynb) where the spec says
        specs = Path(course) / "assignments"
        (specs / asg.id).mkdir(parents=True)
        shutil.copy2(spec_file, specs / asg.id / "assignment.toml")
        support = Path(spec_file).parent / "support.py"
        if support.is_file():   # the assignment's own code, beside its spec in tests/
            shutil.copy2(support, specs / asg.id / "support.py")
        model = shipped_declaration(asg)
        if model is not None:
            shutil.copy2(model, specs / asg.id)
        staged = load_assignment(asg.id, specs)
        reference = spec_file.parent / f"{asg.id}.ipynb"
        if reference.is_file():
            staged.solution_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(reference, staged.solution_path)
        options = Options(cell_seconds=cell_seconds, total_seconds=total_seconds, memory_mb=memory_mb,
                          root=str(specs))
        result = grade_folder(staged, root / "student",
                              student_id(root / "data" / "data.json"), options)
    if result.get("extra_data", {}).get("error"):      # the grader could not grade it at all
        print("error: " + "; ".join(result["extra_data"].get("problems", [])), flush=True)
        return not_gradable("The grader could not grade this submission (not because of your work); "
                            "submit again, or ask your instructor.")
    return shape(result)
