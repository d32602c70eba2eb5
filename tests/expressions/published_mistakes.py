"""A catalogue of derivations in the notation of public tutorials, lecture notes and course
code, transcribed to the homework's univariate LSTM (its names: f_t, i_t, o_t, \\tilde{C}_t,
C_t, h_t, y_t, W^{hf}, ..., \\nabla y_t given). Each case keeps its source's way of writing
(\\delta, d_L/d_{h_t}, dh/dc_next, primes, lower-case c_t) and, for a wrong one, the kind of
slip found in or invited by that source, with the reason a grader should give.

Fields: (source, question, answer, expected verdict, expected mistake code or None).
A correct case must be accepted; a wrong one must get the named, specific reason.
"""

GFG = "GeeksforGeeks, 'LSTM - Derivation of Back propagation through time'"
CRAN = "CRAN package rnn, vignette 'LSTM_units' (delta-numbered backward pass)"
DLSCRATCH = "github.com/datvodinh10/DL_library_from_scratch, LSTM notebook (d_L/d_{h_t} notation)"
SENTI = "github.com/Ash2407/Senti_, LSTMCell.backward (delta_h, delta_C names)"
NUMPY = "numpy LSTM backward in the CS231n style (dh, dc_next, do, df, di, dg)"
EEYORE = "eeyorelee.github.io 2022/09/23 'LSTM' (PyTorch-style c_t, g_t notation)"
VINTELLX = "vintellx.com blog 'RNNs Ghosted, LSTMs Goated: The Math Behind It'"
COURSERA = "github.com/lsubtil/data-science-portfolio, 'LSTM RNN - Step by Step' (Coursera style)"
DSSE = "datascience.stackexchange.com question 43024 (LSTM backprop from scratch)"
QUESBA = "quesba.com, 'derive net gradient equations delta for backpropagation in an LSTM'"

