"""A corpus of answer pairs for the expression checker: data only.

Each row is (assignment, question, last_step, answer, expected verdict, expected diagnosis).

- assignment: 'lstm_univariate' (seed 003) or 'rnn_bptt' (seed 000);
- question:   the gradient asked for, as `autograder check` names it (grad_C_t, grad_W_hi,
              grad_C_3, path:C_t,C_tp1,C_tp2, ...); the reference is what SymPy derives;
- last_step:  True when the question is about the last step t = T (no step t+1);
- answer:     what a student typed, plain text or LaTeX;
- verdict:    correct | incorrect | invalid | undecided;
- diagnosis:  None (not asserted), or for an incorrect answer the catalogued mistake code
              ('time_index', 'sigma_prime_squared_times', ...) or the branch fit written
              'terms:' + the terms whose coefficient is not 1, e.g. 'terms:C_tp1=0'
              ('terms:' alone: explained by the terms, all present once); for an invalid
              answer the error code ('unknown_symbol', 'syntax', 'uses_answer', ...).

Where a row reproduces a slip from the seeds, the comment says which.
"""

L, R = "lstm_univariate", "rnn_bptt"

# Pieces used below, written out so that every row stays a literal answer a student could type.
# zf = W_hf*h_tm1 + W_xf*X_t + W0_f, and the same for i, o, c (candidate).

