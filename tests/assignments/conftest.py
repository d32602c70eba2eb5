import json
import pathlib
import subprocess
import sys

import pytest

from autograder.authoring import notebook
from autograder.authoring.notebook import read
from autograder.grading import spec
from autograder.grading.pipeline import grade_submission
from autograder.grading.spec import load

ROOT = pathlib.Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("lstm_univariate", "rnn_bptt", "lstm_numpy", "lstm_gradient_flow")


def grade(aid, path, student_id, zygote) -> dict:
    """A notebook graded as the grader grades a class (`autograder grade`)."""
    return grade_submission(aid, path, student_id, zygote=zygote)


def auto_fractions(aid, result) -> dict:
    """{question: (fraction of its points, feedback)} for every auto-graded question."""
    tests = {t["number"]: t for t in result["tests"]}
    return {q.id: (tests[q.id]["score"] / q.points, tests[q.id]["output"])
            for q in load(aid).questions if q.kind != "manual"}


def source_notebook(aid):
    """The authored notebook: solutions between markers, hidden tests."""
    return read(spec.load(aid).solution_path)


def solution_notebook(aid):
    """The authored notebook as a student who answered everything hands it in."""
    return notebook.solution_notebook(source_notebook(aid))


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    """Every assignment released once into a temporary folder."""
    from autograder.release import release

    out = tmp_path_factory.mktemp("released")
    return {aid: release(aid, out) for aid in ASSIGNMENTS}


@pytest.fixture(scope="session")
def python3_kernel():
    """A `python3` kernel spec of this interpreter (CI starts from a fresh venv)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        if pathlib.Path(spec.argv[0]).resolve() == pathlib.Path(sys.executable).resolve() \
                or spec.argv[0] == "python" or "python" in spec.argv[0]:
            return "python3"
    except NoSuchKernel:
        pass
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix"], check=True,
                   capture_output=True)
    return "python3"
