"""The journal on its own: what a crash can leave in it, and what resuming reads back."""
import json

import pytest

from autograder.grading.journal import Journal, JournalMismatch

SETTINGS = {"assignment": "fixture_hw", "timeout": 120.0}


def test_a_line_cut_short_by_a_crash_is_dropped_and_the_rest_kept(tmp_path):
    path = tmp_path / "r.json.journal.jsonl"
    j = Journal.open(path, SETTINGS, resume=False)
    j.record("a", {"score": 1.0, "extra_data": {"student_id": "a"}})
    j.record("b", {"score": 2.5, "extra_data": {"student_id": "b"}})
    j.close()
    with open(path, "a") as f:
        f.write('{"key": "c", "result": {"sco')             # killed while writing
    j = Journal.open(path, SETTINGS, resume=True)
    assert {k: r["score"] for k, r in j.done.items()} == {"a": 1.0, "b": 2.5}
    j.record("c", {"score": 3.0})
    j.close()
    lines = [json.loads(ln) for ln in path.read_text().splitlines()]   # every line whole again
    assert [ln.get("key") for ln in lines] == [None, "a", "b", "c"]


def test_a_journal_of_other_settings_is_not_resumed(tmp_path):
    path = tmp_path / "j.jsonl"
    Journal.open(path, SETTINGS, resume=False).close()
    with pytest.raises(JournalMismatch, match="timeout: 120.0 then, 5.0 now"):
        Journal.open(path, dict(SETTINGS, timeout=5.0), resume=True)
    path.write_text("not a journal\n")
    with pytest.raises(JournalMismatch, match="not a grading journal"):
        Journal.open(path, SETTINGS, resume=True)


def test_without_resume_a_new_journal_replaces_the_old(tmp_path):
    path = tmp_path / "j.jsonl"
    j = Journal.open(path, SETTINGS, resume=False)
    j.record("a", {"score": 1.0})
    j.close()
    fresh = Journal.open(path, SETTINGS, resume=False)
    fresh.close()
    assert fresh.done == {}
    assert len(path.read_text().splitlines()) == 1
