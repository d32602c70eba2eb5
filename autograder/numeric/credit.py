"""How a function's checks turn into its share of the points: one table, one rule.

Every check of the numeric checker is a *rule* below. A function's fraction is

    values earned  +  properties passed x (values earned / values possible)

Value rules say whether the numbers are right (each output against the reference, the
gradients against finite differences of the student's own forward). Property rules say
something any function can satisfy, right or not (a function that returns zeros is
deterministic, linear and leaves its inputs alone), so they only add to numbers that are
at least partly right: a stub, a zero function, a function that raises or returns the
wrong shape earns nothing. Rules of weight 0 are warnings: reported, never a lost point.

An assignment's spec may override any weight per code question (`[question.credit]` in
assignment.toml, see docs/assignment-spec.md): e.g. `modifies_inputs = 0.05` makes
changing an input array in place cost points, as a rule the spec states.
"""
from __future__ import annotations

from types import MappingProxyType

# weight of each rule in a forward's / a backward's points (the value weights of one
# function are split evenly among its outputs)
DEFAULT = MappingProxyType({
    # -- values -------------------------------------------------------------------
    "forward_values": 0.9,        # each output equals the reference, at every size checked
    "backward_values": 0.7,       # each gradient equals the reference, at every size checked
    "own_forward_consistency": 0.1,  # gradients agree with central differences of the
                                     # student's own forward (credit for a backward that is
                                     # right for a forward that is not)
    # -- properties ---------------------------------------------------------------
    "deterministic": 0.1,         # two identical calls give identical results
    "linear": 0.1,                # backward: linear in the upstream gradient
    "passive_cases": 1.0,         # clip_by_global_norm: cases that returning the input
                                  # (or zeros) passes; each case carries its own share
    # -- warnings unless a spec gives them a weight ------------------------------------
    "modifies_inputs": 0.0,       # changes an input array in place (the contract allows it)
})

# a value rule whose numbers are right but whose array has extra or missing axes of
# length 1 (db of shape (1, H) from keepdims=True) earns this fraction of its share
MISSHAPEN_VALUES = 0.5

# "values": a check that carries its own weight as its share (a checker with value checks only)
VALUE_RULES = frozenset({"forward_values", "backward_values", "own_forward_consistency", "values"})
PENALTY_RULES = frozenset({"modifies_inputs"})     # weight counts against, passing is the norm
RULES = frozenset(DEFAULT)


class UnknownRule(ValueError):
    pass


def overridden(default, overrides: dict | None, where: str = "") -> dict:
    """A credit table (this one, or the expression checker's) with a spec's overrides
    applied: unknown names are refused, each fraction lies in [0, 1]."""
    table = dict(default)
    for key, value in (overrides or {}).items():
        if key not in default:
            raise UnknownRule(f"unknown credit rule {key!r}{where}; known: {', '.join(sorted(default))}")
        value = float(value)
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"credit rule {key!r} must be between 0 and 1, not {value:g}")
        table[key] = value
    return table


def weights(overrides: dict | None = None) -> dict:
    """The default table with a spec's overrides applied (unknown names are refused)."""
    return overridden(DEFAULT, overrides)


def fraction(checks, overrides: dict | None = None) -> float:
    """A function's fraction of its points from its checks.

    `checks` are dicts (or objects) with `rule`, `earned` (0..1 of the check's share) and
    `share` (the check's part of its rule, e.g. 1/5 for one of five gradients)."""
    table = weights(overrides)
    get = (lambda c, k: c[k]) if checks and isinstance(checks[0], dict) else getattr
    value_possible = value_earned = prop_possible = prop_earned = penalty = 0.0
    for c in checks:
        rule, earned, share = get(c, "rule"), float(get(c, "earned")), float(get(c, "share"))
        w = table.get(rule, 1.0) * share
        if rule in VALUE_RULES:
            value_possible += w
            value_earned += w * earned
        elif rule in PENALTY_RULES:
            penalty += w * (1.0 - earned)
        else:
            prop_possible += w
            prop_earned += w * earned
    if value_possible <= 0:
        return 0.0
    right = value_earned / value_possible
    total = value_possible + prop_possible
    return max(0.0, min(1.0, (value_earned + prop_earned * right) / total - penalty))
