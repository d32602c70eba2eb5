"""Local partials: one edge of the computational graph per use of a quantity.

For a consumer node m with definition D_m (at step t), the local partial with respect to
a quantity q at step t-k is sympy.diff(D_m, q_{t-k}). The result is rewritten in node
values (sigma(z_f) becomes f_t, so sigma' reads f_t*(1 - f_t)), which is how a person
writes it. Only one-line definitions are ever differentiated.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

from ..models.graph import Model
from ..models.naming import at_offset, sym
from .timeshift import shift, step_of


@dataclass(frozen=True)
class Edge:
    """q at step t feeds `consumer` at step t + lag; `factor` is the local partial,
    written relative to the source's step t."""

    source: str
    consumer: str
    lag: int
    factor: sympy.Expr


@lru_cache(maxsize=None)
def node_values(model: Model) -> dict[sympy.Expr, sympy.Symbol]:
    """Definition -> node symbol, to read derivatives back in node values."""
    return {d: sym(at_offset(name, 0)) for name, d in model.definitions.items()}


def _in_node_values(model: Model, expr: sympy.Expr) -> sympy.Expr:
    return expr.xreplace(node_values(model))


@lru_cache(maxsize=None)
def edges(model: Model) -> dict[str, tuple[Edge, ...]]:
    """For every node, input and weight: the edges to the nodes that use it.

    Weight edges have lag 0 and are understood at every step.
    """
    out: dict[str, list[Edge]] = {
        q: [] for q in (*model.node_names, *model.input_names, *model.weight_names)
    }
    for consumer, definition in model.definitions.items():
        for s in sorted(definition.free_symbols, key=lambda s: s.name):
            partial = _in_node_values(model, sympy.diff(definition, s))
            parts = step_of(s)
            if parts is None:  # a weight
                out[s.name].append(Edge(s.name, consumer, 0, partial))
            else:
                base, _, offset = parts
                # consumer at t uses base at t+offset; seen from the source, lag = -offset
                out[base].append(Edge(base, consumer, -offset, shift(partial, -offset)))
    return {q: tuple(es) for q, es in out.items()}
