"""`autograder check` answers a right answer from the question's quick-check entry once a
full check has written it: the same words, without importing SymPy; anything else still
gets the full checker, and an entry is never read for a changed course or grader."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "autograder.cli"]
RIGHT = "o_t*tanh'(C_t)*dh_t + f_tp1*dC_tp1"
WRONG = "o_t*tanh'(C_t)*dh_t + f_t*dC_tp1"
ASK = ["check", "lstm_univariate", "grad_C_general"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUTOGRADER_CACHE", str(folder))
    monkeypatch.delenv("AUTOGRADER_QUICK_CHECK", raising=False)
    return folder


def run(*args, env=None):
    out = subprocess.run([*CMD, *args], capture_output=True, text=True, timeout=120, env=env)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def entries(cache: Path) -> list:
    return sorted((cache / "quick").glob("*.json")) if (cache / "quick").is_dir() else []


def test_the_second_check_of_a_question_is_quick_and_says_the_same(cache):
    first = run(*ASK, RIGHT)
    assert first.stdout.splitlines() == ["correct (score 1)",
                                         "Correct. (Read dh_t as grad_h_t, dC_tp1 as grad_C_tp1.)"]
    assert len(entries(cache)) == 1
    again = run(*ASK, RIGHT)
    assert again.stdout == first.stdout and again.returncode == 0
    data = json.loads(run(*ASK, RIGHT, "--json").stdout)
    assert data["diagnosis"]["quick"] is True and data["diagnosis"]["points"] == 8
    assert data["diagnosis"]["read_as"][0] == {"written": "dh_t", "read_as": "grad_h_t"}
    # the same command in one process: SymPy is never imported
    probe = ("import sys; from autograder.cli import main\n"
             f"try: main({ASK + [RIGHT]!r})\n"
             "except SystemExit: pass\n"
             "print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.splitlines()[-1] == "False", out.stdout + out.stderr


def test_a_wrong_answer_gets_the_full_diagnosis_with_an_entry_or_without(cache):
    run(*ASK, RIGHT)
    assert len(entries(cache)) == 1
    quick_on = run(*ASK, WRONG)
    import os
    off = dict(os.environ, AUTOGRADER_QUICK_CHECK="0")
    quick_off = run(*ASK, WRONG, env=off)
    assert quick_on.stdout == quick_off.stdout and quick_on.stdout.startswith("incorrect")
    latex = r"o_t (1-\tanh^2(C_t)) \nabla h_t + f_{t+1} \nabla C_{t+1}"
    assert run(*ASK, latex).stdout.startswith("correct (score 1)")     # LaTeX in the subset
    partials = r"\frac{\partial L}{\partial h_t} \frac{\partial h_t}{\partial C_t} + \frac{\partial L}{\partial C_{t+1}} f_{t+1}"
    assert run(*ASK, partials).stdout.startswith("correct (score 1)")  # a local partial: the full checker


def test_quick_checks_off_write_and_read_nothing(cache, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_QUICK_CHECK", "0")
    assert run(*ASK, RIGHT).stdout.startswith("correct (score 1)")
    assert entries(cache) == []


def test_an_unreadable_entry_is_passed_over(cache):
    run(*ASK, RIGHT)
    (path,) = entries(cache)
    path.write_text("{not json")
    assert run(*ASK, RIGHT).stdout.startswith("correct (score 1)")
    path.write_text(json.dumps({"format": 99}))
    assert run(*ASK, RIGHT).stdout.startswith("correct (score 1)")
    entry = {"format": 1, "target": "grad_C_t", "last_step": False, "states": [{"values": 3}],
             "spellings": [], "functions": 7}
    path.write_text(json.dumps(entry))
    assert run(*ASK, RIGHT).stdout.startswith("correct (score 1)")


def test_a_question_the_quick_check_leaves_alone_is_marked_once(cache):
    """grad_C_3 (a concrete step): one entry without states, and its checks stay full ones."""
    ask = ["check", "lstm_univariate", "grad_C_3", "f_4*grad_C_4 + o_3*(1-tanh(C_3)**2)*grad_h_3"]
    first = run(*ask)
    (path,) = entries(cache)
    assert json.loads(path.read_text())["states"] == []
    assert run(*ask).stdout == first.stdout and len(entries(cache)) == 1


def test_a_changed_model_declaration_is_never_answered_from_an_old_entry(cache, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(Path(__file__).resolve().parents[2] / "assignments", course,
                    ignore=shutil.ignore_patterns("samples", "source"))
    ask = ["--course", str(course), *ASK]
    assert run(*ask, RIGHT).stdout.startswith("correct (score 1)")
    assert len(entries(cache)) == 1
    declaration = course / "models" / "lstm_univariate.model.toml"
    declaration.write_text(declaration.read_text() + "\n# edited\n")
    assert run(*ask, RIGHT).stdout.startswith("correct (score 1)")
    assert len(entries(cache)) == 2          # a new fingerprint: the old entry is not read
    spec = course / "lstm_univariate" / "assignment.toml"
    spec.write_text(spec.read_text() + "\n# edited\n")
    run(*ask, RIGHT)
    assert len(entries(cache)) == 3


def test_a_question_without_local_check_is_still_refused(cache):
    out = run("check", "lstm_gradient_flow", "cell_path_value", "0.5")
    assert out.returncode == 2 and "no local check on purpose" in out.stderr


def test_the_cache_keeps_the_newest_entries_only(tmp_path):
    import os

    from autograder import quick_cache

    where = tmp_path / "quick"
    where.mkdir()
    for k in range(quick_cache.KEEP + 5):
        old = where / f"{k:04d}.json"
        old.write_text("{}")
        os.utime(old, ns=(k * 10**9, k * 10**9))
    quick_cache.write(where / "new.json", {"format": 1})
    kept = sorted(p.name for p in where.glob("*.json"))
    assert len(kept) == quick_cache.KEEP and "new.json" in kept and "0000.json" not in kept
    assert "0005.json" not in kept and "0006.json" in kept
