"""Answers written in textbook names of the model's quantities: data only, for
test_aliases.py and benchmarks/bench_notation.py.

CORRECT: (question id of lstm_univariate, answer, what the feedback says it read);
WRONG:   (question id, answer) that must stay incorrect;
AMBIGUOUS: (assignment, question id, answer, the readings the refusal names).
"""
A = "lstm_univariate"
GEN_C = "grad_C_general"   # o_t (1 - tanh^2 C_t) grad_h_t + f_{t+1} grad_C_{t+1}
LAST_O = "grad_o_last"     # tanh(C_t) grad_h_t

CORRECT = [
    # text
    (GEN_C, "Gamma_o_t*(1-tanh(C_t)**2)*grad_a_t + Gamma_f_tp1*grad_C_tp1", "Gamma_o_t as o_t"),
    (GEN_C, "o_t*tanh'(C_t)*da_t + Gamma_f_tp1*dC_tp1", "da_t as grad_h_t"),
    (LAST_O, "tanh(C_t)*da_t", "da_t as grad_h_t"),
    ("grad_Ctilde_last", "Gamma_u_t*grad_C_t", "Gamma_u_t as i_t"),
    ("grad_Ctilde_last", "Gamma_i*grad_C_t", "Gamma_i as i_t"),
    ("grad_i_last", "g_t*grad_C_t", "g_t as Ctilde_t"),
    ("grad_i_last", "C_tilde_t*grad_C_t", "C_tilde_t as Ctilde_t"),
    # LaTeX: Ng writes the step as a superscript <t>, Goodfellow et al. as (t)
    (GEN_C, r"\Gamma_o^{<t>} (1-\tanh^2(c^{<t>})) \frac{\partial L}{\partial a^{<t>}}"
            r" + \Gamma_f^{<t+1>} \nabla c^{<t+1>}", r"\Gamma_o^{<t>} as o_t"),
    (GEN_C, r"o^{(t)} (1-\tanh^2(C^{(t)})) \nabla h^{(t)} + f^{(t+1)} \nabla C^{(t+1)}",
     r"\nabla h^{(t)} as \nabla h_t"),
    (LAST_O, r"\tanh(c^{<t>}) \, da^{<t>}", r"\nabla h_t"),
    ("grad_Ctilde_last", r"\Gamma_u \nabla c^{<t>}", r"\Gamma_u as i_t"),
    ("grad_i_last", r"g_t \nabla C_t", "g_t as \\tilde{C}_t"),
    ("grad_i_last", r"\tilde{c}^{<t>} \frac{\partial \mathcal{L}}{\partial c^{<t>}}", r"\tilde{c}^{<t>}"),
]

WRONG = [
    (GEN_C, "Gamma_o_t*(1-tanh(C_t)**2)*grad_a_t + Gamma_f_t*grad_C_tp1"),      # f_t for f_{t+1}
    (GEN_C, r"\Gamma_o^{<t>} (1-\tanh(c^{<t>}))^2 \nabla a^{<t>} + \Gamma_f^{<t+1>} \nabla c^{<t+1>}"),
    ("grad_i_last", r"\Gamma_f^{<t>} \nabla c^{<t>}"),                          # the wrong gate
    ("grad_i_last", "a_t*grad_C_t"),
]

AMBIGUOUS = [
    (A, GEN_C, "s_t*grad_h_t", ("C_t", "h_t")),
    (A, GEN_C, "ds_tp1", ("grad_C_tp1", "grad_h_tp1")),
    (A, GEN_C, r"\nabla s_{t+1}", (r"\nabla C_{t+1}", r"\nabla h_{t+1}")),
    (A, GEN_C, r"f_{t+1} s^{(t)}", ("C_t", "h_t")),
    ("rnn_bptt", "grad_H_tm1", "W*(1-a_t**2)*grad_Z_t", ("Z_t", "H_t")),
    ("rnn_bptt", "grad_H_tm1", r"W (1 - (a^{<t>})^2) \nabla Z_t", ("Z_t", "H_t")),
]
