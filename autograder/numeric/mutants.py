"""Known kinds of mistake, made by editing the solution's own backward code once.

Each mutant is the solution with one edit in one backward function (a term of a sum left
out, a factor of a product left out, a square dropped or put outside a difference, a
transpose dropped, a gradient not carried to the next call, an output left at zero, the time
loop run forwards or starting one step late, a step's cache taken from its neighbour, one
cached value used for another). A sequence backward that calls a
step backward sees the step's mutants too. Nothing here knows an architecture: a student's
gradients that equal a mutant's are described by the edit's kind and by where its numbers
differ from the reference (output, gate block, timestep: diagnose.py, from the layout).

The solution is trusted instructor code, run in the trusted process; a mutant that fails
or gives the reference's numbers is dropped when it is evaluated.
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import itertools
import os
import threading
import types

import numpy as np

# what a student reads for each kind of edit (the edited code is the solution's: never shown)
KINDS = {
    "drop_term": "a term of a sum is missing",
    "drop_factor": "a factor of a product is missing (a derivative or a gate left out)",
    "drop_square": "a square is missing (1 - y where the derivative needs 1 - y², for y = tanh)",
    "square_outside": "a square is in the wrong place ((1 - y)² where the derivative needs 1 - y², for y = tanh)",
    "drop_transpose": "a weight matrix is used where its transpose belongs",
    "zero_argument": "a gradient is not carried from one step to the next (zeros are passed instead)",
    "zero_output": "an output is left at zero (it should be the gradient flowing out of the first step)",
    "loop_forward": "the backward pass walks through time from the first step to the last "
                    "instead of from the last to the first",
    "loop_skip_first": "the loop over time skips the first step (t = 0)",
    "shift_step": "a step's cache or upstream gradient is taken from the neighbouring step (off by one in time)",
    "swap_cached": "a value from the cache is used where another one belongs",
}


@dataclasses.dataclass(frozen=True)
class Mutant:
    key: str                          # "<function>:<line>:<kind>:<n>", for the instructor
    function: str                     # the solution function that was edited
    kind: str                         # a key of KINDS
    line: int                         # line of the edit in its answer cell
    namespace: types.SimpleNamespace  # the solution's functions with this edit

    @property
    def message(self) -> str:
        return KINDS[self.kind]


@dataclasses.dataclass(frozen=True)
class Made:
    """The distinct mutants of one backward, each with its gradients on one fixed probe: the
    inputs `x` of the forward and the upstream gradients `upstream`."""
    mutants: tuple[tuple[Mutant, frozenset, tuple], ...]     # (mutant, pattern, probe gradients)
    x: dict
    upstream: list


def made(asg, spec) -> Made:
    """The mutants that can show in `spec`'s gradients: edits of `spec` itself and, for a
    sequence backward, of the step backward it calls; of those that run, change the
    gradients and differ from each other on the probe (a case of the layout's own shapes)."""
    with _MAKING:       # made once, also when a grader makes them ahead in another thread
        ref = asg.reference
        key = (id(ref), spec.name, "distinct")
        if key not in _MADE or _MADE[key][0] is not ref:
            names = [spec.name]
            step = asg.step_backward()
            if spec.sequence and step is not None and step.name != spec.name:
                names.append(step.name)
            _MADE[key] = (ref, _distinct(asg, spec, [m for name in names for m in _mutants(ref, name)]))
        return _MADE[key][1]


def candidates(asg, spec, wrong: frozenset | None = None, probe: tuple | None = None) -> list[Mutant]:
    """The mutants of `spec` (see `made`). With `wrong` (a `pattern`), only those that change
    the same outputs and gate blocks; with `probe` (a student's gradients on the probe), only
    those whose gradients there equal the student's."""
    kept = [(m, g) for m, p, g in made(asg, spec).mutants if wrong is None or p == wrong]
    if probe is not None:
        kept = [(m, g) for m, g in kept if _equal(g, probe)]
    return [m for m, _ in kept]


def _equal(grads, student) -> bool:
    from .tolerances import match

    return len(grads) == len(student) and match(student, grads)


def pattern(asg, spec, grads, ref_grads) -> frozenset:
    """Which outputs of a backward differ from the reference, and for a stacked output which
    of its gate blocks: the same for a mistake whatever the (generic) inputs."""
    from .tolerances import REFERENCE, rel_error

    axes = asg.gradient_axes(spec)
    out = set()
    for name, g, r in zip(spec.outputs, grads, ref_grads):
        if "G*H" in axes[name] and np.shape(g) == np.shape(r):
            axis = axes[name].index("G*H")
            out |= {(name, k) for k, (a, b) in enumerate(zip(np.split(np.asarray(g), asg.n_gates, axis),
                                                              np.split(np.asarray(r), asg.n_gates, axis)))
                    if not rel_error(a, b) < REFERENCE}
        elif not rel_error(g, r) < REFERENCE:
            out.add((name, None))
    return frozenset(out)


def _distinct(asg, spec, made: list[Mutant]) -> Made:
    from . import inputs as inp
    from .tolerances import match

    fspec = asg.spec(spec.forward)
    rng = np.random.default_rng(0)
    x = inp.forward_inputs(asg, fspec, rng, sizes=inp.Sizes(N=2, D=5, H=4, T=3))
    *outs, cache = getattr(asg.reference, fspec.name)(**x)
    ups = [rng.normal(size=np.shape(o)) for o in outs]
    right = getattr(asg.reference, spec.name)(*ups, cache)
    kept, seen = [], {_fingerprint(right)}
    for m in made:
        try:
            with np.errstate(all="ignore"):
                grads = getattr(m.namespace, spec.name)(*ups, cache)
            if len(grads) != len(right) or any(np.shape(g) != np.shape(r) for g, r in zip(grads, right)):
                continue
        except Exception:      # an edit that does not run on the layout's shapes
            continue
        if match(grads, right):
            continue           # changes nothing
        key = _fingerprint(grads)
        if key not in seen:    # the first of the edits that give the same numbers speaks
            seen.add(key)
            kept.append((m, pattern(asg, spec, grads, right), tuple(grads)))
    return Made(tuple(kept), x, ups)


_MADE: dict = {}      # (id of a loaded reference, function[, what]) -> (reference, mutants)
_MAKING = threading.RLock()


def _unlocked_in_child() -> None:
    # a fork while another thread makes mutants copies the lock held and not the thread:
    # the child starts with a free lock (and makes what it needs itself)
    global _MAKING
    _MAKING = threading.RLock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_unlocked_in_child)


