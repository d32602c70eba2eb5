from autograder.numeric.grade_py import grade_source


def test_plots_are_written_for_a_wrong_lstm_backward(zygote, source, tmp_path):
    code = source("lstm_correct.py").replace("dao = do * o * (1 - o)", "dao = do * o")
    result = grade_source("lstm_numpy", code, "p", zygote=zygote, plots_dir=str(tmp_path))
    paths = result["extra_data"]["plots"]
    assert any(p.endswith("_time.png") for p in paths) and any(p.endswith("_gates.png") for p in paths)
    for p in paths:
        assert open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
