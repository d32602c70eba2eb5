"""An independent judge of CS231n-style rnn_layers.py code, for the corpus test.

It shares nothing with the grader: its own forward formulas (tanh RNN; LSTM with gates
i, f, o, g and c0 = 0), its own sizes, and full element-by-element float64 central
differences of the file's OWN forward for every backward. A forward is correct when it
equals the formulas; a backward is correct when its forward is correct and every gradient
equals the central differences, at every size, each call on fresh copies of its inputs
and a fresh cache.
"""
from __future__ import annotations

import warnings

import numpy as np

RNN = ("rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward")
LSTM = ("lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward")
# (N, D, H, T): an odd batch and a sequence longer than any the grader's main set uses
SIZES = ((2, 3, 4, 5), (5, 2, 3, 11))
EPS = 1e-6
TOL = 1e-6


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def rnn_step(x, h, Wx, Wh, b):
    return (np.tanh(x @ Wx + h @ Wh + b),)


def lstm_step(x, h, c, Wx, Wh, b):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o, g = _sig(a[:, :H]), _sig(a[:, H:2 * H]), _sig(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    c = f * c + i * g
    return o * np.tanh(c), c


def sequence(step, lstm):
    def run(x, h0, Wx, Wh, b):
        h, c, out = h0, np.zeros_like(h0), []
        for t in range(x.shape[1]):
            h, c = step(x[:, t], h, c, Wx, Wh, b) if lstm else (step(x[:, t], h, Wx, Wh, b)[0], None)
            out.append(h)
        return (np.stack(out, axis=1),)
    return run


TRUTH = {"rnn_step_forward": rnn_step, "rnn_forward": sequence(rnn_step, False),
         "lstm_step_forward": lstm_step, "lstm_forward": sequence(lstm_step, True)}


def _inputs(name, sizes, rng):
    N, D, H, T = sizes
    G = 4 if name.startswith("lstm") else 1
    x = rng.normal(size=(N, T, D) if "step" not in name else (N, D))
    ins = {"x": x, "h": rng.normal(scale=0.7, size=(N, H))}
    if name == "lstm_step_forward":
        ins["c"] = rng.normal(size=(N, H))
    ins.update(Wx=rng.normal(size=(D, G * H)) / np.sqrt(D), Wh=rng.normal(size=(H, G * H)) / np.sqrt(H),
               b=rng.normal(scale=0.5, size=G * H))
    return ins


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return np.inf
    d = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if d == 0 else np.linalg.norm(a - b) / d


def _call(fn, *args):
    return fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])


def forward_correct(ns, name) -> bool:
    rng = np.random.default_rng(7)
    try:
        for sizes in SIZES:
            ins = _inputs(name, sizes, rng)
            out = _call(ns[name], *ins.values())
            want = TRUTH[name](*ins.values())
            if len(out) != len(want) + 1 or any(_rel(o, w) > TOL for o, w in zip(out, want)):
                return False
    except Exception:
        return False
    return True


def backward_correct(ns, name, forward) -> bool:
    """Gradients equal central differences of the file's own forward, at every size."""
    rng = np.random.default_rng(11)
    fwd, bwd = ns[forward], ns[name]
    try:
        for sizes in SIZES:
            ins = _inputs(forward, sizes, rng)
            outs = _call(fwd, *ins.values())[:-1]
            ups = [rng.normal(size=np.shape(o)) for o in outs]
            cache = _call(fwd, *ins.values())[-1]
            grads = _call(bwd, *ups, cache)
            if len(grads) != len(ins):
                return False

            def loss(values):
                o = _call(fwd, *values)[:-1]
                return sum(float(np.sum(a * u)) for a, u in zip(o, ups))

            values = list(ins.values())
            for k, (g, v) in enumerate(zip(grads, values)):
                num = np.zeros_like(v)
                for idx in np.ndindex(v.shape):
                    plus, minus = [a.copy() for a in values], [a.copy() for a in values]
                    plus[k][idx] += EPS
                    minus[k][idx] -= EPS
                    num[idx] = (loss(plus) - loss(minus)) / (2 * EPS)
                if np.shape(g) != v.shape or _rel(g, num) > TOL:
                    return False
    except Exception:
        return False
    return True


def judge(source: str) -> dict:
    """{function name: correct?} for the eight pinned functions of a source file."""
    ns: dict = {"__name__": "corpus_file"}
    try:
        with warnings.catch_warnings():          # student code: `x is 0` and the like
            warnings.simplefilter("ignore", SyntaxWarning)
            exec(compile(source, "corpus_file.py", "exec"), ns)
    except Exception:
        return {n: False for n in RNN + LSTM}
    verdict = {}
    for names in (RNN, LSTM):
        step_f, step_b, seq_f, seq_b = names
        for f, b in ((step_f, step_b), (seq_f, seq_b)):
            verdict[f] = f in ns and forward_correct(ns, f)
            verdict[b] = verdict[f] and b in ns and backward_correct(ns, b, f)
    return verdict
