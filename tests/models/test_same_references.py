"""The TOML declarations of the course's models derive exactly what their Python
declarations derived: every reference, path table, mistake and name (fixture captured
from the Python declarations, see derived.py)."""
import json
from pathlib import Path

import pytest

from autograder.models import get_model

from .derived import derived

BEFORE = json.loads((Path(__file__).with_name("derived_references.json")).read_text())


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_the_declaration_derives_what_the_python_model_derived(name):
    now = derived(get_model(name))
    before = BEFORE[name]
    assert now.keys() == before.keys()
    for part in before:
        if part == "references":
            assert now[part].keys() == before[part].keys()
            for q in before[part]:
                assert now[part][q] == before[part][q], (name, q)
        else:
            assert now[part] == before[part], (name, part)
