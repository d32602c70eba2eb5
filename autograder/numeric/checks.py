"""The checks of one pinned function, run against a student's code in a Sandbox.

Each function is checked at several sets of sizes drawn per student (inputs.sizes_for).
A forward is compared with the reference. A backward gets, for every call, a fresh cache
from the student's own forward (a backward may consume its cache: the contract calls it
once per forward); each gradient is compared with the reference, and with central
differences of the student's forward, so feedback can say "your forward is wrong" apart
from "your backward does not match your own forward". How checks become points is
credit.py's table. Scores are decided here, in the trusted process, from plain arrays;
whether an input was modified is decided against copies the trusted process keeps.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from autograder.sandbox import (BadReturnValue, BadValue, Handle, SandboxError, SandboxUnavailable,
                                StudentException)

from . import credit, diagnose, inputs as inp, mutants, portability
from .finite_diff import directional_errors
from .tolerances import FINITE_DIFF, LINEARITY, REFERENCE, REPEAT, rel_error


@dataclasses.dataclass
class Check:
    name: str
    rule: str                         # a rule of credit.DEFAULT ("values": its own weight)
    earned: float                     # 0..1 of this check's share
    share: float = 1.0                # this check's part of its rule
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.earned >= 1.0

    @property
    def warning(self) -> bool:
        """A failed check that costs nothing by default: reported, not scored."""
        return not self.passed and credit.DEFAULT.get(self.rule, 1.0) == 0.0

    def to_dict(self) -> dict:
        return {"name": self.name, "rule": self.rule, "earned": round(self.earned, 6),
                "share": self.share}


@dataclasses.dataclass
class FunctionReport:
    name: str
    checks: list = dataclasses.field(default_factory=list)
    error: str | None = None          # fatal: the function could not be checked at all
    feedback: list = dataclasses.field(default_factory=list)
    diagnosis: dict = dataclasses.field(default_factory=dict)

    @property
    def fraction(self) -> float:
        return self.fraction_with()

    def fraction_with(self, overrides: dict | None = None) -> float:
        """The fraction of the points, with a spec's credit overrides (credit.py)."""
        if self.error:
            return 0.0
        return credit.fraction(self.checks, overrides)

    def add(self, name, passed, weight, message=""):
        """A value check that carries its own weight (a checker with value checks only)."""
        self.checks.append(Check(name, "values", 1.0 if passed else 0.0, weight, message))

    def rule(self, name, rule, earned, share=1.0, message=""):
        self.checks.append(Check(name, rule, float(earned), share, message))

    def credit_record(self) -> dict:
        """What score.py needs to recompute the fraction under a spec's overrides."""
        return {"error": bool(self.error), "checks": [c.to_dict() for c in self.checks]}


class Misshapen(dict):
    """Output name -> the shape the student returned, for arrays whose shape differs from
    the contract's only by axes of length 1 (their values can still be compared)."""


# -- calling the student --------------------------------------------------------

