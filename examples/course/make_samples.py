"""Write the example course's sample wrong submissions (`<id>/samples/`): each is the
authored solution with one realistic slip. Regenerate after changing the authored notebooks:

    python examples/course/make_samples.py
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.authoring.notebook import read, solution_notebook, with_changes
from autograder.grading.spec import load

COURSE = Path(__file__).resolve().parent
STEP, SEQ = "answer_step_functions", "answer_sequence_functions"

# {assignment: {submission name: [(grade_id of the cell, old text, new text), ...]}}
MISTAKES = {
    "gru_numpy": {
        "update_gate_sign": [(STEP, "dz = dnext_h * (prev_h - n)", "dz = dnext_h * (n - prev_h)")],
        "reset_gate_no_sigmoid_prime": [(STEP, "dar = dr * r * (1 - r)", "dar = dr")],
        "candidate_tanh_prime": [(STEP, "dan = dn * (1 - n ** 2)", "dan = dn * (1 - n)")],
        "update_gate_complement": [(STEP, "dn = dnext_h * (1 - z)", "dn = dnext_h * z")],
        "no_direct_path": [(STEP, "dprev_h = dnext_h * z\n", "dprev_h = 0 * dnext_h\n")],
        "reset_left_out_of_dWh": [(STEP, "(r * prev_h).T @ dan", "prev_h.T @ dan")],
        "no_gradient_through_time": [(SEQ, "gru_step_backward(dh[:, t] + dprev, cache[t])",
                                      "gru_step_backward(dh[:, t], cache[t])")],
    },
    "cifg_numpy": {
        "coupled_term_forgotten": [(STEP, "df = dc * (prev_c - g)", "df = dc * prev_c")],
        "candidate_gate_complement": [(STEP, "dg = dc * (1 - f)", "dg = dc * f")],
        "output_gate_no_sigmoid_prime": [(STEP, "do * o * (1 - o)", "do")],
        "cell_no_tanh_prime": [(STEP, "dc = dnext_c + dnext_h * o * (1 - tc ** 2)", "dc = dnext_c + dnext_h * o")],
        "cell_gradient_not_gated": [(STEP, "dprev_c = dc * f", "dprev_c = dc")],
        "candidate_tanh_prime_squared": [(STEP, "dg * (1 - g ** 2)", "dg * (1 - g) ** 2")],
        "cell_gradient_not_carried": [(SEQ, "cifg_step_backward(dh[:, t] + dprev_h, dprev_c, cache[t])",
                                       "cifg_step_backward(dh[:, t] + dprev_h, np.zeros_like(dprev_c), cache[t])")],
    },
    "gru_univariate": {
        "complement_and_sign": [("answer_grad_n_t", None, "grad_h_t*z_t"),
                                ("answer_grad_z_t", None, "grad_h_t*(n_t - h_tm1)")],
        "last_step_form_and_steps": [
            ("answer_grad_h_general", None,
             "W_hn*grad_n_tp1*r_tp1*(1 - n_tp1**2) + W_hr*grad_r_tp1*r_tp1*(1 - r_tp1)"
             " + W_hz*grad_z_tp1*z_tp1*(1 - z_tp1) + W_y*grad_y_t*y_t*(1 - y_t)"),
            ("answer_grad_W_hz", None, "Sum(grad_z_t*h_t*z_t*(1 - z_t), (t, 1, T))")],
    },
    "cifg_univariate": {
        "coupled_gate_slips": [("answer_grad_f_t", None, "grad_C_t*C_tm1"),
                               ("answer_grad_Ctilde_t", None, "grad_C_t*f_t")],
        "time_steps": [("answer_grad_C_general", None, "f_t*grad_C_tp1 + grad_h_t*o_t*(1 - tanh(C_t)**2)"),
                       ("answer_grad_W_hf", None, "Sum(f_t*grad_f_t*h_t*(1 - f_t), (t, 1, T))")],
    },
}


def main():
    for aid, subs in MISTAKES.items():
        asg = load(aid, COURSE)
        for name, changes in subs.items():
            nb = solution_notebook(read(asg.solution_path))
            out = asg.samples_dir / f"{name}.ipynb"
            out.parent.mkdir(exist_ok=True)
            nbformat.write(with_changes(nb, changes), out)
            print(out.relative_to(COURSE))


if __name__ == "__main__":
    main()
