"""The checks of one pinned function, run against a student's code in a Sandbox.

A forward is compared with the reference (two sequence lengths) and checked for hygiene.
A backward gets the student's own cache from the student's own forward; each gradient is
compared with the reference AND with central differences of the student's forward, so
feedback can say "your forward is wrong" apart from "your backward does not match your
own forward". Scores are decided here, in the trusted process, from plain arrays.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from autograder.sandbox import BadReturnValue, BadValue, Handle, SandboxError, StudentException

from . import diagnose, inputs as inp, mutants
from .finite_diff import directional_errors
from .tolerances import FINITE_DIFF, LINEARITY, REFERENCE, REPEAT, rel_error


@dataclasses.dataclass
class Check:
    name: str
    passed: bool
    weight: float
    message: str = ""


@dataclasses.dataclass
class FunctionReport:
    name: str
    checks: list = dataclasses.field(default_factory=list)
    error: str | None = None          # fatal: the function could not be checked at all
    feedback: list = dataclasses.field(default_factory=list)
    diagnosis: dict = dataclasses.field(default_factory=dict)

    @property
    def fraction(self) -> float:
        total = sum(c.weight for c in self.checks)
        if self.error or not total:
            return 0.0
        return sum(c.weight for c in self.checks if c.passed) / total

    def add(self, name, passed, weight, message=""):
        self.checks.append(Check(name, bool(passed), weight, message))


# -- calling the student --------------------------------------------------------

def _as_array(value, what: str, shape: tuple) -> np.ndarray:
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
        hint = ""
        if value.shape[1:] == tuple(shape) and value.ndim == len(shape) + 1:
            hint = " (did you forget to sum over the batch?)"
        elif value.shape == tuple(shape)[::-1]:
            hint = " (transposed?)"
        raise BadReturnValue(f"{what} has shape {value.shape}; expected {tuple(shape)}{hint}")
    return value


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


def invoke(sb, spec, args: list, arg_names, shapes: list, keep_cache: bool = True):
    """Call a pinned function; returns (arrays, cache handle or None, mutated input names).

    Inputs go in read-only; if that makes the student's code fail, it is re-run on
    writable copies and the inputs it changed are reported."""
    forward = spec.is_forward
    last = len(spec.outputs) - 1
    keep, drop = ((last,), ()) if keep_cache else ((), (last,))
    if not forward:
        keep = drop = ()
    mutated = []
    try:
        value = sb.call(spec.name, *args, keep=keep, drop=drop)
    except StudentException as e:
        if "read-only" not in e.message:
            raise
        value, after = sb.call_full(spec.name, *args, keep=keep, drop=drop, writable=True)
        mutated = [n for n, a, b in zip(arg_names, args, after)
                   if isinstance(a, np.ndarray) and not (isinstance(b, np.ndarray) and np.array_equal(a, b))]
    n = len(spec.outputs)
    expected = f"expected {n} ({', '.join(spec.outputs)})"
    if isinstance(value, list) and not forward:
        value = tuple(value)
    if not isinstance(value, tuple):
        raise BadReturnValue(f"{spec.name} returned {_describe(value)}; {expected}", func=spec.name)
    if len(value) != n:
        raise BadReturnValue(f"{spec.name} returned {len(value)} values; {expected}", func=spec.name)
    arrays = [_as_array(v, f"{spec.outputs[k]} returned by {spec.name}", shapes[k])
              for k, v in enumerate(value[:last] if forward else value)]
    return arrays, (value[last] if forward and keep_cache else None), mutated


def _nonfinite(arrays, names) -> list[str]:
    return [nm for a, nm in zip(arrays, names) if not np.all(np.isfinite(a))]


# -- forward --------------------------------------------------------------------

def check_forward(sb, asg, spec, student_id) -> FunctionReport:
    rep = FunctionReport(spec.name)
    ref_fn = getattr(asg.reference, spec.name)
    rng = inp.make_rng(asg.name, student_id, spec.name)
    lengths = (inp.T_MAIN, inp.T_SHORT) if spec.sequence else (None,)
    errors, first_out, first_in = {}, None, None
    try:
        for T in lengths:
            x = inp.forward_inputs(spec, rng, asg.gates, T or inp.T_MAIN)
            ref = ref_fn(**x)[:-1]
            out, _, mutated = invoke(sb, spec, list(x.values()), list(x), [r.shape for r in ref], False)
            if first_out is None:
                first_out, first_in, first_ref, first_mutated = out, x, ref, mutated
            for nm, a, r in zip(spec.outputs, out, ref):
                errors[f"{nm} (T={T})" if T else nm] = rel_error(a, r)
        again, _, _ = invoke(sb, spec, list(first_in.values()), list(first_in),
                             [r.shape for r in first_ref], False)
    except SandboxError as e:
        rep.error = e.message
        rep.diagnosis["failure"] = e.to_dict()
        return rep
    worst = max(errors.values())
    rep.diagnosis["relative_errors"] = errors
    ok = worst < REFERENCE
    msg = "" if ok else f"output differs from the reference (relative error {worst:.1e})"
    bad = _nonfinite(first_out, spec.outputs)
    if bad:
        msg = f"{', '.join(bad)} contains NaN or inf"
    rep.add("output matches the reference", ok, 0.8, msg)
    rep.add("does not modify its inputs", not first_mutated, 0.1,
            f"modifies its input(s) {', '.join(first_mutated)}" if first_mutated else "")
    rep_ok = all(rel_error(a, b) <= REPEAT for a, b in zip(first_out, again))
    rep.add("two identical calls give identical results", rep_ok, 0.1,
            "" if rep_ok else "calling it twice on the same inputs gives different results")
    if not ok and not bad:
        _diagnose_forward(rep, asg, spec, ref_fn, first_in, first_out, first_ref)
    return rep


def _diagnose_forward(rep, asg, spec, ref_fn, x, out, ref):
    if asg.gates == 4:
        perm = diagnose.forward_gate_order(out, ref_fn, x)
        if perm:
            rep.diagnosis["gate_order"] = mutants.gate_names(perm)
            rep.feedback.append(f"gate order differs from i, f, o, g: your code reads the 4H columns "
                                f"as {mutants.gate_names(perm)}")
            return
    if spec.sequence:
        steps = diagnose.timesteps(out[0], ref[0])
        rep.diagnosis["wrong_timesteps"] = steps
        if steps:
            rep.feedback.append(f"h is wrong from step t={steps[0]} on (steps {steps})")
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
    x = inp.forward_inputs(fspec, rng, asg.gates)
    names = list(x)
    *ref_outs, ref_cache = ref_fwd(**x)
    out_shapes = [r.shape for r in ref_outs]
    ups = inp.upstream(out_shapes, rng)
    ups2 = inp.upstream(out_shapes, rng)
    ref_grads = ref_bwd(*ups, ref_cache)
    grad_names = list(spec.outputs)
    grad_shapes = [x[n].shape for n in names]

    def student_backward(upstream, cache):
        return invoke(sb, spec, list(upstream) + [cache], list(spec.inputs), grad_shapes)

    try:
        s_outs, cache, _ = invoke(sb, fspec, list(x.values()), names, out_shapes)
    except SandboxError as e:
        rep.error = f"{spec.name} could not be checked because {fspec.name} failed: {e.message}"
        rep.diagnosis["failure"] = e.to_dict()
        return rep
    forward_ok = all(rel_error(a, r) < REFERENCE for a, r in zip(s_outs, ref_outs))
    try:
        grads, _, mutated = student_backward(ups, cache)

        def loss(values):
            o, _, _ = invoke(sb, fspec, list(values.values()), names, out_shapes, keep_cache=False)
            return float(sum(np.sum(a * u) for a, u in zip(o, ups)))

        fd = directional_errors(loss, x, dict(zip(names, grads)), rng)
    except SandboxError as e:
        rep.error = e.message
        rep.diagnosis["failure"] = e.to_dict()
        return rep
    # Hygiene calls reuse the same cache: a backward that consumes it fails these only.
    again = g2 = mix = None
    hygiene_error = ""
    try:
        again, _, _ = student_backward(ups, cache)
        g2, _, _ = student_backward(ups2, cache)
        mix, _, _ = student_backward([2.0 * a - 0.5 * b for a, b in zip(ups, ups2)], cache)
    except SandboxError as e:
        hygiene_error = e.message
        rep.diagnosis["hygiene_failure"] = e.to_dict()
    ref_err = {g: rel_error(a, r) for g, a, r in zip(grad_names, grads, ref_grads)}
    fd_err = {g: fd[n] for g, n in zip(grad_names, names)}
    rep.diagnosis.update(relative_errors=ref_err, finite_difference_errors=fd_err, forward_correct=forward_ok)
    for g in grad_names:
        bad = _nonfinite([grads[grad_names.index(g)]], [g])
        msg = (f"{g} contains NaN or inf" if bad else
               f"{g} differs from the reference (relative error {ref_err[g]:.1e})")
        rep.add(f"{g} matches the reference", ref_err[g] < REFERENCE, 0.6 / len(grad_names),
                "" if ref_err[g] < REFERENCE else msg)
    wrong_fd = [g for g in grad_names if not fd_err[g] < FINITE_DIFF]
    rep.add("gradients agree with finite differences of your own forward", not wrong_fd, 0.15,
            f"{', '.join(wrong_fd)} do not match finite differences of your own {fspec.name}" if wrong_fd else "")
    rep_ok = again is not None and all(rel_error(a, b) <= REPEAT for a, b in zip(grads, again))
    rep.add("two identical calls give identical results", rep_ok, 0.1,
            "" if rep_ok else "a second call with the same cache gives different results or fails "
                              f"(is the cache modified by the backward pass?) {hygiene_error}".rstrip())
    lin = (max(rel_error(m, 2.0 * a - 0.5 * b) for m, a, b in zip(mix, grads, g2))
           if mix is not None else float("inf"))
    rep.add("linear in the upstream gradient", lin < LINEARITY, 0.1,
            "" if lin < LINEARITY else f"is not linear in the upstream gradient (relative error {lin:.1e})")
    rep.add("does not modify its inputs", not mutated, 0.05,
            f"modifies its input(s) {', '.join(mutated)}" if mutated else "")

    wrong = [g for g in grad_names if not ref_err[g] < REFERENCE]
    if wrong:
        if not forward_ok and not wrong_fd:
            rep.feedback.append(f"your backward is consistent with your own {fspec.name}, but that "
                                f"forward is wrong: fix {fspec.name} first")
        elif forward_ok and rep_ok:
            try:
                _diagnose_backward(rep, asg, spec, grads, ups, ref_cache, ref_grads, wrong,
                                   lambda u: student_backward([u], cache)[0], lambda u: ref_bwd(u, ref_cache))
            except SandboxError as e:
                rep.diagnosis["diagnosis_failed"] = e.message
        if wrong_fd and forward_ok:
            rep.feedback.append(f"{', '.join(wrong_fd)} do not match finite differences of your own forward")
    sb.free(cache)
    return rep


def _diagnose_backward(rep, asg, spec, grads, ups, ref_cache, ref_grads, wrong, s_bwd, r_bwd):
    names = list(spec.outputs)
    found = diagnose.catalogue(asg.name, spec, grads, ups, ref_cache)
    rep.diagnosis["catalogue"] = [f["bug"] for f in found]
    rep.feedback += [f["message"] for f in found]
    if asg.gates == 4:
        blocks = {}
        for g in ("dWx", "dWh", "db"):
            if g in wrong:
                k = names.index(g)
                perm = diagnose.gate_order(grads[k], ref_grads[k])
                if perm and "gate_order" not in rep.diagnosis:
                    rep.diagnosis["gate_order"] = mutants.gate_names(perm)
                    rep.feedback.append(f"gate order differs from i, f, o, g (your {g} blocks are in the "
                                        f"order {mutants.gate_names(perm)})")
                blocks[g] = diagnose.gate_blocks(grads[k], ref_grads[k])
        rep.diagnosis["gate_blocks"] = blocks
        if blocks and "gate_order" not in rep.diagnosis:
            bad = sorted({gate for errs in blocks.values() for gate, e in errs.items() if e > REFERENCE},
                         key="ifog".index)
            if bad and len(bad) < 4:
                rep.feedback.append(f"the gradient is wrong in the {', '.join(bad)} gate block(s) "
                                    f"of the 4H columns ({', '.join(blocks)})")
    if spec.sequence:
        steps = diagnose.timesteps(grads[0], ref_grads[0])
        rep.diagnosis["dx_wrong_timesteps"] = steps
        _, contrib = mutants.sequence(asg.gates == 4, ups[0], ref_cache, per_step=True)
        T = ups[0].shape[1]
        fits = {}
        for g, k in (("dWx", 2), ("dWh", 3), ("db", 4)):
            if g in wrong:
                fit = diagnose.fit_over_time(grads[k], [contrib[t][k - 2] for t in range(T)], g)
                if fit:
                    fits[g] = fit
                    if fit["message"] and not found:
                        rep.feedback.append(fit["message"])
        rep.diagnosis["time_fits"] = fits
        rep.diagnosis["pulses"] = {str(t): v for t, v in diagnose.pulse_report(s_bwd, r_bwd, ups[0]).items()}
        if steps and not found and not fits:
            rep.feedback.append(f"dx is wrong at steps t={steps}")
    if not rep.feedback:
        worst = max(wrong, key=lambda g: rep.diagnosis["relative_errors"][g])
        rep.feedback.append(f"{', '.join(wrong)} differ from the reference; the largest error is in {worst}")