def _as_array(value, what: str, shape: tuple, misshapen: Misshapen | None = None, name: str = "") -> np.ndarray:
    if isinstance(value, BadValue):
        raise BadReturnValue(f"{what} is {value.desc}; expected a float array of shape {shape}")
    if isinstance(value, list):
        try:
            value = np.array(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise BadReturnValue(f"{what} is a list that is not a rectangular list of numbers; "
                                 f"expected an array of shape {shape}") from None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and shape == ():
        value = np.array(float(value))
    if not isinstance(value, np.ndarray):
        raise BadReturnValue(f"{what} is {_describe(value)}; expected a float array of shape {shape}")
    if value.shape != tuple(shape):
        if misshapen is not None and _only_unit_axes_differ(value.shape, tuple(shape)):
            misshapen[name] = value.shape
            return value.reshape(shape)
        hint = ""
        if value.shape[1:] == tuple(shape) and value.ndim == len(shape) + 1:
            hint = " (did you forget to sum over the batch?)"
        elif value.shape == tuple(shape)[::-1]:
            hint = " (transposed?)"
        raise BadReturnValue(f"{what} has shape {value.shape}; expected {tuple(shape)}{hint}")
    return value


def _only_unit_axes_differ(got: tuple, want: tuple) -> bool:
    return [d for d in got if d != 1] == [d for d in want if d != 1] and got != want


def _shape_note(name: str, got: tuple, want: tuple) -> str:
    why = ("keepdims=True keeps the summed axis as a length-1 axis: drop it or reshape"
           if len(got) > len(want) else "an axis of length 1 is missing: reshape")
    return f"{name} has shape {got}; expected {want} ({why})"


def _describe(v) -> str:
    if v is None:
        return "None"
    if isinstance(v, Handle):
        return "a non-data object"
    if isinstance(v, BadValue):
        return v.desc
    if isinstance(v, np.ndarray):
        return f"a single array of shape {v.shape}"
    if isinstance(v, (int, float)):
        return "a single number"
    if isinstance(v, tuple):
        return f"a tuple of {len(v)} values"
    return f"a {type(v).__name__}"


@dataclasses.dataclass
class Call:
    arrays: list                      # the returned arrays (the cache excluded)
    cache: object                     # the kept cache handle of a forward, else None
    mutated: list                     # names of the inputs the call changed in place
    misshapen: Misshapen


def invoke(sb, spec, args: list, arg_names, shapes: list, keep_cache: bool = True) -> Call:
    """Call a pinned function on writable copies of `args`.

    Whether it changed an input is decided by comparing the arrays the worker holds after
    the call with the trusted process's own copies (a write through ctypes to a read-only
    buffer is seen as well as `x += 1`)."""
    forward = spec.is_forward
    last = len(spec.outputs) - 1
    keep, drop = ((last,), ()) if keep_cache else ((), (last,))
    if not forward:
        keep = drop = ()
    trusted = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        value, after = sb.call_full(spec.name, *args, keep=keep, drop=drop, writable=True)
    except SandboxError as e:
        if not e.func:
            e.func = spec.name
        why = portability.explain(e)
        if why:
            e.message = portability.message(e)
        raise
    mutated = [n for n, a, b in zip(arg_names, trusted, after or [])
               if isinstance(a, np.ndarray) and not (isinstance(b, np.ndarray) and b.shape == a.shape
                                                     and np.array_equal(a, b, equal_nan=True))]
    n = len(spec.outputs)
    expected = f"expected {n} ({', '.join(spec.outputs)})"
    if isinstance(value, list) and not forward:
        value = tuple(value)
    if not isinstance(value, tuple):
        raise BadReturnValue(f"{spec.name} returned {_describe(value)}; {expected}", func=spec.name)
    if len(value) != n:
        raise BadReturnValue(f"{spec.name} returned {len(value)} values; {expected}", func=spec.name)
    misshapen = Misshapen()
    arrays = [_as_array(v, f"{spec.outputs[k]} returned by {spec.name}", shapes[k], misshapen, spec.outputs[k])
              for k, v in enumerate(value[:last] if forward else value)]
    return Call(arrays, value[last] if forward and keep_cache else None, mutated, misshapen)


def _nonfinite(arrays, names) -> list[str]:
    return [nm for a, nm in zip(arrays, names) if not np.all(np.isfinite(a))]


def _value_checks(rep, rule, names, results, sizes_named, sequence, failures):
    """One check per output: the fraction of the size sets where it equals the reference.

    `results[size name][output]` is (relative error, misshapen shape or None, expected shape);
    `failures[size name]` says why a set could not be run (it counts as wrong)."""
    n_sets = len(results)
    for set_name, why in failures.items():
        rep.feedback.append(f"with {sizes_named[set_name].describe(sequence)}: {why}")
    for nm in names:
        earned, worst, notes = 0.0, None, []
        for set_name, per_output in results.items():
            err, got_shape, want = per_output[nm]
            right = err < REFERENCE
            if right and got_shape is None:
                earned += 1.0
            elif right:
                earned += credit.MISSHAPEN_VALUES
            if got_shape is not None and not notes:     # one note: the sizes only change the numbers
                notes.append(_shape_note(nm, got_shape, want) + ("; its values are right" if right else ""))
            if not right and set_name not in failures and (worst is None or err > worst[0]):
                worst = (err, set_name)
        msg = ""
        failed = [f"not checked with {sizes_named[s].describe(sequence)} (the call failed)" for s in failures]
        if worst is not None:
            err, set_name = worst
            right_sets = [s for s, po in results.items() if po[nm][0] < REFERENCE]
            if not np.isfinite(err):
                msg = f"{nm} contains NaN or inf"
            elif right_sets:      # wrong at some sizes only: say which
                msg = (f"{nm} differs from the reference with {sizes_named[set_name].describe(sequence)} "
                       f"(relative error {err:.1e}); right with "
                       + "; ".join(sizes_named[s].describe(sequence) for s in right_sets))
            else:
                msg = f"{nm} differs from the reference (relative error {results['main'][nm][0]:.1e})"
        msg = "; ".join([m for m in [msg] + notes + failed if m])
        rep.rule(f"{nm} matches the reference", rule, earned / n_sets, 1.0 / len(names), msg)


def _mutation_check(rep, mutated):
    names = sorted(set(mutated))
    rep.rule("does not modify its inputs", "modifies_inputs", 0.0 if names else 1.0, 1.0,
             f"modifies its input(s) {', '.join(names)} in place (the caller's arrays change)" if names else "")


def _fail(rep, e: SandboxError, prefix: str = "") -> FunctionReport:
    rep.error = prefix + e.message
    rep.diagnosis["failure"] = e.to_dict()
    return rep


# -- forward --------------------------------------------------------------------

def check_forward(sb, asg, spec, student_id) -> FunctionReport:
    rep = FunctionReport(spec.name)
    ref_fn = getattr(asg.reference, spec.name)
    rng = inp.make_rng(asg.name, student_id, spec.name)
    sizes = inp.sizes_for(asg.name, student_id, asg.n_gates)
    results, failures, mutated, first = {}, {}, [], None
    for set_name, sz in sizes.items():
        x = inp.forward_inputs(asg, spec, rng, sizes=sz)
        ref = ref_fn(**x)[:-1]
        try:
            call = invoke(sb, spec, list(x.values()), list(x), [r.shape for r in ref], False)
        except SandboxUnavailable:
            raise
        except SandboxError as e:
            if first is None:
                return _fail(rep, e)
            failures[set_name] = e.message
            results[set_name] = {nm: (float("inf"), None, r.shape) for nm, r in zip(spec.outputs, ref)}
            continue
        mutated += call.mutated
        if first is None:
            first = (x, call, ref)
        results[set_name] = {nm: (rel_error(a, r), call.misshapen.get(nm), r.shape)
                             for nm, a, r in zip(spec.outputs, call.arrays, ref)}
    x, call, ref = first
    try:
        again = invoke(sb, spec, list(x.values()), list(x), [r.shape for r in ref], False)
    except SandboxError as e:
        return _fail(rep, e)
    rep.diagnosis["relative_errors"] = {f"{nm} ({set_name})": po[nm][0]
                                        for set_name, po in results.items() for nm in po}
    names = spec.outputs[:-1]
    _value_checks(rep, "forward_values", names, results, sizes, spec.sequence, failures)
    rep_ok = all(rel_error(a, b) <= REPEAT for a, b in zip(call.arrays, again.arrays))
    rep.rule("two identical calls give identical results", "deterministic", rep_ok, 1.0,
             "" if rep_ok else "calling it twice on the same inputs gives different results")
    _mutation_check(rep, mutated)
    main = results["main"]
    wrong = [nm for nm in names if not main[nm][0] < REFERENCE]
    if wrong and not _nonfinite(call.arrays, names):
        _diagnose_forward(rep, asg, spec, ref_fn, x, call.arrays, ref)
    return rep


def _diagnose_forward(rep, asg, spec, ref_fn, x, out, ref):
    if asg.n_gates > 1:
        perm = diagnose.forward_gate_order(asg, spec, out, ref_fn, x)
        if perm:
            rep.diagnosis["gate_order"] = mutants.gate_names(asg.gates, perm)
            rep.feedback.append(f"gate order differs from {', '.join(asg.gates)}: your code reads the "
                                f"{asg.n_gates}H columns as {mutants.gate_names(asg.gates, perm)}")
            return
    timed = [(nm, k, axes.index("T")) for k, (nm, axes) in enumerate(zip(spec.outputs, spec.output_shapes))
             if "T" in axes]
    if timed:
        nm, k, axis = timed[0]
        steps = diagnose.timesteps(out[k], ref[k], axis)
        rep.diagnosis["wrong_timesteps"] = steps
        if steps:
            rep.feedback.append(f"{nm} is wrong from step t={steps[0]} on (steps {steps})")
    else:
        for nm, a, r in zip(spec.outputs, out, ref):
            if rel_error(a, r) > REFERENCE:
                rep.feedback.append(f"{nm} is wrong (relative error {rel_error(a, r):.1e})")


# -- backward -------------------------------------------------------------------

def check_backward(sb, asg, spec, student_id) -> FunctionReport:
    rep = FunctionReport(spec.name)
    fspec = asg.spec(spec.forward)
    ref_fwd = getattr(asg.reference, fspec.name)
    ref_bwd = getattr(asg.reference, spec.name)
    rng = inp.make_rng(asg.name, student_id, spec.name)
    sizes = inp.sizes_for(asg.name, student_id, asg.n_gates)
    grad_names = list(spec.outputs)
    names = list(fspec.inputs)
    mutated = []

    def prepare(sz):
        x = inp.forward_inputs(asg, fspec, rng, sizes=sz)
        *ref_outs, ref_cache = ref_fwd(**x)
        return x, [r.shape for r in ref_outs], ref_cache, ref_outs

    def student_backward(x, out_shapes, upstream) -> Call:
        """The student's backward on a cache fresh from the student's forward."""
        fwd = forward_call(x, out_shapes)
        try:
            call = invoke(sb, spec, list(upstream) + [fwd.cache], list(spec.inputs),
                          [x[n].shape for n in names])
        except StudentException as e:
            _explain_missing_cache(sb, fspec, x, e)
            raise
        finally:
            sb.free(fwd.cache)
        mutated.extend(call.mutated)
        return call

    def forward_call(x, out_shapes, keep=True) -> Call:
        try:
            return invoke(sb, fspec, list(x.values()), names, out_shapes, keep_cache=keep)
        except SandboxUnavailable:
            raise
        except SandboxError as e:
            raise ForwardFailed(e) from None

    results, failures = {}, {}
    main = None
    for set_name, sz in sizes.items():
        x, out_shapes, ref_cache, ref_outs = prepare(sz)
        ups = inp.upstream(out_shapes, rng)
        ref_grads = ref_bwd(*ups, ref_cache)
        try:
            if main is None:
                s_outs = forward_call(x, out_shapes, keep=False).arrays
                main = dict(x=x, out_shapes=out_shapes, ref_cache=ref_cache, ups=ups, ref_grads=ref_grads,
                            forward_ok=all(rel_error(a, r) < REFERENCE for a, r in zip(s_outs, ref_outs)))
            call = student_backward(x, out_shapes, ups)
        except SandboxUnavailable:
            raise
        except (ForwardFailed, SandboxError) as e:
            err = e.error if isinstance(e, ForwardFailed) else e
            prefix = f"{spec.name} could not be checked because {fspec.name} failed: " \
                if isinstance(e, ForwardFailed) else ""
            if set_name == "main":
                return _fail(rep, err, prefix)
            failures[set_name] = prefix + err.message
            results[set_name] = {g: (float("inf"), None, r.shape) for g, r in zip(grad_names, ref_grads)}
            continue
        results[set_name] = {g: (rel_error(a, r), call.misshapen.get(g), r.shape)
                             for g, a, r in zip(grad_names, call.arrays, ref_grads)}
        if set_name == "main":
            main["grads"] = call.arrays
    x, out_shapes, ups, grads = main["x"], main["out_shapes"], main["ups"], main["grads"]
    ref_cache, ref_grads, forward_ok = main["ref_cache"], main["ref_grads"], main["forward_ok"]

    def loss(values):
        o = forward_call(values, out_shapes, keep=False).arrays
        return float(sum(np.sum(a * u) for a, u in zip(o, ups)))

    try:
        fd = directional_errors(loss, x, dict(zip(names, grads)), rng)
    except ForwardFailed as e:
        return _fail(rep, e.error, f"{spec.name} could not be checked because {fspec.name} failed: ")
    # Hygiene: each call on its own fresh cache, so a backward that consumes its cache is fine.
    ups2 = inp.upstream(out_shapes, rng)
    again = g2 = mix = None
    hygiene_error = ""
    try:
        again = student_backward(x, out_shapes, ups).arrays
        g2 = student_backward(x, out_shapes, ups2).arrays
        mix = student_backward(x, out_shapes, [2.0 * a - 0.5 * b for a, b in zip(ups, ups2)]).arrays
    except ForwardFailed as e:
        hygiene_error = e.error.message
        rep.diagnosis["hygiene_failure"] = e.error.to_dict()
    except SandboxError as e:
        hygiene_error = e.message
        rep.diagnosis["hygiene_failure"] = e.to_dict()
    ref_err = {g: results["main"][g][0] for g in grad_names}
    fd_err = {g: fd[n] for g, n in zip(grad_names, names)}
    rep.diagnosis.update(relative_errors=ref_err, finite_difference_errors=fd_err, forward_correct=forward_ok)
    if len(results) > 1:
        rep.diagnosis["relative_errors_by_size"] = {s: {g: v[0] for g, v in po.items()} for s, po in results.items()}
    _value_checks(rep, "backward_values", grad_names, results, sizes, spec.sequence, failures)
    # a backward that equals the reference for a forward that equals the reference agrees with
    # that forward; central differences of a float32 forward are too noisy to say more
    all_right = forward_ok and all(ref_err[g] < REFERENCE for g in grad_names)
    wrong_fd = [] if all_right else [g for g in grad_names if not fd_err[g] < FINITE_DIFF]
    # all-zero gradients "agree" with a forward that is constant: that is no evidence
    zero = not any(np.any(g != 0) for g in grads)
    fd_ok = not wrong_fd and not zero
    rep.rule("gradients agree with finite differences of your own forward", "own_forward_consistency", fd_ok, 1.0,
             "" if fd_ok else "all gradients are zero" if zero else
             f"{', '.join(wrong_fd)} do not match finite differences of your own {fspec.name}")
    rep_ok = again is not None and all(rel_error(a, b) <= REPEAT for a, b in zip(grads, again))
    rep.rule("two identical calls give identical results", "deterministic", rep_ok, 1.0,
             "" if rep_ok else ("two calls on the same inputs (each with a fresh cache from your forward) "
                                f"give different results or fail {hygiene_error}").rstrip())
    lin = (max(rel_error(m, 2.0 * a - 0.5 * b) for m, a, b in zip(mix, grads, g2))
           if mix is not None else float("inf"))
    # rounding decides how linear a right answer can be: float32 code is right to ~1e-7
    right_errs = [e for e in ref_err.values() if e < REFERENCE]
    lin_tol = max([LINEARITY] + [10 * e for e in right_errs])
    rep.rule("linear in the upstream gradient", "linear", lin < lin_tol, 1.0,
             "" if lin < lin_tol else
             f"is not linear in the upstream gradient (relative error {lin:.1e})" if mix is not None else
             f"could not be checked for linearity: {hygiene_error}")
    _mutation_check(rep, mutated)

    wrong = [g for g in grad_names if not ref_err[g] < REFERENCE]
    if wrong:
        if not forward_ok and not wrong_fd:
            rep.feedback.append(f"your backward is consistent with your own {fspec.name}, but that "
                                f"forward is wrong: fix {fspec.name} first")
        elif forward_ok and rep_ok:
            try:
                _diagnose_backward(rep, asg, spec, grads, ups, ref_cache, ref_grads, wrong,
                                   lambda u: student_backward(x, out_shapes, [u]).arrays,
                                   lambda u: ref_bwd(u, ref_cache),
                                   lambda x0, u0: student_backward(x0, [np.shape(a) for a in u0], u0).arrays)
            except ForwardFailed as e:
                rep.diagnosis["diagnosis_failed"] = e.error.message
            except SandboxError as e:
                rep.diagnosis["diagnosis_failed"] = e.message
        if wrong_fd and forward_ok:
            rep.feedback.append(f"{', '.join(wrong_fd)} do not match finite differences of your own forward")
    return rep


class ForwardFailed(Exception):
    """The student's forward failed while a backward was being checked."""

    def __init__(self, error: SandboxError):
        super().__init__(error.message)
        self.error = error


def _explain_missing_cache(sb, fspec, x, error: StudentException) -> None:
    """A backward that fails on a cache of None: say that the forward returned no cache."""
    try:
        value = sb.call(fspec.name, *x.values(), writable=True)
    except SandboxError:
        return
    if isinstance(value, (tuple, list)) and value and value[-1] is None:
        error.message = (f"{fspec.name} returned no cache (its last value is None), so the backward "
                         f"pass has nothing to work from ({error.message})")


def _diagnose_backward(rep, asg, spec, grads, ups, ref_cache, ref_grads, wrong, s_bwd, r_bwd, s_probe=None):
    names = list(spec.outputs)
    axes = asg.gradient_axes(spec)
    found = diagnose.catalogue(asg, spec, grads, ups, ref_cache, ref_grads, s_probe)
    rep.diagnosis["catalogue"] = [f["bug"] for f in found]
    rep.diagnosis["mistake_kinds"] = sorted({f["kind"] for f in found})
    rep.feedback += [f["message"] for f in found]
    stacked = [g for g in names if "G*H" in axes[g]]
    if asg.n_gates > 1:
        blocks = {}
        for g in stacked:
            if g in wrong:
                k, axis = names.index(g), axes[g].index("G*H")
                perm = diagnose.gate_order(grads[k], ref_grads[k], asg.n_gates, axis)
                if perm and "gate_order" not in rep.diagnosis:
                    order = mutants.gate_names(asg.gates, perm)
                    rep.diagnosis["gate_order"] = order
                    rep.feedback.append(f"gate order differs from {', '.join(asg.gates)} (your {g} blocks are "
                                        f"in the order {order})")
                blocks[g] = diagnose.gate_blocks(grads[k], ref_grads[k], asg.gates, axis)
        rep.diagnosis["gate_blocks"] = blocks
        if blocks and "gate_order" not in rep.diagnosis:
            bad = [gate for gate in asg.gates if any(errs[gate] > REFERENCE for errs in blocks.values())]
            if bad and len(bad) < asg.n_gates:
                rep.feedback.append(f"the gradient is wrong in the {', '.join(bad)} gate block(s) "
                                    f"of the {asg.n_gates}H columns ({', '.join(blocks)})")
    timed = [g for g in names if "T" in axes[g]]
    if timed:
        first = timed[0]
        steps = diagnose.timesteps(grads[names.index(first)], ref_grads[names.index(first)],
                                   axes[first].index("T"))
        rep.diagnosis[f"{first}_wrong_timesteps"] = steps
        fits = {}
        contrib = mutants.contributions(asg, spec, ups, ref_cache)
        shared = [g for g in names if "N" not in axes[g]]     # parameters: summed over the steps
        for g in shared if contrib else ():
            if g in wrong:
                k = names.index(g)
                fit = diagnose.fit_over_time(grads[k], [contrib[t][g] for t in sorted(contrib)], g)
                if fit:
                    fits[g] = fit
                    if fit["message"] and not found:
                        rep.feedback.append(fit["message"])
        rep.diagnosis["time_fits"] = fits
        if len(ups) == 1:
            fspec = asg.spec(spec.forward)
            t_axis = fspec.output_shapes[0].index("T") if "T" in fspec.output_shapes[0] else None
            if t_axis is not None:
                rep.diagnosis["pulses"] = {str(t): v for t, v in diagnose.pulse_report(
                    s_bwd, r_bwd, ups[0], t_axis, axes[names[0]].index("T") if "T" in axes[names[0]] else 1
                ).items()}
        if steps and not found and not fits:
            rep.feedback.append(f"{first} is wrong at steps t={steps}")
    if not rep.feedback:
        worst = max(wrong, key=lambda g: rep.diagnosis["relative_errors"][g])
        rep.feedback.append(f"{', '.join(wrong)} differ from the reference; the largest error is in {worst}")
