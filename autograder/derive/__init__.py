"""Reference gradients derived from the model declarations (never typed in by hand).

The names below are imported on first use: a student's install carries only the modules
its parser and evaluator need (local partials, time shifts, printing of names, numeric
evaluation), not the derivation engine (adjoint, paths, references, simulate).
"""
from importlib import import_module

_WHERE = {
    "Expander": "adjoint", "expanded": "adjoint", "expanded_weight": "adjoint", "one_level": "adjoint",
    "weight_gradient": "adjoint", "PathTable": "paths", "one_level_branches": "paths",
    "relative_paths": "paths", "UnknownQuestion": "references", "question_names": "references",
    "reference": "references", "resolve": "references", "random_leaves": "simulate",
    "run_passes": "simulate",
}


def __getattr__(name):
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def clear_caches() -> None:
    """Forget every derived result (for cold-start measurements)."""
    from . import adjoint, local, simulate, timeshift

    for mod in (adjoint, local, simulate, timeshift):
        for obj in vars(mod).values():
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()


__all__ = ["clear_caches", *_WHERE]