def _fingerprint(arrays) -> bytes:
    """The numbers to 7 significant digits: equal for edits that compute the same thing."""
    flat = np.concatenate([np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays])
    finite = np.abs(flat[np.isfinite(flat)])
    scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    return np.round(np.nan_to_num(flat / scale, nan=9.0, posinf=9.0, neginf=-9.0), 7).tobytes()


def _mutants(ref: types.SimpleNamespace, name: str) -> tuple[Mutant, ...]:
    key = (id(ref), name)
    if key not in _MADE or _MADE[key][0] is not ref:
        _MADE[key] = (ref, _make(ref, name))
    return _MADE[key][1]


def _make(ref: types.SimpleNamespace, name: str) -> tuple[Mutant, ...]:
    source = next((s for s in ref.__sources__.values() if _function(ast.parse(s), name)), None)
    if source is None:
        return ()
    tree = ast.parse(source)
    func = _function(tree, name)
    cached = _cache_names(func)
    return tuple(Mutant(f"{name}:{line}:{kind}:{n}", name, kind, line, _rebind(ref, code, name))
                 for n, (kind, line, code) in enumerate(_edits(func, cached)))


def _function(tree, name):
    return next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name), None)


def _cache_names(func) -> list[str]:
    """Names a backward unpacks from its cache argument (`a, b, c = cache`)."""
    cache = func.args.args[-1].arg if func.args.args else None
    for node in ast.walk(func):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == cache
                and isinstance(node.targets[0], ast.Tuple)):
            return [e.id for e in node.targets[0].elts if isinstance(e, ast.Name)]
    return []


def _loop_vars(func) -> set[str]:
    return {n.target.id for n in ast.walk(func) if isinstance(n, ast.For) and isinstance(n.target, ast.Name)}


def _edits(func, cached):
    """(kind, line, code defining the edited function) for every single edit of `func`.
    Each edit is made in place, compiled and undone: no copy of the tree per edit."""
    loops = _loop_vars(func)
    parents = {}
    for parent in ast.walk(func):
        for field, value in ast.iter_fields(parent):
            for i, child in (enumerate(value) if isinstance(value, list) else [(None, value)]):
                if isinstance(child, ast.AST):
                    parents[id(child)] = (parent, field, i)
    for node in list(ast.walk(func)):
        if id(node) not in parents:
            continue
        parent, field, i = parents[id(node)]
        for kind, replacement in list(_replacements(node, cached, loops)):
            # the parsed tree has its locations: only the replacement's new nodes need theirs
            _put(parent, field, i, ast.fix_missing_locations(ast.copy_location(replacement, node)))
            try:
                code = compile(ast.Module([func], []), f"<mutant of {func.name}>", "exec")
            except (SyntaxError, ValueError, TypeError):
                code = None
            finally:
                _put(parent, field, i, node)
            if code is not None:
                yield kind, getattr(node, "lineno", func.lineno), code


def _put(parent, field, i, node) -> None:
    if i is None:
        setattr(parent, field, node)
    else:
        getattr(parent, field)[i] = node


