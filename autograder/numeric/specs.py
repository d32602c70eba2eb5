"""The pinned functions of a code assignment, read from the `[code]` table of its
assignment.toml (docs/assignment-spec.md), and the reference that checks them: the answer
cells of the instructor's solution notebook.

A backward's k-th output is the gradient of its forward's k-th input, and its leading
arguments are upstream gradients of the forward's non-cache outputs, then the cache.
Where a wrong number sits (which output, which timestep, which gate block of a stacked
weight) is read from the declared shapes and gates, never from the assignment's name.
"""
from __future__ import annotations

import dataclasses
import types
from functools import lru_cache
from pathlib import Path

import numpy as np

# axis letters of a declared shape; "G*H" is G blocks of H stacked along one axis
LETTERS = ("N", "T", "D", "H", "G*H")


class LayoutError(ValueError):
    """A `[code]` table that cannot be used; the message names the file."""


@dataclasses.dataclass(frozen=True)
class FunctionSpec:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]          # the last output of a forward is its cache
    forward: str | None = None        # for a backward: the forward it differentiates
    sequence: bool = False            # runs over a whole sequence (its arrays have a T axis)
    shapes: tuple[tuple[str, ...], ...] = ()   # a forward's: one per input, in axis letters
    output_shapes: tuple[tuple[str, ...], ...] = ()   # a forward's: one per output but the cache

    @property
    def is_forward(self) -> bool:
        return self.forward is None


@dataclasses.dataclass(frozen=True)
class Assignment:
    name: str
    gates: tuple[str, ...]            # the blocks stacked along "G*H" axes, in order
    stack_axis: int                   # the axis of a stacked weight that holds the blocks
    functions: tuple[FunctionSpec, ...]
    scales: tuple[tuple[str, float | str], ...]   # spread of each random input (default 1)
    solution: Path                    # the notebook whose answer cells are the reference
    answer_cells: tuple[str, ...] = ()   # its cells that define the functions

    @property
    def n_gates(self) -> int:
        return len(self.gates)

    @property
    def reference(self) -> types.SimpleNamespace:
        """The solution's functions, run in this trusted process (instructor code)."""
        return load_reference(self.solution, self.answer_cells)

    def spec(self, name: str) -> FunctionSpec:
        return next(f for f in self.functions if f.name == name)

    def scale(self, name: str):
        return dict(self.scales).get(name, 1.0)

    def step_backward(self) -> FunctionSpec | None:
        """The backward of one step, which a sequence backward calls once per step."""
        return next((f for f in self.functions if not f.is_forward and not f.sequence), None)

    def gradient_axes(self, spec: FunctionSpec) -> dict[str, tuple[str, ...]]:
        """Output name of a backward -> the axis letters of its forward input."""
        fspec = self.spec(spec.forward)
        return dict(zip(spec.outputs, fspec.shapes))



def known(root=None) -> list[str]:
    """Every assignment with a `[code]` table, in the course under `root` (default: the
    course's) or in this checkout's own course (a checker may name one of those)."""
    from autograder.grading.spec import assignments_root
    found = set()
    for base in (Path(root) if root else assignments_root(), _home()):
        if base.is_dir():
            found |= {p.parent.name for p in base.glob("*/assignment.toml") if "code" in _table(p)}
    return sorted(found)


def get(name: str, root=None) -> Assignment:
    """The code layout of assignment `name` (KeyError when it declares none)."""
    from autograder.grading.spec import load
    try:
        spec = load(name, Path(root) if root else None)
    except KeyError:
        spec = load(name, _home())
    cells = tuple(q.answer_cell for q in spec.questions if q.kind == "code")
    path = spec.directory / "assignment.toml"
    return _parse(path, path.stat().st_mtime, name, spec.solution_path, cells)


def _home() -> Path:
    """This checkout's own course folder (its assignments/)."""
    from autograder.grading.spec import repository_root
    return repository_root() / "assignments"


def _table(path: Path) -> dict:
    return _read(path, path.stat().st_mtime)


