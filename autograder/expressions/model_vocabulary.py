"""The vocabulary of a model: every name an answer about it may use."""
from __future__ import annotations

from functools import lru_cache

from ..derive.printing import latex_name
from ..models.graph import Model
from ..models.naming import at_offset, at_step, grad, sym
from .local_partials import partial_rule
from .vocabulary import Vocabulary

OFFSETS = range(-3, 4)  # t-3 .. t+3
STEPS = range(0, 13)  # concrete steps 0..12


@lru_cache(maxsize=None)
def vocabulary_for(model: Model) -> Vocabulary:
    names: list[str] = []
    timed = [*model.node_names, *model.input_names]
    for base in timed:
        for k in OFFSETS:
            names += [at_offset(base, k), grad(at_offset(base, k))]
        for n in STEPS:
            names += [at_step(base, n), grad(at_step(base, n))]
    for w in model.weight_names:
        names += [w, grad(w)]
    for given, _ in model.given.values():
        if given.startswith("grad_"):
            continue  # grad_y_t is already there as the gradient of y
        names += [at_offset(given, k) for k in OFFSETS] + [at_step(given, n) for n in STEPS]
    names = list(dict.fromkeys(names))
    return Vocabulary({n: sym(n) for n in names}, {n: latex_name(model, n) for n in names},
                      partial=partial_rule(model), aliases=model.aliases, check_latex=False)
