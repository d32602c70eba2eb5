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


def pytest_configure(config):
    """`autograder check` keeps quick-check entries in the user's cache folder; the suite's
    commands (and the processes they start) keep theirs in a folder of their own."""
    import os
    import tempfile

    if "AUTOGRADER_CACHE" not in os.environ:
        os.environ["AUTOGRADER_CACHE"] = tempfile.mkdtemp(prefix="autograder-cache-")
