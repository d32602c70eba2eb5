"""The platforms' tests install the grader's wheel as the platforms do: the wheel fixture
of tests/student (built once a session from a clean copy of this checkout), and a fresh
venv with that full wheel alone installed (a platform's image grades: it holds the whole
grader, never the student install)."""
from pathlib import Path

import pytest

from tests.student.conftest import new_venv, pip, wheel  # noqa: F401  (fixtures, helpers)


@pytest.fixture(scope="session")
def grader_install(tmp_path_factory, wheel) -> dict:
    """A fresh venv with the full grader's wheel alone: {"python": its interpreter}."""
    python = new_venv(tmp_path_factory.mktemp("platform-grader") / "venv")
    pip(python, str(wheel))
    return {"python": Path(python)}
