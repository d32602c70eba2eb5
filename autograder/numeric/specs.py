"""The pinned functions of each code assignment (DESIGN.md section 4).

A backward's k-th output is the gradient of its forward's k-th input, and its leading
arguments are upstream gradients of the forward's non-cache outputs, then the cache.
"""
from __future__ import annotations

import dataclasses

from autograder.models import numpy_lstm, numpy_rnn


@dataclasses.dataclass(frozen=True)
class FunctionSpec:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]          # the last output of a forward is its cache
    forward: str | None = None        # for a backward: the forward it differentiates
    sequence: bool = False            # takes x of shape (N, T, D)
    points: float = 1.0

    @property
    def is_forward(self) -> bool:
        return self.forward is None


@dataclasses.dataclass(frozen=True)
class Assignment:
    name: str
    reference: object                 # module with the reference functions
    gates: int                        # 1 for RNN, 4 for LSTM (columns = gates * H)
    functions: tuple[FunctionSpec, ...]

    def spec(self, name: str) -> FunctionSpec:
        return next(f for f in self.functions if f.name == name)


RNN = Assignment("rnn_bptt", numpy_rnn, 1, (
    FunctionSpec("rnn_step_forward", ("x", "prev_h", "Wx", "Wh", "b"), ("next_h", "cache")),
    FunctionSpec("rnn_step_backward", ("dnext_h", "cache"), ("dx", "dprev_h", "dWx", "dWh", "db"),
                 forward="rnn_step_forward"),
    FunctionSpec("rnn_forward", ("x", "h0", "Wx", "Wh", "b"), ("h", "cache"), sequence=True),
    FunctionSpec("rnn_backward", ("dh", "cache"), ("dx", "dh0", "dWx", "dWh", "db"),
                 forward="rnn_forward", sequence=True),
))

LSTM = Assignment("lstm_numpy", numpy_lstm, 4, (
    FunctionSpec("lstm_step_forward", ("x", "prev_h", "prev_c", "Wx", "Wh", "b"),
                 ("next_h", "next_c", "cache")),
    FunctionSpec("lstm_step_backward", ("dnext_h", "dnext_c", "cache"),
                 ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"), forward="lstm_step_forward"),
    FunctionSpec("lstm_forward", ("x", "h0", "Wx", "Wh", "b"), ("h", "cache"), sequence=True),
    FunctionSpec("lstm_backward", ("dh", "cache"), ("dx", "dh0", "dWx", "dWh", "db"),
                 forward="lstm_forward", sequence=True),
))

ASSIGNMENTS = {a.name: a for a in (RNN, LSTM)}
