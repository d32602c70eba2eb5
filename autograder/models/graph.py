"""A model is one declaration: named nodes, each with a one-line SymPy definition.

Definitions are written for the generic step t; a node refers to another quantity at a
step offset (`s.h(-1)` is h_{t-1}) and to weights by name (`s.W_hf`). Everything else
(local partials, adjoints, paths, numeric passes) is derived from this declaration, so a
new architecture (a GRU, say) is a new declaration and nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Mapping

import sympy

from .naming import at_offset, sym


@dataclass(frozen=True)
class Quantity:
    """A leaf of the model: a weight (time-invariant) or a per-step input."""

    name: str
    latex: str
    meaning: str


@dataclass(frozen=True)
class Alias:
    """A name textbooks give a quantity of the model: Andrew Ng's a^{<t>} for h_t, the
    candidate's g_t in CS231n. `means` pairs each model quantity the name stands for with
    who writes it so; two or more pairs make the name ambiguous, and an answer using it is
    refused with every reading named. `latex` is the name without its time index."""

    text: str
    latex: str
    means: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Node:
    """A computed quantity at every step, defined from other quantities."""

    name: str
    latex: str
    meaning: str
    define: Callable[["Step"], sympy.Expr]


class Step:
    """What a definition sees: `s.W_hf` is a weight, `s.h(-1)` is h at step t-1."""

    def __init__(self, model: "Model"):
        self._weights = {w.name for w in model.weights}
        self._timed = {q.name for q in model.inputs} | {n.name for n in model.nodes}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._weights:
            return sym(name)
        if name in self._timed:
            return lambda offset=0: sym(at_offset(name, offset))
        raise AttributeError(f"the model has no quantity named {name!r}")


@dataclass(frozen=True, eq=False)  # identity hash: models are singletons
class Model:
    name: str
    title: str
    weights: tuple[Quantity, ...]
    inputs: tuple[Quantity, ...]
    nodes: tuple[Node, ...]  # in the order they are computed within one step
    initial: tuple[str, ...]  # nodes whose value before step 1 is given (h_0, C_0)
    # Where the loss enters: node name -> (name of the given gradient, its LaTeX).
    # For the LSTM the loss reaches y_t only, so its gradient is the given grad_y_t.
    # For the RNN the loss reaches H_t directly (delta_t) besides the path through Z_{t+1}.
    given: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Textbook names of the model's quantities, read only where no name of the model fits.
    aliases: tuple[Alias, ...] = ()

    @cached_property
    def definitions(self) -> dict[str, sympy.Expr]:
        """Each node's definition at the generic step t."""
        step = Step(self)
        return {n.name: n.define(step) for n in self.nodes}

    def node(self, name: str) -> Node:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    @property
    def node_names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes)

    @property
    def weight_names(self) -> tuple[str, ...]:
        return tuple(w.name for w in self.weights)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(q.name for q in self.inputs)

    def latex_of(self, base: str) -> str:
        for q in (*self.weights, *self.inputs, *self.nodes):
            if q.name == base:
                return q.latex
        for node, (given, latex) in self.given.items():
            if given == base:
                return latex
        raise KeyError(base)

    def meaning_of(self, base: str) -> str:
        for q in (*self.weights, *self.inputs, *self.nodes):
            if q.name == base:
                return q.meaning
        raise KeyError(base)
