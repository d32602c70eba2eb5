import pytest

from autograder.sandbox import Zygote

from .notebooks import FIXTURES


@pytest.fixture(scope="session")
def root():
    return str(FIXTURES)


@pytest.fixture(scope="session")
def zygote():
    z = Zygote()
    yield z
    z.close()
