"""Write the sample wrong submissions (`assignments/<id>/samples/`): each is the solution
notebook with a few realistic mistakes (most of them the ones in the seed texts).
Regenerate after changing the authored notebooks:

    python assignments/make_samples.py
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.authoring.notebook import read, solution_notebook, with_changes
from autograder.grading.spec import load

ROOT = Path(__file__).resolve().parents[1]

# {assignment: {submission name: [(grade_id of the cell, old text, new text), ...]}}
MISTAKES = {
    "lstm_univariate": {
        # the seed homework: last-step forms used at a general step, f_t for f_{t+1}
        "seed_last_step_forms": [
            ("answer_grad_h_general", None, "W_y*y_t*(1 - y_t)*grad_y_t"),
            ("answer_grad_C_general", None, r"o_t (1 - (\tanh(C_t))^2) \nabla h_t + f_t \nabla C_{t+1}"),
            ("answer_grad_W_hi", None,
             "Sum(h_tm1*i_t*(1 - i_t)*Ctilde_t*o_t*(1 - tanh(C_t)**2)*W_y*y_t*(1 - y_t)*grad_y_t, (t, 1, T))"),
        ],
        # derivative slips: sigma' as sigma^2, tanh' as (1 - tanh)^2, an unreadable answer
        "derivative_slips": [
            ("answer_grad_C_last", None, "o_t*(1 - tanh(C_t))**2*grad_h_t"),
            ("answer_grad_W_hf", None, "Sum(h_tm1*f_t**2*grad_f_t, (t, 1, T))"),
            ("answer_grad_o_last", None, "tanh(C_t)*grad_h_t +"),
        ],
        # right final line reached through a wrong middle step
        "broken_derivation": [
            ("answer_derive_grad_i_general", None,
             "grad_i_t = Ctilde_t*grad_C_t\n"
             "= Ctilde_t*(o_t*(1 - tanh(C_t)**2)*grad_h_t + f_t*grad_C_tp1)\n"
             "= Ctilde_t*o_t*(1 - tanh(C_t)**2)*grad_h_t + Ctilde_t*f_tp1*grad_C_tp1"),
        ],
    },
    "rnn_bptt": {
        # the seed blog post: (1 - H)^2 for tanh', in the formula and in the code
        "seed_one_minus_h_squared": [
            ("answer_grad_Z_t", None, r"\frac{\partial \mathcal{L}}{\partial H_t} (1-H_t)^2"),
            ("answer_step_functions", "dz = dnext_h * (1.0 - next_h ** 2)", "dz = dnext_h * (1.0 - next_h) ** 2"),
        ],
        # the loss's direct gradient into H_{t-1} forgotten; no recurrent term in the code
        "missing_terms": [
            ("answer_grad_H_tm1", None, "W*grad_Z_t"),
            ("answer_sequence_functions", "rnn_step_backward(dh[:, t] + dprev_h, cache[t])",
             "rnn_step_backward(dh[:, t], cache[t])"),
        ],
        # the weight gradient overwritten at every step instead of added up
        "overwritten_dWh": [
            ("answer_sequence_functions", "dWh += dWh_t", "dWh = dWh_t"),
            ("answer_grad_W", None, "H_tm1*grad_Z_t"),
        ],
    },
    "lstm_numpy": {
        "gate_order_ifgo": [
            ("answer_step_functions", "o = sigmoid(a[:, 2 * H:3 * H])\n    g = np.tanh(a[:, 3 * H:])",
             "g = np.tanh(a[:, 2 * H:3 * H])\n    o = sigmoid(a[:, 3 * H:])"),
        ],
        # the cell gradient only through dnext_c: the path through next_h is lost
        "cell_gradient_without_h_path": [
            ("answer_step_functions", "dc = dnext_c + dnext_h * o * (1.0 - tanh_c ** 2)", "dc = dnext_c"),
        ],
        "overwritten_dWh": [
            ("answer_sequence_functions", "dWh += dWh_t", "dWh = dWh_t"),
        ],
    },
    "lstm_gradient_flow": {
        # divides by the norm without a guard: 0/0 for a zero gradient
        "clipping_nan_on_zero": [
            ("answer_clipping", "    if norm <= max_norm:\n        return [np.array(g, dtype=float) for g in grads]\n"
             "    scale = max_norm / norm\n", "    scale = min(norm, max_norm) / norm\n"),
        ],
        "clipping_each_array": [
            ("answer_clipping",
             "    norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))\n"
             "    if norm <= max_norm:\n        return [np.array(g, dtype=float) for g in grads]\n"
             "    scale = max_norm / norm\n    return [g * scale for g in grads]",
             "    out = []\n    for g in grads:\n        n = np.linalg.norm(g)\n"
             "        out.append(g * (max_norm / n) if n > max_norm else np.array(g, dtype=float))\n"
             "    return out"),
        ],
        # index slip along the cell path, the recurrent weight dropped, a loose bound
        "path_slips": [
            ("answer_cell_path", None, "f_t*f_tp1*f_tp2"),
            ("answer_output_path", None, "o_t*(1 - o_t)*tanh(C_t)"),
            ("answer_output_path_bound", 'float((abs(weights["W_ho"]) / 4.0) ** k)',
             'float((abs(weights["W_ho"]) / 2.0) ** k)'),
        ],
    },
}


def main():
    for aid, subs in MISTAKES.items():
        for name, changes in subs.items():
            nb = solution_notebook(read(load(aid, ROOT / "assignments").solution_path))
            out = load(aid, ROOT / "assignments").samples_dir / f"{name}.ipynb"
            out.parent.mkdir(exist_ok=True)
            nbformat.write(with_changes(nb, changes), out)
            print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
