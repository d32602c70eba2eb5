"""The networks, each declared once in a course folder (see declaration.py and graph.py).

A model is looked up by name: first in the folders given as `beside`, then in the
package's own course folder, the repository's assignments/models/. An assignment's model
is declared beside its spec (a released folder, where `release` puts it beside
sealed.json; a bundle; PrairieLearn's tests/ folder) or in its course folder's models/.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .declaration import SUFFIX
from .graph import Alias, Model, Node, Quantity

# the course folder of this checkout; an installed wheel has none, and finds its models
# beside what it grades (a bundle's course folder, a release's sealed.json)
PACKAGE_MODELS = Path(__file__).resolve().parents[2] / "assignments" / "models"


def _given(beside) -> tuple[str, ...]:
    if beside is None:
        return ()
    if isinstance(beside, (str, Path)):
        return (str(beside),)
    return tuple(str(f) for f in beside)


def _folders(beside) -> list[Path]:
    """Where to look, in order: `beside` (a folder or several), then the package's."""
    folders = [Path(f).resolve() for f in _given(beside)]
    return folders + ([PACKAGE_MODELS] if PACKAGE_MODELS not in folders else [])


def declaration_path(name: str, beside=None) -> Path:
    """The file declaring the model `name` (KeyError naming where it was looked for)."""
    return _find(name, _given(beside))


@lru_cache(maxsize=256)
def _find(name: str, beside: tuple[str, ...]) -> Path:
    """Found once per place asked about: every answer checked asks again."""
    folders = _folders(beside)
    for folder in folders:
        path = folder / f"{name}{SUFFIX}"
        if path.is_file():
            return path
    known = available_models(beside)
    raise KeyError(f"unknown model {name!r}; known models: {', '.join(known) or 'none'} "
                   f"(declared as NAME{SUFFIX} in {' or '.join(str(f) for f in folders)})")


def get_model(name: str, beside=None) -> Model:
    """The model declared as `name`, read once per file (declaration.DeclarationError
    when the file has problems)."""
    return _load(declaration_path(name, beside))


@lru_cache(maxsize=None)
def _load(path: Path) -> Model:
    from .declaration import load

    return load(path)


def model_folders(spec_folder) -> tuple[str, str]:
    """Where the model of the assignment whose spec is in `spec_folder` is declared: beside
    the spec, or in the models/ folder of its course folder."""
    folder = Path(spec_folder)
    return str(folder), str(folder.parent / "models")


def assignment_model(assignment) -> Model:
    """The model an assignment's spec names, as its course declares it."""
    return get_model(assignment.model, beside=model_folders(assignment.directory))


def shipped_declaration(assignment) -> Path | None:
    """The file declaring the model of an assignment whose expression questions read it,
    or None. It travels with the spec wherever grading or a local check runs without the
    course folder (a release, a bundle, PrairieLearn's tests/); it holds no answer."""
    if not any(q.kind in ("expression", "derivation") for q in assignment.questions):
        return None
    return declaration_path(assignment.model, model_folders(assignment.directory))


def available_models(beside=None) -> list[str]:
    """The names of the models declared where get_model looks."""
    names = set()
    for folder in _folders(beside):
        if folder.is_dir():
            names |= {p.name[:-len(SUFFIX)] for p in folder.glob("*" + SUFFIX)}
    return sorted(names)


__all__ = ["Alias", "Model", "Node", "Quantity", "assignment_model", "available_models",
           "declaration_path", "get_model", "model_folders", "shipped_declaration"]
