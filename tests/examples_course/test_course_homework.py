"""The example course folder graded as an instructor grades it, with `--course`: it
validates clean (the numpy solutions proved against their own forwards), its solutions
earn every point, and each sample wrong submission loses points with feedback that names
the gate block or the step where the slip shows. Nothing of it is in the package."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "examples" / "course"
HOMEWORK = ("gru_univariate", "cifg_univariate", "gru_numpy", "cifg_numpy")

# sample -> words its feedback must hold (the gate block, the step, the kind of slip)
EXPECTED = {
    "gru_numpy": {
        "update_gate_sign": ["the z gate block"],
        "reset_gate_no_sigmoid_prime": ["the r gate block"],
        "candidate_tanh_prime": ["a square is missing", "n gate block"],
        "update_gate_complement": ["n gate block"],
        "no_direct_path": ["dprev_h"],
        "reset_left_out_of_dWh": ["dWh (the n gate block)"],
        "no_gradient_through_time": ["dx is wrong at steps"],
    },
    "cifg_numpy": {
        "coupled_term_forgotten": ["the f gate block"],
        "candidate_gate_complement": ["g gate block"],
        "output_gate_no_sigmoid_prime": ["the o gate block"],
        "cell_no_tanh_prime": ["dprev_c"],
        "cell_gradient_not_gated": ["dprev_c"],
        "candidate_tanh_prime_squared": ["g gate block"],
        "cell_gradient_not_carried": ["dx is wrong at steps"],
    },
    "gru_univariate": {
        "complement_and_sign": ["complement 1 - z_t", "sign of your answer"],
        "last_step_form_and_steps": ["no contribution through h_{t+1}", "time step of h_t"],
    },
    "cifg_univariate": {
        "coupled_gate_slips": ["the one in Ctilde_t", "complement 1 - f_t"],
        "time_steps": ["time step of f_t", "time step of h_t"],
    },
}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "autograder.cli", "--course", str(COURSE), *map(str, args)],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)


def graded(aid, target, tmp_path) -> list[dict]:
    out = tmp_path / f"{aid}.json"
    r = cli("grade", "--assignment", aid, target, "--json", out, "-q")
    assert out.exists(), r.stdout + r.stderr
    data = json.loads(out.read_text())
    return data if isinstance(data, list) else [data]


def test_the_course_validates_clean():
    r = cli("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "4 assignment(s), no problems" in r.stderr


@pytest.mark.parametrize("aid", HOMEWORK)
def test_the_solution_earns_every_point(aid, tmp_path):
    [result] = graded(aid, COURSE / aid / "source" / f"{aid}.ipynb", tmp_path)
    assert result["score"] == result["max_score"] > 0, [t["output"][:300] for t in result["tests"]]


@pytest.mark.parametrize("aid", HOMEWORK)
def test_each_slip_loses_points_and_is_located(aid, tmp_path):
    results = {r["extra_data"]["student_id"]: r for r in graded(aid, COURSE / aid / "samples", tmp_path)}
    assert set(results) == set(EXPECTED[aid])
    if aid.endswith("numpy"):
        assert len(results) >= 6
    for name, words in EXPECTED[aid].items():
        r = results[name]
        assert r["score"] < r["max_score"], name
        feedback = "\n".join(t["output"] for t in r["tests"])
        for w in words:
            assert w in feedback, (name, w, feedback[:2000])
