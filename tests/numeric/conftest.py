import pathlib

import pytest

SUBMISSIONS = pathlib.Path(__file__).parent / "submissions"


@pytest.fixture(scope="session")
def source():
    return lambda name: (SUBMISSIONS / name).read_text()
