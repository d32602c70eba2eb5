import pytest

from parse_vocabularies import lstm_vocabulary, rnn_vocabulary


@pytest.fixture(scope="session")
def lstm():
    return lstm_vocabulary()


@pytest.fixture(scope="session")
def rnn():
    return rnn_vocabulary()
