"""The networks, each declared once (see graph.py)."""
from .graph import Model, Node, Quantity
from .lstm_univariate import LSTM_UNIVARIATE
from .rnn import RNN

MODELS = {m.name: m for m in (LSTM_UNIVARIATE, RNN)}


def get_model(name: str) -> Model:
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known models: {', '.join(sorted(MODELS))}") from None


__all__ = ["Model", "Node", "Quantity", "LSTM_UNIVARIATE", "RNN", "MODELS", "get_model"]
