"""A gradient as a sum over paths through the unrolled graph.

Each path starts at the quantity whose gradient is asked, follows uses forward in time
and ends where the loss enters (a given gradient such as grad_y_s). Its term is the
product of the local partials along the way times that given gradient; the gradient is
the sum of all terms. Diagnosis fits student answers against these terms.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy

from ..models.graph import Model
from ..models.naming import at_offset, at_step, sym
from .adjoint import given_symbol, one_level
from .local import Edge, edges
from .timeshift import pin, release


@dataclass(frozen=True)
class Path:
    visits: tuple[tuple[str, int], ...]  # (quantity, step) from the source to the loss
    factors: tuple[sympy.Expr, ...]  # local partials along the edges, at concrete steps
    leaf: sympy.Symbol  # the given gradient where the loss enters

    @property
    def term(self) -> sympy.Expr:
        return sympy.Mul(*self.factors, self.leaf)

    @property
    def name(self) -> str:
        return " -> ".join(at_step(q, s) for q, s in self.visits) + f" -> loss ({self.leaf})"

    def via(self, quantity: str, step: int) -> bool:
        return (quantity, step) in self.visits


class PathTable:
    """All paths of a model for one horizon T, built once and shared between queries."""

    def __init__(self, model: Model, horizon: int):
        self.model = model
        self.T = horizon
        self._memo: dict[tuple[str, int], tuple[Path, ...]] = {}
        self._factor: dict[tuple[Edge, int], sympy.Expr] = {}

    def _pinned(self, e: Edge, step: int) -> sympy.Expr:
        key = (e, step)
        if key not in self._factor:
            self._factor[key] = pin(e.factor, step)
        return self._factor[key]

    def node(self, node: str, step: int) -> tuple[Path, ...]:
        key = (node, step)
        if key in self._memo:
            return self._memo[key]
        here = ((node, step),)
        out: list[Path] = []
        g = given_symbol(self.model, node)
        if g is not None and step >= 1:
            out.append(Path(here, (), sym(at_step(self.model.given[node][0], step))))
        for e in edges(self.model)[node]:
            if step + e.lag > self.T or step + e.lag < 1:
                continue
            f = self._pinned(e, step)
            for p in self.node(e.consumer, step + e.lag):
                out.append(Path(here + p.visits, (f,) + p.factors, p.leaf))
        self._memo[key] = tuple(out)
        return self._memo[key]

    def weight(self, weight: str) -> tuple[Path, ...]:
        out: list[Path] = []
        for step in range(1, self.T + 1):
            for e in edges(self.model)[weight]:
                f = self._pinned(e, step)
                for p in self.node(e.consumer, step):
                    out.append(Path(((weight, step),) + p.visits, (f,) + p.factors, p.leaf))
        return tuple(out)

    def of(self, quantity: str, step: int | None = None) -> tuple[Path, ...]:
        if quantity in self.model.weight_names:
            return self.weight(quantity)
        return self.node(quantity, step)


def relative_paths(model: Model, node: str, steps_after: int) -> list[tuple[str, sympy.Expr]]:
    """Paths of grad `node` at the generic step t when the sequence ends `steps_after`
    steps later, as (name, term) with steps written relative to t."""
    origin = steps_after + 2
    table = PathTable(model, origin + steps_after)
    out = []
    for p in table.node(node, origin):
        name = " -> ".join(at_offset(q, s - origin) for q, s in p.visits)
        out.append((name, release(p.term, origin)))
    return out


@dataclass(frozen=True)
class Branch:
    """One term of a one-level gradient: the use of the quantity by `via`."""

    via: str  # e.g. 'C_tp1', or the given gradient's name
    term: sympy.Expr


def one_level_branches(model: Model, node: str, last_step: bool) -> tuple[Branch, ...]:
    """The one-level gradient split into its terms, one per direct use (plus the loss)."""
    out = []
    g = given_symbol(model, node)
    if g is not None:
        out.append(Branch(g.name, g))
    for e in edges(model)[node]:
        if last_step and e.lag > 0:
            continue
        out.append(Branch(at_offset(e.consumer, e.lag), e.factor * sym("grad_" + at_offset(e.consumer, e.lag))))
    assert sympy.Add(*[b.term for b in out]) == one_level(model, node, last_step)
    return tuple(out)


class NotAPath(ValueError):
    """A named path that does not follow the graph's edges (message names the gap)."""


def path_product(model: Model, visits: list[str]) -> sympy.Expr:
    """The product of local partials along a path of generic names, e.g.
    ['C_t', 'C_tp1', 'C_tp2'] -> f_tp1*f_tp2 (the cell-state path)."""
    from ..models.naming import split_time
    from .timeshift import shift

    steps = []
    for name in visits:
        parts = split_time(name)
        if not parts or parts[1] != "offset":
            raise NotAPath(f"{name!r} is not a quantity at a step relative to t (like C_tp1)")
        steps.append((parts[0], parts[2]))
    if len(steps) < 2:
        raise NotAPath("a path visits at least two quantities")
    factors = []
    for (a, ka), (b, kb) in zip(steps, steps[1:]):
        match = [e for e in edges(model).get(a, ()) if e.consumer == b and e.lag == kb - ka]
        if not match:
            raise NotAPath(f"{at_offset(a, ka)} is not used directly by {at_offset(b, kb)}")
        factors.append(shift(match[0].factor, ka))
    return sympy.Mul(*factors)
