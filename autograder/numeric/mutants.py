"""A catalogue of known mistakes, each a mutation of the reference backward pass.

Each entry maps a bug key to the sentence a student reads. `backward(assignment, kind,
upstream, ref_cache, bug)` recomputes the gradients as the buggy code would, from the
reference's own forward cache, so a student's gradients can be matched against them.
"""
from __future__ import annotations

import numpy as np

from autograder.models.numpy_lstm import GATES

RNN_STEP = {
    "tanh_prime_linear": "the derivative of tanh is written as 1 - tanh instead of 1 - tanh²",
    "tanh_prime_square_of_difference": "the derivative of tanh is written as (1 - tanh)² instead of 1 - tanh²",
    "no_tanh_prime": "the derivative of tanh is missing (the upstream gradient is used as dz)",
    "Wh_not_transposed": "dprev_h uses Wh where Wh.T belongs",
    "dWh_uses_next_h": "dWh is built from next_h where prev_h belongs",
}
LSTM_STEP = {
    "cell_tanh_prime_linear": "the derivative of tanh(next_c) is written as 1 - tanh instead of 1 - tanh²",
    "g_tanh_prime_linear": "the derivative of the candidate g = tanh(·) is written as 1 - g instead of 1 - g²",
    **{f"sigmoid_prime_{g}{v}": f"the sigmoid derivative in the {g} gate is wrong (it should be {g}·(1 - {g}))"
       for g in "ifo" for v in ("", "_complement")},
    "no_dnext_c": "the upstream cell gradient dnext_c is not added to the cell state's gradient",
    "no_h_to_c": "the gradient into the cell state from the hidden state is missing",
    "df_uses_next_c": "the forget-gate gradient uses next_c where prev_c belongs",
    "dprev_c_missing_f": "dprev_c is missing the factor f (the forget gate)",
    "do_uses_next_c": "the output-gate gradient uses next_c where tanh(next_c) belongs",
}
LOOP = {
    "no_h_recurrence": "the gradient does not flow back through time: dprev_h is not added to the "
                       "upstream gradient of the previous step",
    "no_c_recurrence": "the cell-state gradient dprev_c is not carried to the previous step",
    "only_last_upstream": "the upstream gradient dh[:, t] is only used at the last step "
                          "(dh at earlier steps is ignored)",
    "dh0_zero": "dh0 is not returned (it should be the gradient flowing out of the first step)",
    "forward_in_time": "the backward pass walks through time from the first step to the last "
                       "instead of from the last to the first",
    "skip_first_step": "the loop over time skips the first step (t = 0)",
}


def rnn_step(dnext_h, cache, bug=None):
    x, prev_h, Wx, Wh, next_h = cache
    dtanh = {"tanh_prime_linear": 1 - next_h, "tanh_prime_square_of_difference": (1 - next_h) ** 2,
             "no_tanh_prime": np.ones_like(next_h)}.get(bug, 1 - next_h ** 2)
    dz = dnext_h * dtanh
    dprev_h = dz @ (Wh if bug == "Wh_not_transposed" else Wh.T)
    dWh = (next_h if bug == "dWh_uses_next_h" else prev_h).T @ dz
    return dz @ Wx.T, dprev_h, x.T @ dz, dWh, dz.sum(axis=0)


def lstm_step(dnext_h, dnext_c, cache, bug=None):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    next_c = f * prev_c + i * g
    dtanh_c = (1 - tanh_c) if bug == "cell_tanh_prime_linear" else (1 - tanh_c ** 2)
    from_h = dnext_h * o * dtanh_c
    dc = {"no_dnext_c": from_h, "no_h_to_c": dnext_c}.get(bug, dnext_c + from_h)
    sp = {k: (s if bug == f"sigmoid_prime_{k}" else 1 - s if bug == f"sigmoid_prime_{k}_complement"
              else s * (1 - s)) for k, s in (("i", i), ("f", f), ("o", o))}
    dg_local = (1 - g) if bug == "g_tanh_prime_linear" else (1 - g ** 2)
    da = np.concatenate([
        dc * g * sp["i"],
        dc * (next_c if bug == "df_uses_next_c" else prev_c) * sp["f"],
        dnext_h * (next_c if bug == "do_uses_next_c" else tanh_c) * sp["o"],
        dc * i * dg_local,
    ], axis=1)
    dprev_c = dc if bug == "dprev_c_missing_f" else dc * f
    return da @ Wx.T, da @ Wh.T, dprev_c, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def sequence(lstm: bool, dh, caches, step_bug=None, loop_bug=None, per_step=False):
    """Sequence backward built from the (possibly buggy) step and loop.

    With per_step=True also returns each step's contributions to (dWx, dWh, db)."""
    N, T, H = dh.shape
    D = caches[0][0].shape[1]
    G = 4 if lstm else 1
    dx = np.zeros((N, T, D))
    dW = [np.zeros((D, G * H)), np.zeros((H, G * H)), np.zeros(G * H)]
    contributions = []
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    order = range(T) if loop_bug == "forward_in_time" else reversed(range(T))
    for t in order:
        if loop_bug == "skip_first_step" and t == 0:
            continue
        up = dh[:, t] if loop_bug == "no_h_recurrence" else (
            dprev_h if loop_bug == "only_last_upstream" and t < T - 1 else dh[:, t] + dprev_h)
        if lstm:
            c_in = np.zeros((N, H)) if loop_bug == "no_c_recurrence" else dprev_c
            dx_t, dprev_h, dprev_c, *dW_t = lstm_step(up, c_in, caches[t], step_bug)
        else:
            dx_t, dprev_h, *dW_t = rnn_step(up, caches[t], step_bug)
        dx[:, t] = dx_t
        for acc, d in zip(dW, dW_t):
            acc += d
        contributions.append((t, dW_t))
    dh0 = np.zeros((N, H)) if loop_bug == "dh0_zero" else dprev_h
    out = (dx, dh0, *dW)
    if per_step:
        return out, dict(contributions)
    return out


def candidates(assignment: str, sequence_fn: bool):
    """(bug key, message, step_bug, loop_bug) for every catalogued mistake that applies."""
    lstm = assignment == "lstm_numpy"
    steps = LSTM_STEP if lstm else RNN_STEP
    out = [(k, m, k, None) for k, m in steps.items()]
    if sequence_fn:
        out += [(k, m, None, k) for k, m in LOOP.items() if lstm or k != "no_c_recurrence"]
    return out


def gate_permutations():
    """All orders of the four gates other than i, f, o, g."""
    import itertools
    return [p for p in itertools.permutations(range(4)) if p != (0, 1, 2, 3)]


def gate_names(perm) -> str:
    return ", ".join(GATES[k] for k in perm)