PAIRS = [
    # ------------------------------------------------------------------ LSTM grad_C_t
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_C_t", False, "f_tp1*grad_C_tp1 + grad_h_t*o_t*sech(C_t)**2", "correct", None),
    (L, "grad_C_t", False, "o_t*(1-(h_t/o_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_C_t", False, "o_t*grad_h_t - o_t*grad_h_t*tanh(C_t)**2 + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_C_t", False, "grad_h_t*(o_t - h_t**2/o_t) + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_C_t", False, r"o_t(1-\tanh^2(C_t))\nabla h_t + f_{t+1}\nabla C_{t+1}", "correct", None),
    (L, "grad_C_t", False, r"\frac{\partial \mathcal{L}}{\partial h_t} o_t \left(1-\tanh(C_t)^2\right) + f_{t+1} \nabla C_{t+1}", "correct", None),
    (L, "grad_C_t", False, "grad_C_t = f_tp1*grad_C_tp1 + o_t*(1-tanh(C_t)^2)*grad_h_t", "correct", None),
    (L, "grad_C_t", False, "o_t*(1-tanh(f_t*C_tm1 + i_t*Ctilde_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_C_t", False, "4*o_t*grad_h_t/(exp(C_t)+exp(-C_t))**2 + f_tp1*grad_C_tp1", "correct", None),
    # seed 003: (1 - tanh)^2 for tanh'
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t))**2*grad_h_t + f_tp1*grad_C_tp1", "incorrect", "tanh_prime_square_of_difference"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t))*grad_h_t + f_tp1*grad_C_tp1", "incorrect", "tanh_prime_not_squared"),
    # seed 003: f_t where f_{t+1} belongs
    (L, "grad_C_t", False, r"o_t(1 - (\tanh(C_t))^2) \nabla h_t + f_t \nabla C_{t+1}", "incorrect", "time_index"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_tm1)**2)*grad_h_t + f_tp1*grad_C_tp1", "incorrect", "time_index"),
    # seed 003: the last-step form where the general step is asked
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t", "incorrect", "terms:C_tp1=0"),
    (L, "grad_C_t", False, "f_tp1*grad_C_tp1", "incorrect", "terms:h_t=0"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t - f_tp1*grad_C_tp1", "incorrect", "terms:C_tp1=-1"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t + 2*f_tp1*grad_C_tp1", "incorrect", "terms:C_tp1=2"),
    (L, "grad_C_t", False, "(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "incorrect", "missing_factor"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t + grad_C_tp1", "incorrect", "missing_factor"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2) + f_tp1*grad_C_tp1", "incorrect", None),
    (L, "grad_C_t", False, "o_t*(1-h_t**2)*grad_h_t + f_tp1*grad_C_tp1", "incorrect", None),
    # SymPy reads sqrt(x**2) as Abs(x): |o_t| = o_t for a gate, |tanh(C_t)| is not tanh(C_t)
    (L, "grad_C_t", False, "sqrt(o_t**2)*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_o_t", False, "sqrt(tanh(C_t)**2)*grad_h_t", "incorrect", None),
    (L, "grad_C_t", True, "o_t*(1-tanh(C_t)**2)*grad_h_t", "correct", None),
    (L, "grad_C_t", True, "grad_h_t*o_t*sech(C_t)^2", "correct", None),
    (L, "grad_C_t", True, "W_y*y_t*(1-y_t)*grad_y_t*o_t*(1-tanh(C_t)**2)", "correct", None),
    # seed 003's expanded last-step form, LaTeX
    (L, "grad_C_t", True, r"o_t(1 - (\tanh(C_t))^2) W^y y_t (1 - y_t) \nabla y_t", "correct", None),
    # the seed writes w^y; symbols are case-sensitive, and the message suggests W^y
    # w^y for W^y: one quantity matches up to case; read so (the feedback says it)
    (L, "grad_C_t", True, r"o_t(1 - (\tanh(C_t))^2) w^y y_t (1 - y_t) \nabla y_t", "correct", None),
    (L, "grad_C_t", True, "o_t*(1-tanh(C_t))**2*grad_h_t", "incorrect", "tanh_prime_square_of_difference"),
    # the general formula at the last step: grad_C_{T+1} is zero, so the formula still holds
    (L, "grad_C_t", True, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "correct", None),
    # ... but a quantity of step T+1 without a gradient beside it has no value at all
    (L, "grad_C_t", True, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1", "invalid", "missing_quantity"),
    (L, "grad_C_t", True, "W_y*y_t**2*grad_y_t*o_t*(1-tanh(C_t)**2)", "incorrect", "sigma_prime_squared"),
    # ------------------------------------------------------------------ LSTM grad_h_t
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "correct", None),
    (L, "grad_h_t", False, "W_y*sigma(W_y*h_t+W0_y)*(1-sigma(W_y*h_t+W0_y))*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*sech(W_hc*h_t + W_xc*X_tp1 + W0_c)**2*grad_Ctilde_tp1", "correct", None),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*exp(-(W_ho*h_t+W_xo*X_tp1+W0_o))/(1+exp(-(W_ho*h_t+W_xo*X_tp1+W0_o)))**2*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "correct", None),
    (L, "grad_h_t", False, r"W^y y_t (1 - y_t) \nabla y_t + W^{hf} f_{t+1}(1-f_{t+1})\nabla f_{t+1} + W^{hi} i_{t+1}(1-i_{t+1})\nabla i_{t+1} + W^{ho} o_{t+1}(1-o_{t+1})\nabla o_{t+1} + W^{hc}(1-\tilde{C}_{t+1}^2)\nabla \tilde{C}_{t+1}", "correct", None),
    (L, "grad_h_t", False, "W_y*(y_t-y_t**2)*grad_y_t + W_hf*(f_tp1-f_tp1**2)*grad_f_tp1 + W_hi*(i_tp1-i_tp1**2)*grad_i_tp1 + W_ho*(o_tp1-o_tp1**2)*grad_o_tp1 + W_hc*(1-Ctilde_tp1)*(1+Ctilde_tp1)*grad_Ctilde_tp1", "correct", None),
    # gradients of the next step's gates written through grad_C_tp1 / grad_h_tp1
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*C_t*grad_C_tp1 + W_hi*i_tp1*(1-i_tp1)*Ctilde_tp1*grad_C_tp1 + W_ho*o_tp1*(1-o_tp1)*tanh(C_tp1)*grad_h_tp1 + W_hc*(1-Ctilde_tp1**2)*i_tp1*grad_C_tp1", "correct", None),
    # seed 003: "we do not need to consider the next level"
    (L, "grad_h_t", False, r"W^y y_t (1 - y_t) \nabla y_t", "incorrect", "terms:f_tp1=0,i_tp1=0,o_tp1=0,Ctilde_tp1=0"),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "incorrect", "terms:o_tp1=0"),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 - W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "incorrect", "terms:Ctilde_tp1=-1"),
    (L, "grad_h_t", False, "2*W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "incorrect", "terms:y_t=2"),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1**2*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "incorrect", "sigma_prime_squared_times"),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1)**2*grad_Ctilde_tp1", "incorrect", "tanh_prime_square_of_difference"),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_hf*f_t*(1-f_t)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "incorrect", None),
    (L, "grad_h_t", False, "W_y*y_t*(1-y_t)*grad_y_t + W_xf*f_tp1*(1-f_tp1)*grad_f_tp1 + W_hi*i_tp1*(1-i_tp1)*grad_i_tp1 + W_ho*o_tp1*(1-o_tp1)*grad_o_tp1 + W_hc*(1-Ctilde_tp1**2)*grad_Ctilde_tp1", "incorrect", None),
    (L, "grad_h_t", True, "W_y*y_t*(1-y_t)*grad_y_t", "correct", None),
    (L, "grad_h_t", True, r"W^{y} y_t (1-y_t) \nabla y_t", "correct", None),
    (L, "grad_h_t", True, "W_y*exp(-(W_y*h_t+W0_y))/(1+exp(-(W_y*h_t+W0_y)))**2*grad_y_t", "correct", None),
    (L, "grad_h_t", True, "W_y*y_t**2*(1-y_t)*grad_y_t", "incorrect", "sigma_prime_squared_times"),
    (L, "grad_h_t", True, "W_y*sigma(y_t)*(1-sigma(y_t))*grad_y_t", "incorrect", "sigma_of_gate_value"),
    (L, "grad_h_t", True, "y_t*(1-y_t)*grad_y_t", "incorrect", "missing_factor"),
    # grad_y_{t-1} does not depend on h_t: refused as circular, not graded
    (L, "grad_h_t", True, "W_y*y_t*(1-y_t)*grad_y_tm1", "invalid", "circular"),
    (L, "grad_h_t", True, "W_y*y_tm1*(1-y_tm1)*grad_y_t", "incorrect", "time_index"),
    # ------------------------------------------------------------------ LSTM gates, candidate
    (L, "grad_o_t", False, "tanh(C_t)*grad_h_t", "correct", None),
    (L, "grad_o_t", False, "h_t/o_t*grad_h_t", "correct", None),
    (L, "grad_o_t", False, r"\tanh(C_t) \nabla h_t", "correct", None),
    (L, "grad_o_t", False, "(exp(2*C_t)-1)/(exp(2*C_t)+1)*grad_h_t", "correct", None),
    (L, "grad_o_t", False, "o_t*(1-o_t)*tanh(C_t)*grad_h_t", "incorrect", None),
    (L, "grad_o_t", False, "tanh(C_tm1)*grad_h_t", "incorrect", "time_index"),
    (L, "grad_o_t", False, "tanh(C_t)*grad_h_tp1", "incorrect", "time_index"),
    (L, "grad_o_t", False, "-tanh(C_t)*grad_h_t", "incorrect", "sign"),
    (L, "grad_o_t", True, "tanh(C_t)*W_y*y_t*(1-y_t)*grad_y_t", "correct", None),
    (L, "grad_f_t", False, "C_tm1*grad_C_t", "correct", None),
    (L, "grad_f_t", False, r"C_{t-1} \nabla C_t", "correct", None),
    (L, "grad_f_t", False, "(C_t - i_t*Ctilde_t)/f_t*grad_C_t", "correct", None),
    (L, "grad_f_t", False, "C_tm1*(f_tp1*grad_C_tp1 + o_t*(1-tanh(C_t)**2)*grad_h_t)", "correct", None),
    (L, "grad_f_t", False, "C_t*grad_C_t", "incorrect", "time_index"),
    (L, "grad_f_t", False, "C_tm1*grad_C_tm1", "invalid", "circular"),
    (L, "grad_f_t", False, "f_t*(1-f_t)*C_tm1*grad_C_t", "incorrect", None),
    (L, "grad_f_t", False, "C_tm1*o_t*(1-tanh(C_t)**2)*grad_h_t", "incorrect", None),
    (L, "grad_f_t", True, r"C_{t-1} o_t (1 - (\tanh(C_t))^2) W^y y_t (1 - y_t) \nabla y_t", "correct", None),
    (L, "grad_i_t", False, "Ctilde_t*grad_C_t", "correct", None),
    (L, "grad_i_t", False, "tanh(W_hc*h_tm1 + W_xc*X_t + W0_c)*grad_C_t", "correct", None),
    (L, "grad_i_t", False, r"\tilde{C}_t \nabla C_t", "correct", None),
    (L, "grad_i_t", False, "Ctilde_tm1*grad_C_t", "incorrect", "time_index"),
    (L, "grad_i_t", False, "C_t*grad_C_t", "incorrect", None),
    (L, "grad_i_t", False, "i_t*(1-i_t)*Ctilde_t*grad_C_t", "incorrect", None),
    (L, "grad_Ctilde_t", False, "i_t*grad_C_t", "correct", None),
    (L, "grad_Ctilde_t", False, "sigma(W_hi*h_tm1 + W_xi*X_t + W0_i)*grad_C_t", "correct", None),
    (L, "grad_Ctilde_t", False, "f_t*grad_C_t", "incorrect", None),
    (L, "grad_Ctilde_t", False, "i_t*(1-Ctilde_t**2)*grad_C_t", "incorrect", None),
    (L, "grad_Ctilde_t", False, "i_tp1*grad_C_t", "incorrect", "time_index"),
    # ------------------------------------------------------------------ LSTM previous step
    (L, "grad_C_tm1", False, "f_t*grad_C_t + grad_h_tm1*o_tm1*(1-tanh(C_tm1)**2)", "correct", None),
    (L, "grad_C_tm1", False, r"f_t \nabla C_t + o_{t-1}\,\mathrm{sech}^2(C_{t-1}) \nabla h_{t-1}", "correct", None),
    (L, "grad_C_tm1", False, "f_tm1*grad_C_t + grad_h_tm1*o_tm1*(1-tanh(C_tm1)**2)", "incorrect", "time_index"),
    (L, "grad_C_tm1", False, "f_t*grad_C_t", "incorrect", None),
    (L, "grad_h_tm1", False, "W_y*y_tm1*(1-y_tm1)*grad_y_tm1 + W_hf*f_t*(1-f_t)*grad_f_t + W_hi*i_t*(1-i_t)*grad_i_t + W_ho*o_t*(1-o_t)*grad_o_t + W_hc*(1-Ctilde_t**2)*grad_Ctilde_t", "correct", None),
    (L, "grad_h_tm1", False, "W_y*y_tm1*(1-y_tm1)*grad_y_tm1", "incorrect", None),
    # ------------------------------------------------------------------ LSTM initial states
    (L, "grad_h_0", False, "W_hf*f_1*(1-f_1)*grad_f_1 + W_hi*i_1*(1-i_1)*grad_i_1 + W_ho*o_1*(1-o_1)*grad_o_1 + W_hc*(1-Ctilde_1**2)*grad_Ctilde_1", "correct", None),
    (L, "grad_h_0", False, "W_y*y_0*(1-y_0)*grad_y_0 + W_hf*f_1*(1-f_1)*grad_f_1 + W_hi*i_1*(1-i_1)*grad_i_1 + W_ho*o_1*(1-o_1)*grad_o_1 + W_hc*(1-Ctilde_1**2)*grad_Ctilde_1", "invalid", None),
    (L, "grad_C_0", False, "f_1*grad_C_1", "correct", None),
    (L, "grad_C_0", False, "f_0*grad_C_1", "invalid", None),
    (L, "grad_C_0", False, "grad_C_1", "incorrect", None),
    # ------------------------------------------------------------------ LSTM concrete steps
    (L, "grad_C_3", False, "grad_h_3*o_3*(1-tanh(C_3)**2)", "correct", None),
    (L, "grad_C_2", False, "grad_h_2*o_2*(1-tanh(C_2)**2)", "correct", None),
    # a concrete step's reference is derived for T = that step: grad_C_3 is zero after T = 2
    (L, "grad_C_2", False, "grad_h_2*o_2*(1-tanh(C_2)**2) + f_3*grad_C_3", "correct", None),
    (L, "grad_C_2", False, "grad_h_2*o_2*(1-tanh(C_2)**2) + f_3", "invalid", "missing_quantity"),
    (L, "grad_C_2", False, "grad_h_2*o_2*(1-tanh(C_2))**2", "incorrect", "tanh_prime_square_of_difference"),
    # ------------------------------------------------------------------ LSTM weights (sums over t)
    (L, "grad_W_hi", False, "Sum(h_tm1*i_t*(1-i_t)*grad_i_t, (t, 1, T))", "correct", None),
    (L, "grad_W_hi", False, r"\sum_{t=1}^{T} h_{t-1} i_t (1 - i_t) \nabla i_t", "correct", None),
    (L, "grad_W_hi", False, "Sum(h_tm1*i_t*(1-i_t)*Ctilde_t*grad_C_t, (t, 1, T))", "correct", None),
    (L, "grad_W_hi", False, "Sum(h_tm1*(i_t - i_t**2)*grad_i_t, (t, 1, T))", "correct", None),
    (L, "grad_W_hi", False, "Sum(h_tm1*exp(-(W_hi*h_tm1+W_xi*X_t+W0_i))/(1+exp(-(W_hi*h_tm1+W_xi*X_t+W0_i)))**2*grad_i_t, (t, 1, T))", "correct", None),
    (L, "grad_W_hi", False, r"\sum_{t=1}^{T} \nabla i_t \, i_t (1-i_t) h_{t-1}", "correct", None),
    # saturation trap: sigma'(z) written sigma^2 (1 - sigma)
    (L, "grad_W_hi", False, "Sum(h_tm1*i_t**2*(1-i_t)*grad_i_t, (t, 1, T))", "incorrect", "sigma_prime_squared_times"),
    (L, "grad_W_hi", False, "Sum(h_tm1*i_t**2*grad_i_t, (t, 1, T))", "incorrect", "sigma_prime_squared"),
    (L, "grad_W_hi", False, "Sum(h_tm1*sigma(i_t)*(1-sigma(i_t))*grad_i_t, (t, 1, T))", "incorrect", "sigma_of_gate_value"),
    (L, "grad_W_hi", False, "Sum(h_t*i_t*(1-i_t)*grad_i_t, (t, 1, T))", "incorrect", "time_index"),
    (L, "grad_W_hi", False, "Sum(i_t*(1-i_t)*grad_i_t, (t, 1, T))", "incorrect", "missing_factor"),
    (L, "grad_W_hi", False, "h_tm1*i_t*(1-i_t)*grad_i_t", "incorrect", "missing_sum"),
    # seed 003: the last-step expansion of grad_i_t used inside the sum
    (L, "grad_W_hi", False, r"\sum_{t=1}^T h_{t-1} i_t (1 - i_t) \tilde{C}_t o_t (1 - (\tanh(C_t))^2) W^y y_t (1 - y_t) \nabla y_t", "incorrect", "last_step_form_in_sum"),
    (L, "grad_W_hi", False, "Sum(h_tm1*i_t*(1-i_t)*grad_i_t, (t, 2, T))", "incorrect", None),
    (L, "grad_W_xf", False, "Sum(X_t*f_t*(1-f_t)*grad_f_t, (t, 1, T))", "correct", None),
    (L, "grad_W_xf", False, "Sum(X_t*f_t*(1-f_t)*C_tm1*grad_C_t, (t, 1, T))", "correct", None),
    (L, "grad_W_xf", False, "Sum(X_t*f_t*(1-f_t)*grad_f_t, (t, 1, T-1))", "incorrect", None),
    (L, "grad_W0_f", False, "Sum(f_t*(1-f_t)*grad_f_t, (t, 1, T))", "correct", None),
    (L, "grad_W0_f", False, r"\sum_{t=1}^{T} f_t(1-f_t)\nabla f_t", "correct", None),
    (L, "grad_W0_f", False, "Sum(f_t*(1-f_t)**2*grad_f_t, (t, 1, T))", "incorrect", None),
    (L, "grad_W_ho", False, "Sum(h_tm1*o_t*(1-o_t)*tanh(C_t)*grad_h_t, (t, 1, T))", "correct", None),
    (L, "grad_W_ho", False, "Sum(h_tm1*o_t*(1-o_t)*grad_o_t, (t, 1, T))", "correct", None),
    (L, "grad_W_ho", False, "Sum(h_tm1*o_t*(1-o_t)*tanh(C_tm1)*grad_h_t, (t, 1, T))", "incorrect", None),
    (L, "grad_W_hc", False, "Sum(h_tm1*(1-Ctilde_t**2)*grad_Ctilde_t, (t, 1, T))", "correct", None),
    (L, "grad_W_hc", False, "Sum(h_tm1*(1-Ctilde_t**2)*i_t*grad_C_t, (t, 1, T))", "correct", None),
    (L, "grad_W_hc", False, "Sum(h_tm1*(1-Ctilde_t)**2*grad_Ctilde_t, (t, 1, T))", "incorrect", "tanh_prime_square_of_difference"),
    (L, "grad_W_xc", False, "Sum(X_t*sech(W_hc*h_tm1+W_xc*X_t+W0_c)**2*grad_Ctilde_t, (t, 1, T))", "correct", None),
    (L, "grad_W_y", False, "Sum(h_t*y_t*(1-y_t)*grad_y_t, (t, 1, T))", "correct", None),
    (L, "grad_W_y", False, r"\sum_{t=1}^{T} h_t y_t (1-y_t) \nabla y_t", "correct", None),
    (L, "grad_W_y", False, "Sum(h_tm1*y_t*(1-y_t)*grad_y_t, (t, 1, T))", "incorrect", "time_index"),
    (L, "grad_W0_y", False, "Sum(y_t*(1-y_t)*grad_y_t, (t, 1, T))", "correct", None),
    (L, "grad_W0_y", False, "Sum(y_t*(1-y_t)*grad_y_t, (t, 1, T)) + 0*W_y", "correct", None),
    (L, "grad_W0_y", False, "Sum(y_t**2*(1-y_t)*grad_y_t, (t, 1, T))", "incorrect", "sigma_prime_squared_times"),
    # ------------------------------------------------------------------ LSTM paths
    (L, "path:C_t,C_tp1,C_tp2", False, "f_tp1*f_tp2", "correct", None),
    (L, "path:C_t,C_tp1,C_tp2", False, r"f_{t+1} f_{t+2}", "correct", None),
    (L, "path:C_t,C_tp1,C_tp2", False, "f_t*f_tp1", "incorrect", "time_shift"),
    (L, "path:C_t,C_tp1,C_tp2", False, "f_tp1**2", "incorrect", "time_index"),
    (L, "path:C_t,C_tp1,C_tp2", False, "f_tp1", "incorrect", "missing_factor"),
    (L, "path:C_t,C_tp1,C_tp2", False, "f_tp1*f_tp2*grad_C_tp2", "invalid", "uses_gradient"),
    (L, "path:C_t,h_t,o_tp1", False, "W_ho*o_t*o_tp1*(1-o_tp1)*(1-tanh(C_t)**2)", "correct", None),
    (L, "path:C_t,h_t,o_tp1", False, "W_ho*o_t*o_tp1*(1-o_tp1)*sech(C_t)**2", "correct", None),
    (L, "path:C_t,h_t,o_tp1", False, "W_ho*o_t*o_tp1*(1-o_tp1)*(1-tanh(C_t))**2", "incorrect", "tanh_prime_square_of_difference"),
    (L, "path:h_tm1,f_t,C_t,h_t", False, "W_hf*f_t*(1-f_t)*C_tm1*o_t*(1-tanh(C_t)**2)", "correct", None),
    (L, "path:h_tm1,f_t,C_t,h_t", False, "W_hf*f_t*(1-f_t)*C_t*o_t*(1-tanh(C_t)**2)", "incorrect", "time_index"),
    # ------------------------------------------------------------------ LSTM invalid answers
    (L, "grad_C_t", False, "o_t*(1-tanh(c_t)**2)*grad_h_t + f_tp1*grad_C_tp1", "correct", None),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_T)**2)*grad_h_t + f_tp1*grad_C_tp1", "invalid", "unknown_symbol"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2*grad_h_t + f_tp1*grad_C_tp1", "invalid", "syntax"),
    (L, "grad_C_t", False, "grad_C_t", "invalid", "uses_answer"),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1 + 0*grad_f_t", "correct", None),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1 + grad_f_t", "invalid", "circular"),
    (L, "grad_C_t", False, "C_t**10**10", "invalid", "number_too_big"),
    (L, "grad_C_t", False, "2**10000*grad_h_t", "invalid", "number_too_big"),
    (L, "grad_C_t", False, "__import__('os').system('true')", "invalid", None),
    (L, "grad_C_t", False, "", "invalid", "empty"),
    (L, "grad_C_t", False, "log(-1)*grad_h_t", "invalid", "not_real"),
    (L, "grad_C_t", False, r"o_t \frobnicate{C_t}", "invalid", None),
    (L, "grad_C_t", False, "o_t*(1-tanh(C_t)**2)*grad_h_t + f_tp1*grad_C_tp1 + grad_C_tp4", "invalid", "unknown_symbol"),
    (L, "grad_f_t", False, "C_tm1*grad_C_t + grad_C_tm1", "invalid", "circular"),
    # f_{t+1} is computed from f_t (through C_t, h_t): its gradient may appear, and is wrong here
    (L, "grad_f_t", False, "C_tm1*grad_C_t + grad_f_tp1", "incorrect", None),
    (L, "grad_W_hi", False, "Sum(h_tm1*i_t*(1-i_t)*grad_i_t, (t, 1, 10**6))", "invalid", None),
    # ------------------------------------------------------------------ RNN grad_Z_t
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t**2)", "correct", None),
    (R, "grad_Z_t", False, "grad_H_t*(1-tanh(Z_t)**2)", "correct", None),
    (R, "grad_Z_t", False, "grad_H_t*sech(Z_t)**2", "correct", None),
    (R, "grad_Z_t", False, r"\frac{\partial \mathcal{L}}{\partial H_t} \cdot (1-H_t^2)", "correct", None),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t)*(1+H_t)", "correct", None),
    (R, "grad_Z_t", False, "(delta_t + W*grad_Z_tp1)*(1-H_t**2)", "correct", None),
    (R, "grad_Z_t", False, "grad_H_t*(1-tanh(H_tm1*W + I_t*U)**2)", "correct", None),
    # seed 000: (1 - H_t)^2 for tanh'
    (R, "grad_Z_t", False, r"\frac{\partial \mathcal{L}}{\partial H_t} \cdot (1-H_t)^2", "incorrect", "tanh_prime_square_of_difference"),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t)**2", "incorrect", "tanh_prime_square_of_difference"),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t)", "incorrect", "tanh_prime_not_squared"),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_tm1**2)", "incorrect", "time_index"),
    (R, "grad_Z_t", False, "grad_H_t*(1-Z_t**2)", "incorrect", None),
    (R, "grad_Z_t", True, "delta_t*(1-H_t**2)", "correct", None),
    # ------------------------------------------------------------------ RNN grad_H_t, grad_H_tm1
    (R, "grad_H_t", False, "delta_t + W*grad_Z_tp1", "correct", None),
    (R, "grad_H_t", False, "delta_t + W*(1-H_tp1**2)*grad_H_tp1", "correct", None),
    (R, "grad_H_t", False, "W*grad_Z_tp1", "incorrect", "terms:delta_t=0"),
    (R, "grad_H_t", True, "delta_t", "correct", None),
    (R, "grad_H_tm1", False, "delta_tm1 + W*grad_Z_t", "correct", None),
    (R, "grad_H_tm1", False, r"\delta_{t-1} + W \nabla Z_t", "correct", None),
    (R, "grad_H_tm1", False, "delta_tm1 + W*grad_H_t*(1-H_t**2)", "correct", None),
    # seed 000: only the path through Z_t (the direct loss term at t-1 is missing)
    (R, "grad_H_tm1", False, r"\frac{\partial \mathcal{L}}{\partial Z_t} \cdot W", "incorrect", "terms:delta_tm1=0"),
    (R, "grad_H_tm1", False, "grad_H_t*(1-H_t)**2*W", "incorrect", None),
    (R, "grad_H_tm1", False, "delta_tm1 + W*grad_Z_tm1", "invalid", "circular"),
    (R, "grad_H_tm1", False, "delta_t + W*grad_Z_t", "incorrect", "time_index"),
    (R, "grad_H_tm1", False, "delta_tm1 - W*grad_Z_t", "incorrect", "terms:Z_t=-1"),
    (R, "grad_H_tm1", False, "delta_tm1 + W*U*grad_Z_t", "incorrect", None),
    # ------------------------------------------------------------------ RNN weights
    (R, "grad_W", False, "Sum(H_tm1*grad_Z_t, (t, 1, T))", "correct", None),
    (R, "grad_W", False, r"\sum_{t=1}^{T} H_{t-1} \nabla Z_t", "correct", None),
    (R, "grad_W", False, "Sum(H_tm1*(1-H_t**2)*grad_H_t, (t, 1, T))", "correct", None),
    (R, "grad_W", False, "Sum(H_t*grad_Z_t, (t, 1, T))", "incorrect", "time_index"),
    (R, "grad_W", False, "H_tm1*grad_Z_t", "incorrect", "missing_sum"),
    (R, "grad_W", False, "Sum(H_tm1*(1-H_t)**2*grad_H_t, (t, 1, T))", "incorrect", None),
    (R, "grad_W", False, "Sum(I_t*grad_Z_t, (t, 1, T))", "incorrect", None),
    (R, "grad_U", False, "Sum(I_t*grad_Z_t, (t, 1, T))", "correct", None),
    (R, "grad_U", False, r"\sum_{t=1}^{T} I_t (1-H_t^2) \nabla H_t", "correct", None),
    # there is no input at step 0
    (R, "grad_U", False, "Sum(I_tm1*grad_Z_t, (t, 1, T))", "invalid", "missing_quantity"),
    (R, "grad_U", False, "Sum(I_t*grad_Z_tp1, (t, 1, T))", "incorrect", "time_index"),
    (R, "grad_U", False, "Sum(I_t*grad_Z_t, (t, 1, T)) + Sum(H_tm1*grad_Z_t, (t, 1, T))", "incorrect", None),
    (R, "grad_H_0", False, "W*grad_Z_1", "correct", None),
    (R, "grad_H_0", False, "W*(1-H_1**2)*grad_H_1", "correct", None),
    (R, "grad_H_0", False, "W*(1-H_1)**2*grad_H_1", "incorrect", None),
    # ------------------------------------------------------------------ RNN invalid answers
    (R, "grad_Z_t", False, "grad_h_t*(1-h_t**2)", "correct", None),
    (R, "grad_Z_t", False, "grad_q_t*(1-H_t**2)", "invalid", "unknown_symbol"),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t**2", "invalid", "syntax"),
    (R, "grad_Z_t", False, "grad_Z_t", "invalid", "uses_answer"),
    (R, "grad_W", False, "Sum(H_tm1*grad_Z_t, (t, 1, T))**100", "invalid", "number_too_big"),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t**2) + 0*grad_W", "correct", None),
    (R, "grad_Z_t", False, "grad_H_t*(1-H_t**2) + grad_W", "invalid", "circular"),
    (R, "grad_W", False, "Sum(H_tm1*grad_Z_t, (t, 1, T)) + grad_U", "invalid", "circular"),
]