A = "lstm_univariate"
CASES = [
    # ---------------------------------------------------------------- correct, their notation
    (GFG, "grad_o_last", r"\frac{dE}{dh_t} \tanh(C_t)", "correct", None),
    (GFG, "grad_C_last", r"\frac{dE}{dh_t} o_t (1 - \tanh^2(C_t))", "correct", None),
    (GFG, "grad_f_last", r"\frac{dE}{dh_t} o_t (1 - \tanh^2(C_t)) C_{t-1}", "correct", None),
    (GFG, "grad_i_last", r"\frac{dE}{dh_t} o_t (1 - \tanh^2(C_t)) \tilde{C}_t", "correct", None),
    (CRAN, "grad_o_last", r"\delta h_t \cdot tanh(c_t)", "correct", None),
    (CRAN, "grad_C_general", r"\delta h_t \cdot o_t \cdot (1 - tanh^2(c_t)) + \delta c_{t+1} \cdot f_{t+1}", "correct", None),
    (CRAN, "grad_Ctilde_general", r"\delta c_t \cdot i_t", "correct", None),
    (DLSCRATCH, "grad_o_last", r"\frac{d_L}{d_{h_t}} tanh(C_t)", "correct", None),
    (DLSCRATCH, "grad_f_general", r"\frac{d_{L}}{d_{C_t}} C_{t-1}", "correct", None),
    (DLSCRATCH, "grad_i_general", r"\frac{d_{L}}{d_{C_t}} \tilde{C}_t", "correct", None),
    (SENTI, "grad_o_last", "delta_h_t*tanh(C_t)", "correct", None),
    (SENTI, "grad_C_general", "delta_C_tp1*f_tp1 + delta_h_t*o_t*(1 - tanh(C_t)**2)", "correct", None),
    (NUMPY, "grad_C_general", "dC_tp1*f_tp1 + dh_t*o_t*(1 - tanh(C_t)**2)", "correct", None),
    (NUMPY, "grad_f_general", "dC_t*C_tm1", "correct", None),
    (NUMPY, "grad_Ctilde_general", "dC_t*i_t", "correct", None),
    (EEYORE, "grad_C_general", r"\frac{\partial L}{\partial h_t} o_t \odot (1 - \tanh^2(c_t)) + \frac{\partial L}{\partial c_{t+1}} \odot f_{t+1}", "correct", None),
    (EEYORE, "grad_o_general", r"\frac{\partial L}{\partial h_t} \odot \tanh(c_t)", "correct", None),
    (VINTELLX, "grad_C_general", r"\frac{\partial L}{\partial h_t} \frac{\partial h_t}{\partial C_t} + \frac{\partial L}{\partial C_{t+1}} \frac{\partial C_{t+1}}{\partial C_t}", "correct", None),
    (VINTELLX, "grad_h_last", r"\frac{\partial L}{\partial y_t} \frac{\partial y_t}{\partial h_t}", "correct", None),
    (COURSERA, "grad_C_general", r"dh_t \cdot o_t \cdot (1 - \tanh(c_t)^2) + dc_{t+1} \cdot f_{t+1}", "correct", None),
    (COURSERA, "grad_o_general", r"dh_t \cdot \tanh(c_t)", "correct", None),
    (DSSE, "grad_C_general", "dh_t*o_t*(1 - tanh(C_t)**2) + dC_tp1*f_tp1", "correct", None),
    (QUESBA, "grad_h_last", r"\delta y_t \, \sigma'(W^y h_t + W_0^y) W^y", "correct", None),
    (QUESBA, "grad_C_last", r"\delta h_t \, o_t \tanh'(C_t)", "correct", None),
    (CRAN, "grad_W_hf", r"\sum_t \delta f_t \cdot f_t (1 - f_t) \cdot h_{t-1}", "correct", None),
    (DLSCRATCH, "grad_W_hi", r"\sum_{t} \frac{d_{L}}{d_{i_t}} i_t (1-i_t) h_{t-1}", "correct", None),
    (NUMPY, "grad_W_y", "Sum(dy_t*y_t*(1 - y_t)*h_t, (t, 1, T))", "correct", None),
    (GFG, "grad_h_general", r"W^y y_t(1-y_t) \nabla y_t + W^{hf} \sigma'(W^{hf}h_t + W^{xf}X_{t+1} + W_0^f) \nabla f_{t+1} + W^{hi} i_{t+1}(1-i_{t+1}) \nabla i_{t+1} + W^{ho} o_{t+1}(1-o_{t+1}) \nabla o_{t+1} + W^{hc}(1-\tilde{C}_{t+1}^2) \nabla \tilde{C}_{t+1}", "correct", None),

    # ---------------------------------------------------------------- wrong, with the reason
    # sigma' applied to the gate value (sigmoid'(o_t) read as sigma'(o_t))
    (CRAN, "grad_W_ho", r"\sum_t \delta o_t \cdot \sigma(o_t)(1-\sigma(o_t)) \cdot h_{t-1}", "incorrect", "sigma_of_gate_value"),
    (CRAN, "grad_W_hf", r"\sum_t \delta f_t \cdot \sigma(f_t)(1-\sigma(f_t)) \cdot h_{t-1}", "incorrect", "sigma_of_gate_value"),
    # the gradient of the pre-activation given for the gate
    (NUMPY, "grad_o_general", "dh_t*tanh(C_t)*o_t*(1 - o_t)", "incorrect", "pre_activation_gradient"),
    (NUMPY, "grad_f_general", "dC_t*C_tm1*f_t*(1 - f_t)", "incorrect", "pre_activation_gradient"),
    (NUMPY, "grad_i_general", "dC_t*Ctilde_t*i_t*(1 - i_t)", "incorrect", "pre_activation_gradient"),
    (NUMPY, "grad_Ctilde_general", "dC_t*i_t*(1 - Ctilde_t**2)", "incorrect", "pre_activation_gradient"),
    (SENTI, "grad_o_last", "delta_h_t*tanh(C_t)*o_t*(1 - o_t)", "incorrect", "pre_activation_gradient"),
    # the reverse: sigma' left out of a weight gradient
    (DLSCRATCH, "grad_W_hi", r"\sum_{t} \frac{d_{L}}{d_{i_t}} h_{t-1}", "incorrect", "missing_sigma_prime"),
    (DLSCRATCH, "grad_W_hf", r"\sum_{t} \frac{d_{L}}{d_{f_t}} h_{t-1}", "incorrect", "missing_sigma_prime"),
    (GFG, "grad_W_y", r"\sum_t \frac{dE}{dy_t} h_t", "incorrect", "missing_sigma_prime"),
    # tanh' written in the sigmoid's form
    (DLSCRATCH, "grad_W_hc", r"\sum_t \frac{d_L}{d_{\tilde{C}_t}} \tilde{C}_t (1-\tilde{C}_t) h_{t-1}", "incorrect", "tanh_prime_as_sigma_prime"),
    # tanh' around the whole sum dh + dc_next
    (NUMPY, "grad_C_general", "o_t*(1 - tanh(C_t)**2)*(dh_t + f_tp1*dC_tp1)", "incorrect", "derivative_on_sum"),
    (COURSERA, "grad_C_general", r"(dh_t \cdot o_t + dc_{t+1} \cdot f_{t+1}) (1 - \tanh(c_t)^2)", "incorrect", "derivative_on_sum"),
    (SENTI, "grad_C_general", "(delta_C_tp1*f_tp1 + delta_h_t)*o_t*(1 - tanh(C_t)**2)", "incorrect", "derivative_on_sum"),
    # the cell's own step for the forget factor
    (CRAN, "grad_C_general", r"\delta h_t \cdot o_t \cdot (1 - tanh^2(c_t)) + \delta c_{t+1} \cdot f_t", "incorrect", "time_index"),
    (NUMPY, "grad_f_general", "(dh_t*o_t*(1 - tanh(C_t)**2) + dC_tp1*f_t)*C_tm1", "incorrect", "time_index"),
    (NUMPY, "grad_i_general", "(dh_t*o_t*(1 - tanh(C_t)**2) + dC_tp1*f_t)*Ctilde_t", "incorrect", "time_index"),
    (DSSE, "grad_Ctilde_general", "(dh_t*o_t*(1 - tanh(C_t)**2) + dC_tp1*f_t)*i_t", "incorrect", "time_index"),
    # the previous cell where this one belongs
    (EEYORE, "grad_C_general", r"\frac{\partial L}{\partial h_t} o_t (1 - \tanh^2(c_{t-1})) + \frac{\partial L}{\partial c_{t+1}} f_{t+1}", "incorrect", "time_index"),
    (GFG, "grad_f_last", r"\frac{dE}{dh_t} o_t (1 - \tanh^2(C_t)) C_t", "incorrect", "time_index"),
    # last-step forms at a general step (the t+1 term dropped), alone and inside
    (DLSCRATCH, "grad_C_general", r"\frac{d_{L}}{d_{h_t}} o_t (1-tanh(C_t)^2)", "incorrect", "explained"),
    (DLSCRATCH, "grad_f_general", r"\frac{d_{L}}{d_{h_t}} o_t (1-tanh(C_t)^2) C_{t-1}", "incorrect", "last_step_form_inside"),
    (DLSCRATCH, "grad_i_general", r"\frac{d_{L}}{d_{h_t}} o_t (1-tanh(C_t)^2) \tilde{C}_t", "incorrect", "last_step_form_inside"),
    (DLSCRATCH, "grad_Ctilde_general", r"\frac{d_{L}}{d_{h_t}} o_t (1-tanh(C_t)^2) i_t", "incorrect", "last_step_form_inside"),
    (VINTELLX, "grad_h_general", r"W^y y_t (1-y_t) \nabla y_t", "incorrect", "explained"),
    # a sum over time with wrong limits
    (CRAN, "grad_W_hf", r"\sum_{t=1}^{T-1} \delta f_t \cdot f_t (1 - f_t) \cdot h_{t-1}", "incorrect", "sum_limits"),
    (DLSCRATCH, "grad_W_hi", r"\sum_{t=2}^{T} \frac{d_{L}}{d_{i_t}} i_t (1-i_t) h_{t-1}", "incorrect", "sum_limits"),
    (NUMPY, "grad_W_y", "Sum(dy_t*y_t*(1 - y_t)*h_t, (t, 1, T - 1))", "incorrect", "sum_limits"),
    (GFG, "grad_W_hi", r"\sum_{t=2}^{T-1} \nabla i_t i_t (1-i_t) h_{t-1}", "incorrect", "sum_limits"),
    # no sum at all for a shared weight
    (COURSERA, "grad_W_hi", r"di_t \cdot i_t (1-i_t) \cdot h_{t-1}", "incorrect", "missing_sum"),
    (GFG, "grad_W_y", r"\frac{dE}{dy_t} y_t(1-y_t) h_t", "incorrect", "missing_sum"),
    # a sign or a square wrong in tanh'
    (QUESBA, "grad_C_last", r"\delta h_t \, o_t (1 - \tanh(C_t))^2", "incorrect", "tanh_prime_square_of_difference"),
    (EEYORE, "grad_C_last", r"\frac{\partial L}{\partial h_t} o_t (1 - \tanh(c_t))", "incorrect", "tanh_prime_not_squared"),
    (VINTELLX, "grad_o_last", r"-\frac{\partial L}{\partial h_t} \tanh(C_t)", "incorrect", "sign"),
    # tanh' taken at tanh's output (tanh'(tanh(c_t)))
    (CRAN, "grad_C_last", r"\delta h_t \cdot o_t \cdot (1 - \tanh^2(\tanh(c_t)))", "incorrect", "tanh_of_tanh_value"),
    # another quantity of the same step, or h_t for the tanh inside it
    (DSSE, "grad_i_general", "dC_t*C_t", "incorrect", "wrong_quantity"),
    (EEYORE, "grad_Ctilde_general", r"\frac{\partial L}{\partial c_t} f_t", "incorrect", "wrong_quantity"),
    (SENTI, "grad_C_last", "delta_h_t*o_t*(1 - h_t**2)", "incorrect", "node_for_its_tanh"),
    # sigma' written as a square
    (QUESBA, "grad_h_last", r"\delta y_t \, y_t^2 W^y", "incorrect", "sigma_prime_squared"),
]
