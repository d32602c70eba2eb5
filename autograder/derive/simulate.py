"""Forward and backward passes of a model at concrete steps, in float64 or mpmath.

The forward pass evaluates each node's definition; the backward pass evaluates the
derived one-level adjoints from the last step down. The result is a consistent state:
every node symbol, every gradient symbol and every leaf at steps 0..T (plus the
gradients at T+1, which are zero), keyed by symbol.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy

from ..models.graph import Model
from ..models.naming import at_offset, at_step, grad, sym
from .adjoint import initial_adjoint, is_given_only, one_level, weight_summand
from .evaluate import Program, compile_expr
from .timeshift import step_of


@dataclass(frozen=True)
class _Compiled:
    program: Program
    # for each input symbol of the program: (name without time, offset) or (name, None)
    reads: tuple[tuple[str, int | None], ...]


def _compile_generic(expr: sympy.Expr) -> _Compiled:
    prog = compile_expr(expr)
    reads = []
    for s in prog.symbols:
        parts = step_of(s)
        reads.append((s.name, None) if parts is None else (parts[0], parts[2]))
    return _Compiled(prog, tuple(reads))


@lru_cache(maxsize=None)
def _forward_programs(model: Model) -> tuple[tuple[str, _Compiled], ...]:
    return tuple((n, _compile_generic(model.definitions[n])) for n in model.node_names)


@lru_cache(maxsize=None)
def _backward_programs(model: Model, last: bool) -> tuple[tuple[str, _Compiled], ...]:
    out = []
    for n in reversed(model.node_names):
        if not is_given_only(model, n):
            out.append((n, _compile_generic(one_level(model, n, last))))
    return tuple(out)


@lru_cache(maxsize=None)
def _initial_programs(model: Model) -> tuple[tuple[str, _Compiled], ...]:
    return tuple((n, _compile_generic(initial_adjoint(model, n))) for n in model.initial)


@lru_cache(maxsize=None)
def _weight_programs(model: Model) -> tuple[tuple[str, _Compiled], ...]:
    return tuple((w, _compile_generic(weight_summand(model, w))) for w in model.weight_names)


def _run(c: _Compiled, values: dict[str, object], step: int, backend: str):
    args = [values[name] if off is None else values[at_step(name, step + off)] for name, off in c.reads]
    return c.program.run(args, backend)


def leaf_names(model: Model, horizon: int) -> list[str]:
    """Every leaf a pass needs: weights, inputs at 1..T, initial states, given gradients."""
    names = list(model.weight_names)
    names += [at_step(q, t) for q in model.input_names for t in range(1, horizon + 1)]
    names += [at_step(n, 0) for n in model.initial]
    names += [at_step(g, t) for g, _ in model.given.values() for t in range(1, horizon + 1)]
    return names


def run_passes(model: Model, horizon: int, leaves: dict[str, object], backend: str = "float",
               perturb: dict[str, object] | None = None, weights: bool = True) -> dict[str, object]:
    """Forward then backward pass; returns values by name (strings, e.g. 'grad_C_2').

    `perturb` adds a number to named node values right after they are computed (used
    by finite-difference tests of intermediate nodes). `weights=False` leaves out the
    weights' gradients (see `weight_gradients`).
    """
    values: dict[str, object] = dict(leaves)
    zero = 0.0 if backend == "float" else mpmath.mpf(0)
    for t in range(1, horizon + 1):
        for name, c in _forward_programs(model):
            key = at_step(name, t)
            values[key] = _run(c, values, t, backend)
            if perturb and key in perturb:
                values[key] = values[key] + perturb[key]
    # adjoints beyond the horizon are zero; node values there are never read at the last step
    for n in model.node_names:
        values[grad(at_step(n, horizon + 1))] = zero
    for node, (given, _) in model.given.items():
        for t in range(1, horizon + 1):
            if is_given_only(model, node):
                values[grad(at_step(node, t))] = values[at_step(given, t)]
    for t in range(horizon, 0, -1):
        for name, c in _backward_programs(model, t == horizon):
            values[grad(at_step(name, t))] = _run(c, values, t, backend)
    for name, c in _initial_programs(model):
        values[grad(at_step(name, 0))] = _run(c, values, 0, backend)
    if weights:
        values.update(weight_gradients(model, horizon, values, backend))
    return values


def weight_gradients(model: Model, horizon: int, values: dict[str, object], backend: str
                     ) -> dict[str, object]:
    """The weights' gradients (sums over steps 1..T) from a pass's values. Apart because
    few answers use them, and their programs cost a derivative of every definition."""
    zero = 0.0 if backend == "float" else mpmath.mpf(0)
    out = {}
    for w, c in _weight_programs(model):
        total = zero
        for t in range(1, horizon + 1):
            total = total + _run(c, values, t, backend)
        out[grad(w)] = total
    return out


@dataclass(frozen=True)
class Ranges:
    """Where random states are drawn. Chosen so that gates stay unsaturated
    (pre-activations of a few units at most) and nothing is degenerate (all non-zero)."""

    weight: tuple[float, float] = (0.3, 1.2)  # magnitude; sign random
    input: tuple[float, float] = (0.2, 1.5)
    initial: tuple[float, float] = (0.2, 0.9)
    given_grad: tuple[float, float] = (0.3, 2.0)


def random_leaves(model: Model, horizon: int, rng: random.Random, ranges: Ranges = Ranges(),
                  backend: str = "float") -> dict[str, object]:
    """A random point: every leaf drawn with a random sign and a magnitude in its range."""

    def draw(lo_hi):
        lo, hi = lo_hi
        v = rng.uniform(lo, hi) * rng.choice((-1.0, 1.0))
        return v if backend == "float" else mpmath.mpf(v)

    leaves = {}
    for w in model.weight_names:
        leaves[w] = draw(ranges.weight)
    for q in model.input_names:
        for t in range(1, horizon + 1):
            leaves[at_step(q, t)] = draw(ranges.input)
    for n in model.initial:
        leaves[at_step(n, 0)] = draw(ranges.initial)
    for g, _ in model.given.values():
        for t in range(1, horizon + 1):
            leaves[at_step(g, t)] = draw(ranges.given_grad)
    return leaves


def state_symbols(values: dict[str, object]) -> dict[sympy.Symbol, object]:
    """The same state keyed by SymPy symbols."""
    return {sym(k): v for k, v in values.items()}


__all__ = ["run_passes", "random_leaves", "leaf_names", "Ranges", "state_symbols", "at_offset"]
