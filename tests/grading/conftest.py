import pytest

from .notebooks import FIXTURES


@pytest.fixture(scope="session")
def root():
    return str(FIXTURES)

