"""`autograder grade` on real student files whose right answers used to lose marks: a
backward that updates its upstream gradient in place (0809zheng), one that consumes its
cache with cache.pop() (123liuziming), and one whose db keeps its summed axis (aweitz)."""
import json
import pathlib

from click.testing import CliRunner

from autograder.cli import main

CORPUS = pathlib.Path(__file__).parent / "corpus"


def grade(assignment, name):
    r = CliRunner().invoke(main, ["grade", "--assignment", assignment, str(CORPUS / name), "--json", "-", "-q"])
    assert r.exit_code == 0, r.output
    return {t["name"]: t for t in json.loads(r.stdout)["tests"]}


def test_in_place_upstream_update_earns_full_marks_with_a_warning():
    t = grade("lstm_numpy", "0809zheng_CS231n_assignment2019.py")["lstm_step_backward"]
    assert t["score"] == t["max_score"], t["output"]
    assert "warn does not modify its inputs: modifies its input(s) dnext_c" in t["output"]


def test_a_backward_consuming_its_cache_earns_full_marks():
    tests = grade("rnn_bptt", "123liuziming_cs231n_2019.py")
    assert all(t["score"] == t["max_score"] for t in tests.values()), tests["rnn_backward"]["output"]


def test_keepdims_db_gets_partial_credit_and_names_keepdims():
    t = grade("rnn_bptt", "aweitz_cs231n_hw3.py")["rnn_step_backward"]
    assert 0.8 * t["max_score"] < t["score"] < t["max_score"], t["output"]
    assert "keepdims=True" in t["output"] and "values are right" in t["output"]
