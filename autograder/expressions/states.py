"""Random points at which two expressions are compared.

For a model, a point is a *consistent state*: leaves are drawn at random (weights, inputs,
initial states, the given loss gradients), then the forward and backward passes compute
every node and every gradient. So h_t/o_t really is tanh(C_t) and grad_C_tp1 really is
the gradient of C at the next step. Ranges keep gates away from saturation, where
sigma*(1-sigma) and sigma**2*(1-sigma) would both be ~0 and look alike.

Without a model, free symbols are drawn from their declared domains and defined
quantities are computed from them in order.
"""
from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass, field

import mpmath
import sympy

from ..derive.evaluate import Undefined, compile_expr
from ..derive.simulate import random_leaves, run_passes
from ..models.graph import Model
from ..models.naming import sym

DEFAULT_DOMAIN = (-2.0, 2.0)


@dataclass(frozen=True)
class FreeSetting:
    """Symbols with domains and quantities defined from them (for `equiv --model none`)."""

    domains: dict = field(default_factory=dict)  # Symbol -> (lo, hi)
    defines: tuple = ()  # ((Symbol, Expr), ...) in order of definition


@lru_cache(maxsize=256)
def model_state(model: Model, horizon: int, seed: int, dps: int) -> dict:
    """A consistent state of the model at `dps` digits, keyed by symbol (shared: read only)."""
    rng = random.Random(seed)
    with mpmath.workdps(dps):
        leaves = random_leaves(model, horizon, rng, backend="mp")
        values = run_passes(model, horizon, leaves, backend="mp")
    return {sym(k): v for k, v in values.items()}


def free_state(setting: FreeSetting, symbols, seed: int, dps: int) -> dict:
    """Draw every free symbol in its domain (away from 0), then compute the defines."""
    rng = random.Random(seed)
    defined = {s for s, _ in setting.defines}
    state = {}
    with mpmath.workdps(dps):
        for s in sorted(symbols, key=lambda s: s.name):
            if s in defined:
                continue
            lo, hi = setting.domains.get(s, DEFAULT_DOMAIN)
            for _ in range(20):
                v = rng.uniform(lo, hi)
                if abs(v) > 0.05 * max(abs(lo), abs(hi), 1e-9):
                    break
            state[s] = mpmath.mpf(v)
        for s, expr in setting.defines:
            missing = [x for x in expr.free_symbols if x not in state]
            for x in missing:  # symbols only used inside definitions
                lo, hi = setting.domains.get(x, DEFAULT_DOMAIN)
                state[x] = mpmath.mpf(rng.uniform(lo, hi))
            prog = compile_expr(expr)
            state[s] = prog.run([state[x] for x in prog.symbols], "mp")
    return state


def needed_symbols(setting: FreeSetting, exprs) -> set:
    out = set()
    for e in exprs:
        out |= e.free_symbols
    for s, e in setting.defines:
        out |= e.free_symbols | {s}
    return out


__all__ = ["model_state", "free_state", "FreeSetting", "needed_symbols", "Undefined"]
