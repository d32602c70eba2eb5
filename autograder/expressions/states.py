"""Random points at which two expressions are compared.

For a model, a point is a *consistent state*: leaves are drawn at random (weights, inputs,
initial states, the given loss gradients), then the forward and backward passes compute
every node and every gradient. So h_t/o_t really is tanh(C_t) and grad_C_tp1 really is
the gradient of C at the next step. Ranges keep gates away from saturation, where
sigma*(1-sigma) and sigma**2*(1-sigma) would both be ~0 and look alike.

Without a model, free symbols are drawn from their declared domains.
"""
from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass, field

import mpmath
import sympy

from ..derive.evaluate import Undefined, compile_expr
from ..derive.simulate import random_leaves, run_passes, weight_gradients
from ..models.graph import Model
from ..models.naming import grad, split_time, sym

DEFAULT_DOMAIN = (-2.0, 2.0)


@dataclass(frozen=True)
class FreeSetting:
    """Free symbols with their domains (for `equiv --model none`); defined quantities are
    substituted by their definitions before comparison, so they need no values here."""

    domains: dict = field(default_factory=dict)  # Symbol -> (lo, hi)


@lru_cache(maxsize=256)
def model_state(model: Model, horizon: int, seed: int, dps: int) -> dict:
    """A consistent state of the model at `dps` digits, keyed by symbol (shared: read only)."""
    rng = random.Random(seed)
    with mpmath.workdps(dps):
        leaves = random_leaves(model, horizon, rng, backend="mp")
        values = run_passes(model, horizon, leaves, backend="mp", weights=False)
    return _State({sym(k): v for k, v in values.items()}, model, horizon, values, dps)


class _State(dict):
    """A state whose weight gradients are computed when an answer first asks for one."""

    def __init__(self, known: dict, model: Model, horizon: int, values: dict, dps: int):
        super().__init__(known)
        self._pending = (model, horizon, values, dps)
        self._weights = {sym(grad(w)) for w in model.weight_names}

    def _complete(self) -> None:
        model, horizon, values, dps = self._pending
        with mpmath.workdps(dps):
            self.update({sym(k): v for k, v in weight_gradients(model, horizon, values, "mp").items()})
        self._pending = None

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or (self._pending is not None and key in self._weights)

    def __missing__(self, key):
        if self._pending is None or key not in self._weights:
            raise KeyError(key)
        self._complete()
        return dict.__getitem__(self, key)


class WithFree(dict):
    """A model's consistent state plus the free symbols an author declared beside the model
    (`equiv --model M --symbols a_t`). A declared name at a step (a_t placed at t=2 is a_2)
    takes the domain of its declaration, and each one is drawn from its own name and the
    point's seed, so the two sides of a comparison see the same value whatever else they
    contain."""

    def __init__(self, base: dict, setting: FreeSetting, seed: int, dps: int):
        super().__init__()
        self._base, self._setting, self._seed, self._dps = base, setting, seed, dps

    def _domain(self, key):
        if key in self._setting.domains:
            return self._setting.domains[key]
        stem = split_time(key.name)
        for declared, dom in self._setting.domains.items():
            other = split_time(declared.name)
            if stem and other and stem[0] == other[0]:
                return dom
        return None

    def __contains__(self, key) -> bool:
        return key in self._base or dict.__contains__(self, key) or self._domain(key) is not None

    def __missing__(self, key):
        if key in self._base:
            return self._base[key]
        dom = self._domain(key)
        if dom is None:
            raise KeyError(key)
        value = free_state(FreeSetting({key: dom}), [key], f"{self._seed}:{key.name}", self._dps)[key]
        self[key] = value
        return value


def free_state(setting: FreeSetting, symbols, seed, dps: int) -> dict:
    """Draw every free symbol in its domain, away from 0 where the domain allows."""
    rng = random.Random(seed)
    state = {}
    with mpmath.workdps(dps):
        for s in sorted(symbols, key=lambda s: s.name):
            lo, hi = setting.domains.get(s, DEFAULT_DOMAIN)
            v = rng.uniform(lo, hi)
            for _ in range(20):
                if abs(v) > 0.05 * max(abs(lo), abs(hi)):
                    break
                v = rng.uniform(lo, hi)
            state[s] = mpmath.mpf(v)
    return state


__all__ = ["model_state", "free_state", "FreeSetting", "WithFree", "Undefined"]
