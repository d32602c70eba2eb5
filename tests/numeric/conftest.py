import pathlib

import pytest

from autograder.sandbox import Zygote

SUBMISSIONS = pathlib.Path(__file__).parent / "submissions"


@pytest.fixture(scope="session")
def zygote():
    z = Zygote()
    yield z
    z.close()


@pytest.fixture(scope="session")
def source():
    return lambda name: (SUBMISSIONS / name).read_text()
