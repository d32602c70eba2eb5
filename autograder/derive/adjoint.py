"""Reverse-mode adjoints over node symbols.

The gradient of a node at step t is written "one level" deep, as a person writes it:
the sum over the node's direct uses of (local partial) x (gradient of the user),
    grad_C_t = o_t*(1 - tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1.
At the last step (t = T) the uses at step t+1 do not exist, so those terms drop out.
The expanded form substitutes the one-level forms into each other down to forward values
and the given loss gradients, for a concrete horizon.
"""
from __future__ import annotations

from functools import lru_cache

import sympy

from ..models.graph import Model
from ..models.naming import T_HORIZON, T_INDEX, at_offset, at_step, grad, sym
from .local import edges, users
from .timeshift import map_symbols, pin, release, step_of


def given_symbol(model: Model, node: str, offset: int = 0) -> sympy.Symbol | None:
    """The given loss gradient entering `node` directly (grad_y_t, delta_t), if any."""
    if node not in model.given:
        return None
    return sym(at_offset(model.given[node][0], offset))


def is_given_only(model: Model, node: str) -> bool:
    """True when the node's gradient is simply the given one (y_t in the LSTM)."""
    return node in model.given and not users(model).get(node)


@lru_cache(maxsize=None)
def one_level(model: Model, node: str, last_step: bool) -> sympy.Expr:
    """grad of `node` at the generic step t, in terms of its users' gradients."""
    terms = []
    g = given_symbol(model, node)
    if g is not None:
        terms.append(g)
    for e in edges(model)[node]:
        if last_step and e.lag > 0:
            continue
        terms.append(e.factor * sym(grad(at_offset(e.consumer, e.lag))))
    return sympy.Add(*terms)


@lru_cache(maxsize=None)
def initial_adjoint(model: Model, node: str) -> sympy.Expr:
    """grad of an initial state (h_0, C_0) written at the generic step t = 0: only its
    uses at later steps count (there is no loss at step 0)."""
    return sympy.Add(*[e.factor * sym(grad(at_offset(e.consumer, e.lag)))
                       for e in edges(model)[node] if e.lag > 0])


@lru_cache(maxsize=None)
def weight_summand(model: Model, weight: str) -> sympy.Expr:
    """The contribution of step t to grad of a weight (summed over t = 1..T)."""
    return sympy.Add(*[e.factor * sym(grad(at_offset(e.consumer, 0))) for e in edges(model)[weight]])


def weight_gradient(model: Model, weight: str) -> sympy.Expr:
    """grad of a weight as Sum(summand, (t, 1, T))."""
    return sympy.Sum(weight_summand(model, weight), (T_INDEX, 1, T_HORIZON))


class Expander:
    """Expanded gradients at concrete steps 1..T, memoised per horizon."""

    def __init__(self, model: Model, horizon: int):
        self.model = model
        self.T = horizon
        self._memo: dict[tuple[str, int], sympy.Expr] = {}

    def node(self, node: str, step: int) -> sympy.Expr:
        key = (node, step)
        if key not in self._memo:
            self._memo[key] = self._expand(pin(one_level(self.model, node, step == self.T), step))
        return self._memo[key]

    def weight(self, weight: str) -> sympy.Expr:
        summand = weight_summand(self.model, weight)
        return sympy.Add(*[self._expand(pin(summand, t)) for t in range(1, self.T + 1)])

    def _expand(self, expr: sympy.Expr) -> sympy.Expr:
        """Replace every gradient symbol of a node by its own expansion."""
        return map_symbols(expr, self._expansion_of)

    def _expansion_of(self, s: sympy.Symbol) -> sympy.Expr:
        if not s.name.startswith("grad_"):
            return s
        parts = step_of(sym(s.name[len("grad_"):]))
        if parts is None:
            return s
        base, _, step = parts
        if step > self.T:
            return sympy.S.Zero
        if not is_given_only(self.model, base):
            return self.node(base, step)
        return sym(at_step(self.model.given[base][0], step))


def expanded(model: Model, node: str, steps_after: int = 0) -> sympy.Expr:
    """grad of `node` at the generic step t, when the sequence ends `steps_after` steps
    later (0: t is the last step), written in forward values and given gradients."""
    origin = steps_after + 2  # any step > 1 will do; results are shifted back to t
    ex = Expander(model, origin + steps_after)
    return release(ex.node(node, origin), origin)


def expanded_weight(model: Model, weight: str, horizon: int) -> sympy.Expr:
    """grad of a weight for a concrete horizon T, fully expanded (concrete steps)."""
    return Expander(model, horizon).weight(weight)
