"""The local check and the grader decide the same way from the same text: every sample
submission (the authored solutions and assignments/<id>/samples/) goes through both, and their
verdicts are compared question by question.

Local side: the notebook's code cells run top to bottom (our own samples, in a child
process) and every `check(...)` call of a test cell is recorded as the notebook would say it.
Grader side: `autograder grade --json -` on the same files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ASSIGNMENTS, ROOT

pytestmark = pytest.mark.slow

LOCAL = r"""
import json, sys
import autograder.student as student

said = {}
namespace = {"__name__": "__main__"}

def record(question_id, answer=student._MISSING, **kwargs):
    r = student.evaluate(question_id, answer, namespace=namespace)
    said[question_id] = [r.status, r.score]

student.check = record          # the setup cell imports it from here
for source in json.load(sys.stdin):
    code = "\n".join(ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!")))
    try:
        exec(compile(code, "<cell>", "exec"), namespace)
    except Exception:
        pass                    # a sample's broken cell: the checks after it still run
print(json.dumps(said))
"""


def samples(aid: str, folder: Path) -> list[Path]:
    """The solution as a student hands it in (no markers, no hidden tests), then the samples."""
    import nbformat

    from autograder.authoring.notebook import read, solution_notebook
    from autograder.grading import spec

    solution = folder / f"{aid}.ipynb"
    nbformat.write(solution_notebook(read(spec.load(aid).solution_path)), str(solution))
    return [solution,
            *sorted(spec.load(aid).samples_dir.glob("*.ipynb"))]


def local_verdicts(aid: str, path: Path) -> dict:
    nb = json.loads(path.read_text())
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    out = subprocess.run([sys.executable, "-c", LOCAL], input=json.dumps(cells), capture_output=True,
                         text=True, cwd=ROOT / "assignments" / aid, timeout=600,
                         env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def grader_verdicts(aid: str, paths: list[Path]) -> dict:
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", aid,
                          *map(str, paths), "--json", "-", "--quiet", "--jobs", "2"],
                         capture_output=True, text=True, cwd=ROOT, timeout=1200)
    assert out.returncode == 0, out.stderr[-3000:]
    results = json.loads(out.stdout)
    results = results if isinstance(results, list) else [results]
    return {p: {t["number"]: t for t in r["tests"]} for p, r in zip(paths, results)}


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_local_check_and_grader_agree_on_every_sample(aid, tmp_path):
    from autograder.grading import spec

    asg = spec.load(aid)
    paths = samples(aid, tmp_path)
    graded = grader_verdicts(aid, paths)
    compared = 0
    for path in paths:
        local = local_verdicts(aid, path)
        for q in asg.questions:
            if q.kind == "manual" or not q.local_check:
                continue
            status, share = local[q.id]
            test = graded[path][q.id]
            where = (path.name, q.id, status, share, test["score"], test["output"][:300])
            full = test["score"] >= test["max_score"]
            assert (status == "correct") == full, where
            if status == "incorrect" and q.kind in ("expression", "derivation"):
                assert round(share or 0.0, 3) == round(test["score"] / test["max_score"], 3), where
            if status in ("invalid", "not answered"):
                assert test["score"] == 0, where
            compared += 1
    assert compared >= len(paths)
