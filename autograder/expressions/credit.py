"""How a wrong expression answer turns into a share of the points: one table, one rule.

The diagnosis names each mistake of a wrong answer (a term left out, a wrong time step, a
derivative factor missing, ...). Each *kind* of mistake keeps the fraction of the points
below, the same in every question, so the same slip costs the same in grad_C_t and in
grad_W_hi. An answer with several mistakes keeps the product of their fractions (two
missing terms: 0.5 x 0.5). An answer the diagnosis cannot explain earns nothing.

An assignment's spec may override any fraction per question (`[question.credit]` in
assignment.toml, see docs/assignment-spec.md), as it does for code questions in
autograder/numeric/credit.py; `[question.partial_credit]` keeps its older switches
(`per_branch`: the share of right terms instead; `mistake`: one fraction for every
catalogued mistake).
"""
from __future__ import annotations

from types import MappingProxyType

from ..numeric.credit import UnknownRule, overridden  # noqa: F401  (UnknownRule: raised here too)

DEFAULT = MappingProxyType({
    # -- found by fitting the answer as a combination of the gradient's terms ---------
    "missing_path": 0.5,        # one use of the quantity (one path, one step's share) left out
    "wrong_sign": 0.5,          # one term, or the whole answer, with the wrong sign
    "counted_twice": 0.5,       # one term counted twice
    # -- found in the catalogue of mistakes (mistakes.py, check.py) -------------------
    "last_step_form": 0.25,     # the form for t = T given at a step t < T: step t+1's paths missing
    "wrong_time_step": 0.25,    # a quantity at the wrong step, or the whole answer a step off
    "missing_derivative": 0.25,  # a sigma', tanh' or another chain-rule factor left out
    "extra_derivative": 0.25,   # the gradient of a gate's pre-activation given for the gate
    "wrong_derivative": 0.25,   # sigma' or tanh' written wrong ((1 - tanh)^2, sigma^2, ...)
    "derivative_on_sum": 0.25,  # a local derivative applied to a whole sum, not to one term
    "wrong_quantity": 0.25,     # another quantity of the same step where one belongs
    "sum_limits": 0.5,          # a sum over time that misses or adds steps
    "missing_sum": 0.25,        # a shared weight's gradient without the sum over time
    # -- derivations ------------------------------------------------------------------
    "broken_step": 0.5,         # the right final answer reached through a step that does not follow
})
RULES = frozenset(DEFAULT)

# the catalogue's mistake codes, by kind
KINDS = MappingProxyType({
    "last_step_form": "last_step_form", "last_step_form_inside": "last_step_form",
    "last_step_form_in_sum": "last_step_form",
    "time_index": "wrong_time_step", "time_shift": "wrong_time_step",
    "missing_sigma_prime": "missing_derivative", "missing_tanh_prime": "missing_derivative",
    "missing_factor": "missing_derivative",
    "pre_activation_gradient": "extra_derivative",
    "tanh_prime_square_of_difference": "wrong_derivative", "tanh_prime_not_squared": "wrong_derivative",
    "tanh_of_tanh_value": "wrong_derivative", "tanh_prime_as_sigma_prime": "wrong_derivative",
    "sigma_prime_squared": "wrong_derivative", "sigma_prime_squared_times": "wrong_derivative", "sigma_prime_one_minus_squared": "wrong_derivative",
    "sigma_prime_not_multiplied": "wrong_derivative", "sigma_of_gate_value": "wrong_derivative",
    "derivative_on_sum": "derivative_on_sum",
    "wrong_quantity": "wrong_quantity", "node_for_its_tanh": "wrong_quantity", "wrong_weight": "wrong_quantity", "gate_complement": "wrong_quantity",
    "sign": "wrong_sign", "term_sign": "wrong_sign",
    "sum_limits": "sum_limits", "missing_sum": "missing_sum",
})

# a fitted term's coefficient, by kind (1 is a right term)
FITTED = MappingProxyType({0: "missing_path", -1: "wrong_sign", 2: "counted_twice"})


def weights(overrides: dict | None = None) -> dict:
    """The default table with a spec's overrides applied (unknown names are refused)."""
    return overridden(DEFAULT, overrides, " for an expression question")


def question_table(overrides, broken_step: float | None = None) -> dict:
    """A question's table: the spec's `[question.credit]` overrides, and the older
    `partial_credit.broken_step` switch when it is set."""
    table = weights(dict(overrides))
    if broken_step is not None:
        table["broken_step"] = broken_step
    return table


def fitted_kinds(terms) -> list[str]:
    """The kinds of mistake of an answer fitted as a combination of the gradient's terms,
    given as (coefficient, reaches the target through a later step) pairs: every later
    term missing and the rest right is the last-step form, whichever question it is in;
    otherwise one kind per wrong term."""
    terms = list(terms)
    wrong = [(c, later) for c, later in terms if c != 1]
    later_terms = [c for c, later in terms if later]
    if later_terms and len(wrong) == len(later_terms) and all(later and c == 0 for c, later in wrong):
        return ["last_step_form"]
    return [FITTED[c] for c, _ in wrong if c in FITTED]


def kind_of(code: str) -> str:
    """The kind of a catalogued mistake (a code the catalogue does not list: a new mutant
    nobody priced yet earns nothing rather than a guess)."""
    return KINDS.get(code, "")


def fraction(kinds: list[str], table: dict) -> float:
    """The share of the points an answer with these mistakes keeps."""
    if not kinds:
        return 0.0
    share = 1.0
    for k in kinds:
        share *= table.get(k, 0.0)
    return round(share, 4)
