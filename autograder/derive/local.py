"""Local partials: one edge of the computational graph per use of a quantity.

For a consumer node m with definition D_m (at step t), the local partial with respect to
a quantity q at step t-k is d D_m / d q_{t-k}. The result is rewritten in node values
(sigma(z_f) becomes f_t, so sigma' reads f_t*(1 - f_t)), which is how a person writes it.
Only one-line definitions are ever differentiated, by `partial`: the chain rule over the
definition's tree, the expression sympy.diff gives (tests/derive/test_engine.py checks every
definition of every model) at a fraction of its cost, which a check pays at start-up.
"""
from __future__ import annotations

from collections.abc import Mapping
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


class _Edges(Mapping):
    """The edges of every node, input and weight, each source's computed when first asked
    for: a check needs the few local partials of its own question."""

    def __init__(self, model: Model):
        self._model = model
        self._sources = (*model.node_names, *model.input_names, *model.weight_names)
        self._done: dict[str, tuple[Edge, ...]] = {}

    def __getitem__(self, source: str) -> tuple[Edge, ...]:
        done = self._done.get(source)
        if done is None:
            if source not in self._sources:
                raise KeyError(source)
            done = self._done[source] = _edges_from(self._model, source)
        return done

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


@lru_cache(maxsize=None)
def edges(model: Model) -> Mapping[str, tuple[Edge, ...]]:
    """For every node, input and weight: the edges to the nodes that use it.

    Weight edges have lag 0 and are understood at every step.
    """
    return _Edges(model)


def partial(expr: sympy.Expr, s: sympy.Symbol) -> sympy.Expr:
    """d expr / d s for sums, products, constant powers and one-argument functions (their
    own fdiff); anything else goes to sympy.diff."""
    if expr == s:
        return sympy.S.One
    if not expr.has(s):
        return sympy.S.Zero
    if expr.is_Add:
        return sympy.Add(*[partial(a, s) for a in expr.args])
    if expr.is_Mul:
        a = expr.args
        return sympy.Add(*[sympy.Mul(*a[:i], partial(a[i], s), *a[i + 1:])
                           for i in range(len(a)) if a[i].has(s)])
    if expr.is_Pow and not expr.exp.has(s):
        return expr.exp * expr.base ** (expr.exp - 1) * partial(expr.base, s)
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        return expr.fdiff(1) * partial(expr.args[0], s)
    return sympy.diff(expr, s)


def _edges_from(model: Model, source: str) -> tuple[Edge, ...]:
    out = []
    for consumer, definition in model.definitions.items():
        for s in sorted(definition.free_symbols, key=lambda s: s.name):
            parts = step_of(s)
            if (parts[0] if parts else s.name) != source:
                continue
            factor = _in_node_values(model, partial(definition, s))
            if parts is None:  # a weight
                out.append(Edge(source, consumer, 0, factor))
            else:
                offset = parts[2]
                # consumer at t uses source at t+offset; seen from the source, lag = -offset
                out.append(Edge(source, consumer, -offset, shift(factor, -offset)))
    return tuple(out)


@lru_cache(maxsize=None)
def links(model: Model) -> dict[str, frozenset[tuple[str, int]]]:
    """For every quantity, the (consumer, lag) of each edge from it: the shape of the graph,
    read from the definitions' symbols with no derivative taken."""
    out: dict[str, set[tuple[str, int]]] = {}
    for consumer, definition in model.definitions.items():
        for s in definition.free_symbols:
            parts = step_of(s)
            base, lag = (parts[0], -parts[2]) if parts else (s.name, 0)
            out.setdefault(base, set()).add((consumer, lag))
    return {q: frozenset(c) for q, c in out.items()}


@lru_cache(maxsize=None)
def users(model: Model) -> dict[str, frozenset[str]]:
    """For every quantity, the nodes whose definitions use it."""
    return {q: frozenset(c for c, _ in ls) for q, ls in links(model).items()}
