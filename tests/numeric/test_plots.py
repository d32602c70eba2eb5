import xml.etree.ElementTree as ET

from autograder.numeric.grade_py import grade_source


def test_plots_are_written_for_a_wrong_lstm_backward(zygote, source, tmp_path):
    code = source("lstm_correct.py").replace("dao = do * o * (1 - o)", "dao = do * o")
    result = grade_source("lstm_numpy", code, "p", zygote=zygote, plots_dir=str(tmp_path))
    paths = result["extra_data"]["plots"]
    assert any(p.endswith("_time.svg") for p in paths) and any(p.endswith("_gates.svg") for p in paths)
    for p in paths:
        svg = ET.parse(p).getroot()           # well-formed, and says what it shows
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and int(svg.get("width")) > 0
        assert svg.find("{http://www.w3.org/2000/svg}title").text.startswith("lstm_")
        assert len(svg.findall("{http://www.w3.org/2000/svg}rect")) > 4
