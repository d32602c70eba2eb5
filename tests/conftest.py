"""Fixtures every part of the suite shares."""
import pytest


@pytest.fixture(scope="session")
def zygote():
    """The warm sandbox parent, one for the whole run, as for a class: whatever one
    submission does in its workers must not spoil the next one's."""
    from autograder.sandbox import Zygote

    z = Zygote()
    yield z
    z.close()
