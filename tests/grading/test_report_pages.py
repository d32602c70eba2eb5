"""The pieces of the self-contained reports: maths printed as MathML in the model's
notation, pictures embedded only from the student's folder, plots written whole, and the
class page grouping alike mistakes."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograder.expressions.model_vocabulary import vocabulary_for
from autograder.expressions.parse import parse_answer
from autograder.grading import class_report, mathml, pictures
from autograder.grading.outputs import write_atomic
from autograder.grading.report import to_html
from autograder.models import get_model

SVG = "{http://www.w3.org/2000/svg}"
PNG = pictures.PNG_SIGNATURE + b"\x00" * 16


def _maths(model_name: str, answer: str) -> str:
    model = get_model(model_name)
    return html.unescape(mathml.expression(model_name, parse_answer(answer, vocabulary_for(model))))


def test_answers_print_as_mathml_in_the_models_notation():
    m = _maths("lstm_univariate", "grad_h_t*sigma(o_t)*(1 - sigma(o_t)) + Ctilde_tp1*W_hf")
    assert m.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    assert "<mo>∇</mo>" in m and "<mi>σ</mi>" in m         # grad_ as nabla, sigma as σ
    assert "<mover>" in m and "<msup><mi>W</mi>" in m       # tilde C, W^{hf}
    assert "grad" not in m and "sigma" not in m and "\\" not in m
    s = _maths("rnn", "Sum(grad_Z_t*H_tm1, (t, 1, T))")
    assert "<munderover><mo>∑</mo>" in s and "<mo>−</mo><mn>1</mn>" in s   # Σ, H_{t-1}


def test_names_fall_back_to_sympys_own_without_a_model():
    import sympy
    assert "<mi>x</mi>" in mathml.expression(None, sympy.Symbol("x") + 1)


def test_pictures_are_embedded_only_from_the_students_folder(tmp_path):
    folder = tmp_path / "alice"
    folder.mkdir()
    (folder / "plot.png").write_bytes(PNG)
    (folder / "fake.png").write_bytes(b"<svg onload=alert(1)>")
    (tmp_path / "secret.png").write_bytes(PNG)
    assert pictures.embedded(folder, "plot.png") == pictures.data_uri(PNG)
    assert pictures.embedded(folder, str(folder / "plot.png")) == pictures.data_uri(PNG)
    for refused in ("fake.png", "../secret.png", str(tmp_path / "secret.png"), "missing.png"):
        assert pictures.embedded(folder, refused) is None, refused


def test_plots_are_written_whole_and_embedded(tmp_path):
    from autograder.numeric import plots

    path = plots.pulse_heatmap({"0": [0, 1], "2": [1]}, tmp_path / "p_time.svg", "rnn_backward")
    assert path.read_bytes().startswith(pictures.SVG_START)
    assert [p.name for p in tmp_path.iterdir()] == ["p_time.svg"]     # no temporary file left
    result = {"score": 0, "max_score": 5, "tests": [{"name": "rnn_backward", "number": "q", "score": 0,
                                                     "max_score": 5, "status": "failed", "output": "FAIL"}],
              "extra_data": {"student_id": "s", "questions": {"q": {"kind": "code", "plots": ["p_time.svg"]}}}}
    page = to_html(result, type("A", (), {"title": "t", "model": ""})(), tmp_path)
    assert page.count("src='data:image/svg+xml;base64,") == 1 and "p_time.svg'" not in page


def test_pictures_show_what_the_diagnosis_holds():
    from autograder.numeric import plots

    heat = ET.fromstring(plots.heatmap_svg({"0": [0], "3": [1, 2]}, "rnn_backward"))
    cells = [r for r in heat.iter(f"{SVG}rect") if r.get("stroke")]
    assert len(cells) == 16 and sum(r.get("fill") == "#c0392b" for r in cells) == 3     # T = 4: 3 cells wrong
    bars = ET.fromstring(plots.bars_svg({"dWx": {"i": 0.0, "f": 0.5, "o": 1e-9, "g": 0.0},
                                         "db": {"i": 0.0, "f": 0.2, "o": 0.0, "g": 0.0}}, "<lstm_backward>"))
    heights = {r.find(f"{SVG}title").text: float(r.get("height")) for r in bars.iter(f"{SVG}rect")
               if r.find(f"{SVG}title") is not None}
    assert heights["f: 0.5"] > heights["o: 1e-09"] > heights["i: 1e-17"] >= 0     # log scale, 0 at the floor
    assert bars.find(f"{SVG}title").text.startswith("<lstm_backward>")            # escaped, read back as text


def test_write_atomic_takes_bytes(tmp_path):
    write_atomic(tmp_path / "x.png", PNG)
    write_atomic(tmp_path / "x.txt", "é\n")
    assert (tmp_path / "x.png").read_bytes() == PNG and (tmp_path / "x.txt").read_bytes() == "é\n".encode()


def _result(student, tests, questions, error=False):
    return {"score": sum(t["score"] for t in tests), "max_score": 10, "tests": tests,
            "extra_data": {"student_id": student, "questions": questions, "error": error,
                           "reports": {"html": f"/fb/{student}/feedback.html"}}}


def _test(q, score, status="failed", output=""):
    return {"name": f"Question {q}", "number": q, "score": score, "max_score": 5, "status": status,
            "output": output}


def test_class_page_groups_alike_mistakes_most_often_wrong_first():
    missing = {"kind": "expression", "diagnosis": {"mistake": "missing_sum", "messages": ["Add up all steps."]}}
    path = {"kind": "expression", "diagnosis": {"explained_by_terms": True, "messages": ["no path"],
                                               "terms": [{"via": "delta_tm1", "coefficient": 0},
                                                         {"via": "Z_t", "coefficient": 1}]}}
    code = {"kind": "code", "diagnosis": {"rnn_backward": {"relative_errors": {"dx": 0.0, "dWh": 0.7}}}}
    results = [
        _result("a", [_test("w", 0), _test("c", 0)], {"w": missing, "c": code}),
        _result("b", [_test("w", 0), _test("c", 5, "passed")], {"w": missing}),
        _result("c", [_test("w", 2), _test("c", 5, "passed")], {"w": path}),
        _result("d", [_test("w", 0), _test("c", 0)], {}, error=True),      # not graded: not counted
    ]
    rows = class_report.question_table(results)
    assert [r["question"] for r in rows] == ["w", "c"]
    assert rows[0]["wrong"] == 3
    assert rows[0]["diagnoses"].most_common() == [("missing_sum: Add up all steps.", 2),
                                                  ("path through delta_tm1: coefficient 0", 1)]
    assert list(rows[1]["diagnoses"]) == ["rnn_backward: wrong dWh"]
    page = class_report.to_html(results, "RNN", Path("/fb"))
    assert "<script" not in page and "default-src 'none'" in page
    assert "href='a/feedback.html'" in page and "3 of 4 submissions graded" in page


def test_a_hostile_student_id_is_text_and_a_harmless_link():
    student = "x'><script>alert(1)</script>"
    results = [_result(student, [_test("w", 0, output="<b>bad</b>")], {})]
    page = class_report.to_html(results, "<i>t</i>", Path("/fb"))
    assert "<script>" not in page and "<b>bad" not in page and "<i>t" not in page
    hrefs = re.findall(r"href='([^']*)'", page)
    assert hrefs and all(re.fullmatch(r"[A-Za-z0-9%._/~-]+", h) for h in hrefs), hrefs