def _replacements(node, cached, loops):
    zeros = lambda e: ast.Call(ast.Attribute(ast.Name("np", ast.Load()), "zeros_like", ast.Load()), [e], [])
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            yield "drop_term", node.left
            yield "drop_term", node.right
            if _square(node.right):     # a - y**2 -> (a - y)**2
                yield "square_outside", ast.BinOp(ast.BinOp(node.left, node.op, node.right.left), ast.Pow(),
                                                  ast.Constant(2))
        elif isinstance(node.op, ast.Mult):
            yield "drop_factor", node.left
            yield "drop_factor", node.right
        elif _square(node):
            yield "drop_square", node.left
    elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
        yield "drop_transpose", node.value
    elif isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "reversed" and node.args:
            yield "loop_forward", node.args[0]
        if name == "range" and len(node.args) == 1:
            yield "loop_skip_first", ast.Call(node.func, [ast.Constant(1), node.args[0]], [])
        if name == "range" and len(node.args) == 3 and isinstance(node.args[2], ast.UnaryOp):
            # range(T - 1, -1, -1): walking back; forwards is range(T), one step short stops at 0
            yield "loop_forward", ast.Call(node.func, [node.args[0].left if isinstance(node.args[0], ast.BinOp)
                                                       else node.args[0]], [])
            yield "loop_skip_first", ast.Call(node.func, [node.args[0], ast.Constant(0), node.args[2]], [])
    elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        index = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for i, e in enumerate(index):
            if isinstance(e, ast.Name) and e.id in loops:
                for op in (ast.Sub(), ast.Add()):
                    moved = copy.deepcopy(node)
                    shifted = ast.BinOp(ast.Name(e.id, ast.Load()), op, ast.Constant(1))
                    if isinstance(moved.slice, ast.Tuple):
                        moved.slice.elts[i] = shifted
                    else:
                        moved.slice = shifted
                    yield "shift_step", moved
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in cached:
        for other in cached:
            if other != node.id:
                yield "swap_cached", ast.Name(other, ast.Load())
    if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
        for i, e in enumerate(node.value.elts):
            if isinstance(e, ast.Name):
                ret = copy.deepcopy(node)
                ret.value.elts[i] = zeros(e)
                yield "zero_output", ret
    if isinstance(node, ast.For):
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id not in (
                    "range", "reversed", "len"):
                for i, a in enumerate(call.args):
                    if isinstance(a, ast.Name):
                        loop = copy.deepcopy(node)
                        inner = next(c for c in ast.walk(loop) if isinstance(c, ast.Call)
                                     and ast.dump(c) == ast.dump(call))
                        inner.args[i] = zeros(a)
                        yield "zero_argument", loop


def _square(node) -> bool:
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant)
            and node.right.value == 2)


def _rebind(ref: types.SimpleNamespace, code, name: str) -> types.SimpleNamespace:
    """The solution's functions with `name` replaced by `code`'s, all of them reading it."""
    scope = {k: v for k, v in vars(ref).items() if not k.startswith("__")}
    scope["np"] = np
    exec(code, scope)
    for k, v in list(scope.items()):
        if isinstance(v, types.FunctionType) and k != name:
            scope[k] = types.FunctionType(v.__code__, scope, v.__name__, v.__defaults__, v.__closure__)
    return types.SimpleNamespace(**scope)


def gate_permutations(n: int):
    """All orders of n gate blocks other than the declared one."""
    return [p for p in itertools.permutations(range(n)) if p != tuple(range(n))]


def gate_names(gates, perm) -> str:
    return ", ".join(gates[k] for k in perm)


def step_calls(asg, spec, upstream, ref_cache) -> list[tuple]:
    """The arguments of every call the reference sequence backward makes to the step
    backward, in the order it makes them."""
    return [args for _, args, _ in _recorded(asg, spec, upstream, ref_cache)]


def contributions(asg, spec, upstream, ref_cache) -> dict[int, dict[str, np.ndarray]] | None:
    """Each step's share of the gradients a sequence backward sums over time: the outputs of
    every call to the step backward, by the step whose cache it was given (None: the
    reference does not work that way)."""
    if not isinstance(ref_cache, (list, tuple)):
        return None
    step = asg.step_backward()
    by_id = {id(c): t for t, c in enumerate(ref_cache)}
    calls = {by_id[id(args[-1])]: dict(zip(step.outputs, out))
             for _, args, out in _recorded(asg, spec, upstream, ref_cache) if id(args[-1]) in by_id}
    return calls if len(calls) == len(ref_cache) else None


def _recorded(asg, spec, upstream, ref_cache) -> list[tuple]:
    """(call number, arguments, outputs) of the step backward inside the reference's `spec`."""
    step = asg.step_backward()
    if step is None or step.name == spec.name:
        return []
    ref = asg.reference
    inner = getattr(ref, step.name)
    calls = []

    def recorded(*args):
        out = inner(*args)
        calls.append((len(calls), args, out))
        return out

    scope = {k: v for k, v in vars(ref).items() if not k.startswith("__")}
    scope[step.name] = recorded
    outer = getattr(ref, spec.name)
    types.FunctionType(outer.__code__, scope, outer.__name__, outer.__defaults__, outer.__closure__)(
        *upstream, ref_cache)
    return calls
