"""The `[code]` table of assignment.toml: parsed with errors that name the file, and the only
source of where a wrong number sits (no assignment name or gate count in numeric/)."""
import re
import shutil
from pathlib import Path

import pytest

from autograder.numeric import specs

ROOT = Path(__file__).resolve().parents[2]


def test_the_layouts_are_read_from_the_assignments():
    lstm, rnn = specs.get("lstm_numpy"), specs.get("rnn_bptt")
    assert lstm.gates == ("i", "f", "o", "g") and rnn.gates == ("h",)
    assert lstm.gradient_axes(lstm.spec("lstm_backward"))["dWx"] == ("D", "G*H")
    assert lstm.spec("lstm_forward").output_shapes == (("N", "T", "H"),)
    assert lstm.solution == ROOT / "assignments" / "lstm_numpy" / "source" / "lstm_numpy.ipynb"
    assert callable(lstm.reference.lstm_step_backward)
    assert {"lstm_numpy", "rnn_bptt"} <= set(specs.known())


@pytest.mark.parametrize("old, new, said", [
    ('gates = ["i", "f", "o", "g"]', 'gates = ["i", "i"]', "gates must be a non-empty list of distinct names"),
    ('shapes = ["N D", "N H", "N H", "D G*H", "H G*H", "G*H"]', 'shapes = ["N D", "N K", "N H", "D G*H", "H G*H", "G*H"]',
     "unknown axis 'K'"),
    ('outputs = ["dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"]', 'outputs = ["dx", "dprev_h"]',
     "one gradient per input of lstm_step_forward"),
])
def test_a_broken_layout_is_refused_with_the_file_named(tmp_path, old, new, said):
    course = tmp_path / "assignments"
    shutil.copytree(ROOT / "assignments" / "lstm_numpy", course / "lstm_numpy")
    toml = course / "lstm_numpy" / "assignment.toml"
    assert toml.read_text().count(old) == 1
    toml.write_text(toml.read_text().replace(old, new))
    with pytest.raises(specs.LayoutError, match=re.escape(said)) as err:
        specs.get("lstm_numpy", course)
    assert str(toml) in str(err.value)


def test_numeric_knows_no_assignment_and_no_gate_count():
    for path in (ROOT / "autograder" / "numeric").glob("*.py"):
        if path.name == "clipping.py":      # the checker of its own of lstm_gradient_flow
            continue
        text = path.read_text()
        for pattern in (r"gates\s*==", r"assignment\s*==", "lstm_numpy", "rnn_bptt", "numpy_lstm", "numpy_rnn",
                        r'"ifog"', r"\b4\s*\*\s*H\b"):
            assert not re.search(pattern, text), (path.name, pattern)
