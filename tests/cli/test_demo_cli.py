"""`autograder demo` (the README's main job) on the bundled assignments and samples."""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = sorted(p.parent.name for p in (ROOT / "assignments").glob("*/assignment.toml"))


@pytest.mark.slow
def test_demo_grades_every_sample_and_solutions_earn_every_automatic_point(tmp_path):
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "demo", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "Traceback" not in out.stderr
    assert len(ASSIGNMENTS) == 4
    for aid in ASSIGNMENTS:
        rows = list(csv.DictReader((tmp_path / aid / "gradebook.csv").open(encoding="utf-8")))
        samples = sorted((ROOT / "assignments" / aid / "samples").glob("*.ipynb"))
        assert len(rows) == 1 + len(samples)
        by_id = {r["student_id"]: r for r in rows}
        for sample in samples:
            row = by_id[f"sample-{sample.stem}"]
            # every wrong submission loses points, and has its own report
            assert float(row["total"]) < float(row["max_score"]), (aid, sample.stem)
            assert (tmp_path / aid / f"sample-{sample.stem}" / "feedback.html").is_file()
            assert f"href='sample-{sample.stem}/feedback.html'" in (tmp_path / aid / "index.html").read_text()
        solution = by_id[f"solution-{aid}"]
        assert not solution["problems"]
