"""A model is one declaration: named nodes, each defined by a one-line formula.

Definitions are written for the generic step t; a node refers to another quantity at a
step offset (h_tm1 is h_{t-1}) and to weights by name (W_hf). Everything else (local
partials, adjoints, paths, numeric passes) is derived from this declaration, so a new
architecture (another gated cell, say) is a new declaration and nothing more. Declarations are course
files (`<course>/models/<name>.model.toml`), read by declaration.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import sympy


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
    """A computed quantity at every step, defined from other quantities: `definition` is
    its value at the generic step t, in the symbols of naming.py (h_tm1, W_hf)."""

    name: str
    latex: str
    meaning: str
    definition: sympy.Expr


@dataclass(frozen=True, eq=False)  # identity hash: one object per declaration file
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
        return {n.name: n.definition for n in self.nodes}

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