@lru_cache(maxsize=64)
def _read(path: Path, mtime: float) -> dict:
    import tomllib
    return tomllib.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _parse(path: Path, mtime: float, name: str, solution: Path, cells: tuple[str, ...]) -> Assignment:
    code = _table(path).get("code")
    if code is None:
        raise KeyError(f"assignment {name!r} declares no [code] table in {path}")

    def fail(msg):
        raise LayoutError(f"{path}: [code]: {msg}")

    gates = code.get("gates", [])
    if not (isinstance(gates, list) and gates and all(isinstance(g, str) and g for g in gates)
            and len(set(gates)) == len(gates)):
        fail("gates must be a non-empty list of distinct names (one per stacked block)")
    axis = code.get("stack_axis", -1)
    if not isinstance(axis, int):
        fail("stack_axis must be an integer (the axis of a stacked weight that holds the gate blocks)")
    scales = code.get("scale", {})
    for k, v in scales.items():
        if v != "fan_in" and not (isinstance(v, (int, float)) and v > 0):
            fail(f"scale.{k} must be a positive number or \"fan_in\"")
    functions = []
    for i, f in enumerate(code.get("function", []), 1):
        where = f"function {i}" + (f" ({f['name']})" if "name" in f else "")
        for key in ("name", "inputs", "outputs"):
            if key not in f:
                fail(f"{where} has no {key!r}")
        shapes = out_shapes = ()
        if "forward" not in f:
            if len(f["outputs"]) < 2:
                fail(f"{where}: a forward returns its outputs, then its cache")
            raw, out_raw = f.get("shapes"), f.get("output_shapes")
            if not isinstance(raw, list) or len(raw) != len(f["inputs"]):
                fail(f"{where}: a forward gives one shape per input (shapes = [\"N D\", ...])")
            if not isinstance(out_raw, list) or len(out_raw) != len(f["outputs"]) - 1:
                fail(f"{where}: a forward gives one shape per output but the cache (output_shapes)")
            shapes = tuple(_axes(s, lambda m: fail(f"{where}: {m}")) for s in raw)
            out_shapes = tuple(_axes(s, lambda m: fail(f"{where}: {m}")) for s in out_raw)
        functions.append(FunctionSpec(f["name"], tuple(f["inputs"]), tuple(f["outputs"]),
                                      f.get("forward"), bool(f.get("sequence", False)), shapes, out_shapes))
    if not functions:
        fail("no [[code.function]] tables")
    names = {f.name for f in functions}
    for f in functions:
        if f.forward is None:
            continue
        fwd = next((g for g in functions if g.name == f.forward and g.is_forward), None)
        if fwd is None:
            fail(f"{f.name}: its forward {f.forward!r} is not a declared forward function")
        if len(f.outputs) != len(fwd.inputs):
            fail(f"{f.name}: one gradient per input of {fwd.name} ({len(fwd.inputs)}), not {len(f.outputs)}")
        if len(f.inputs) != len(fwd.outputs):
            fail(f"{f.name}: takes one upstream gradient per output of {fwd.name}, then the cache")
    if len(names) != len(functions):
        fail("a function is declared twice")
    return Assignment(name, tuple(gates), axis, tuple(functions),
                      tuple(sorted(scales.items())), solution, cells)


def _axes(text, fail) -> tuple[str, ...]:
    axes = tuple(str(text).split())
    bad = [a for a in axes if a not in LETTERS]
    if bad:
        fail(f"shape {text!r}: unknown axis {bad[0]!r} (axes: {', '.join(LETTERS)})")
    return axes


# -- the reference: the solution's answer cells ---------------------------------

@lru_cache(maxsize=8)
def _load(path: Path, mtime: float, cells: tuple[str, ...]) -> types.SimpleNamespace:
    import json   # read as plain JSON: validating the whole notebook would cost more than grading a function
    if not path.is_file():
        raise FileNotFoundError(f"the solution notebook {path} does not exist; it is the numeric "
                                "reference of the code questions")
    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace = {"np": np, "__name__": f"solution:{path.stem}"}
    sources = {}
    for cell in nb.get("cells", []):
        # an answer cell is named by its nbgrader grade_id (or by its cell id)
        names = (cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""), cell.get("id"))
        cid = next((n for n in names if n in cells), None)
        if cell.get("cell_type") == "code" and cid is not None:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            sources[cid] = source
            # trusted instructor code, in the trusted process: it is the reference
            exec(compile(source, f"{path}:{cid}", "exec"), namespace)
    missing = [c for c in cells if c not in sources]
    if missing:
        raise LookupError(f"{path}: no answer cell {', '.join(missing)}")
    ref = types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})
    ref.__name__ = str(path)
    ref.__sources__ = sources
    return ref


def load_reference(path: Path, cells: tuple[str, ...]) -> types.SimpleNamespace:
    return _load(path, path.stat().st_mtime if path.is_file() else 0.0, cells)
