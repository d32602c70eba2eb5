"""The exported results follow Gradescope's results.json format."""
import json

from autograder.grading.result_types import is_pending
from autograder.grading.results import gradebook_csv, to_json


def _result(student, *tests):
    return {"score": sum(t["score"] for t in tests), "max_score": sum(t["max_score"] for t in tests),
            "tests": list(tests), "extra_data": {"student_id": student, "pending": [
                t["number"] for t in tests if t["status"] == "pending"]}}


def _test(qid, score, max_score, status):
    return {"name": qid, "number": qid, "score": score, "max_score": max_score, "status": status,
            "output": "", "visibility": "visible"}


def test_pending_questions_carry_a_tag_not_a_nonstandard_status():
    r = _result("s1", _test("q1", 2, 2, "passed"), _test("why", 0, 5, "pending"))
    data = json.loads(to_json([r]))
    statuses = [t.get("status") for t in data["tests"]]
    assert statuses == ["passed", None]
    assert data["tests"][1]["tags"] == ["pending"] and is_pending(data["tests"][1])
    # the in-memory result is untouched
    assert r["tests"][1]["status"] == "pending"


def test_several_submissions_export_a_list_and_a_gradebook_row_each():
    rs = [_result("s1", _test("q1", 2, 2, "passed")), _result("s2", _test("q1", 0, 2, "failed"))]
    data = json.loads(to_json(rs))
    assert [d["extra_data"]["student_id"] for d in data] == ["s1", "s2"]
    rows = gradebook_csv(rs).splitlines()
    assert rows[0].startswith("student_id,q1,total") and rows[1].startswith("s1,2,2") and rows[2].startswith("s2,0,0")
