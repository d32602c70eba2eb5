"""Reference gradients derived from the model declarations (never typed in by hand)."""
from .adjoint import Expander, expanded, expanded_weight, one_level, weight_gradient
from .paths import PathTable, one_level_branches, relative_paths
from .references import UnknownQuestion, question_names, reference, resolve
from .simulate import random_leaves, run_passes



def clear_caches() -> None:
    """Forget every derived result (for cold-start measurements)."""
    from . import adjoint, local, simulate, timeshift

    for mod in (adjoint, local, simulate, timeshift):
        for obj in vars(mod).values():
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()
    from ..models import MODELS

    for model in MODELS.values():
        model.__dict__.pop("definitions", None)


__all__ = ["clear_caches", 
    "Expander", "expanded", "expanded_weight", "one_level", "weight_gradient", "PathTable",
    "one_level_branches", "relative_paths", "UnknownQuestion", "question_names", "reference",
    "resolve", "random_leaves", "run_passes",
]
