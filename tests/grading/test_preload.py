"""What the sandbox zygote imports ahead of the students: the assignment's own notebook's
imports, never the autograder's, never a student's."""
import json

from autograder.grading import pipeline, warm


def test_the_authored_notebook_names_what_is_preloaded():
    found = warm.notebook_imports(pipeline.load_assignment("lstm_numpy"))
    assert "matplotlib.pyplot" in found and "numpy" in found
    assert not any(m.split(".")[0] == "autograder" for m in found)


def test_magics_and_unfinished_cells_are_read_around(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "id": "a",
         "source": "%matplotlib inline\nimport matplotlib.pyplot as plt\nfrom scipy import special"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "id": "b",
         "source": "def f(:\n    import json"},
        {"cell_type": "markdown", "metadata": {}, "id": "c", "source": "import os"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "id": "d",
         "source": "from . import mine\nfrom autograder.student import check"}]}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    assert warm._imports_of(warm.read(path)) == ("matplotlib.pyplot", "scipy")


def test_a_zygote_started_before_the_assignment_was_known_is_replaced_once():
    """A warm grading process starts its zygote before its first submission names the
    assignment: the first one that needs modules gets a zygote that imports them, kept after."""
    zygotes = warm.Zygotes()
    try:
        first = zygotes.get()
        second = zygotes.get(("json",))
        assert second is not first and not warm.alive(first)
        assert zygotes.get(("json",)) is second and zygotes.get() is second
        third = zygotes.get(("csv",))
        assert third is not second and third.options["preload"] == ["json", "csv"]
    finally:
        zygotes.close()
