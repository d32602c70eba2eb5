"""Grader for gradients-through-time homework (RNNs and LSTMs)."""

__version__ = "0.1.0"
