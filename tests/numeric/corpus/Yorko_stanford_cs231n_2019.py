# Source: https://github.com/Yorko/stanford_cs231n_2019 (cs231n/rnn_layers.py, commit a8cc3bff356579f5eafa80b69ad4d953b25b4c1a)
# Student code under its authors' licence, kept unchanged as a test fixture;
# only the functions the grader checks (and helpers they call) are kept.
from __future__ import print_function, division


from builtins import range


import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """
    Run the forward pass for a single timestep of a vanilla RNN that uses a tanh
    activation function.

    The input data has dimension D, the hidden state has dimension H, and we use
    a minibatch size of N.

    Inputs:
    - x: Input data for this timestep, of shape (N, D).
    - prev_h: Hidden state from previous timestep, of shape (N, H)
    - Wx: Weight matrix for input-to-hidden connections, of shape (D, H)
    - Wh: Weight matrix for hidden-to-hidden connections, of shape (H, H)
    - b: Biases of shape (H,)

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H)
    - cache: Tuple of values needed for the backward pass.
    """
    ##############################################################################
    # TODO: Implement a single forward step for the vanilla RNN. Store the next  #
    # hidden state and any values you need for the backward pass in the next_h   #
    # and cache variables respectively.                                          #
    ##############################################################################

    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    cache = (x, prev_h, next_h, Wx, Wh, b)
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    """
    Backward pass for a single timestep of a vanilla RNN.

    Inputs:
    - dnext_h: Gradient of loss with respect to next hidden state, of shape (N, H)
    - cache: Cache object from the forward pass

    Returns a tuple of:
    - dx: Gradients of input data, of shape (N, D)
    - dprev_h: Gradients of previous hidden state, of shape (N, H)
    - dWx: Gradients of input-to-hidden weights, of shape (D, H)
    - dWh: Gradients of hidden-to-hidden weights, of shape (H, H)
    - db: Gradients of bias vector, of shape (H,)
    """
    dx, dprev_h, dWx, dWh, db = None, None, None, None, None
    ##############################################################################
    # TODO: Implement the backward pass for a single step of a vanilla RNN.      #
    #                                                                            #
    # HINT: For the tanh function, you can compute the local derivative in terms #
    # of the output value from tanh.                                             #
    ##############################################################################

    x, prev_h, next_h, Wx, Wh, b = cache

    dnext_h_preact = dnext_h * (1 - next_h ** 2)

    dx = dnext_h_preact.dot(Wx.T)
    dWx = x.T.dot(dnext_h_preact)

    dWh = prev_h.T.dot(dnext_h_preact)
    dprev_h = dnext_h_preact.dot(Wh.T)

    db = dnext_h_preact.sum(axis=0)

    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    """
    Run a vanilla RNN forward on an entire sequence of data. We assume an input
    sequence composed of T vectors, each of dimension D. The RNN uses a hidden
    size of H, and we work over a minibatch containing N sequences. After running
    the RNN forward, we return the hidden states for all timesteps.

    Inputs:
    - x: Input data for the entire timeseries, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H)
    - Wx: Weight matrix for input-to-hidden connections, of shape (D, H)
    - Wh: Weight matrix for hidden-to-hidden connections, of shape (H, H)
    - b: Biases of shape (H,)

    Returns a tuple of:
    - h: Hidden states for the entire timeseries, of shape (N, T, H).
    - cache: Values needed in the backward pass
    """
    ##############################################################################
    # TODO: Implement forward pass for a vanilla RNN running on a sequence of    #
    # input data. You should use the rnn_step_forward function that you defined  #
    # above. You can use a for loop to help compute the forward pass.            #
    ##############################################################################

    N, T, D = x.shape
    _, H = h0.shape

    cache = []
    h = np.zeros([N, T, H])
    prev_h = h0

    for t in range(T):
        next_h, curr_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)

        h[:, t, :] = next_h
        prev_h = next_h
        cache.append(curr_cache)
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################
    return h, cache


def rnn_backward(dh, cache):
    """
    Compute the backward pass for a vanilla RNN over an entire sequence of data.

    Inputs:
    - dh: Upstream gradients of all hidden states, of shape (N, T, H). 
    
    NOTE: 'dh' contains the upstream gradients produced by the 
    individual loss functions at each timestep, *not* the gradients
    being passed between timesteps (which you'll have to compute yourself
    by calling rnn_step_backward in a loop).

    Returns a tuple of:
    - dx: Gradient of inputs, of shape (N, T, D)
    - dh0: Gradient of initial hidden state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, H)
    - db: Gradient of biases, of shape (H,)
    """
    ##############################################################################
    # TODO: Implement the backward pass for a vanilla RNN running an entire      #
    # sequence of data. You should use the rnn_step_backward function that you   #
    # defined above. You can use a for loop to help compute the backward pass.   #
    ##############################################################################
    N, T, H = dh.shape

    # we need to somehow infer D, will grab it from cache (ugly)
    x1 = cache[0][0]
    D = x1.shape[1]
    # initializing gradients w.r.t. inputs, weight matrices and biases
    dx = np.zeros([N, T, D])
    dWx = np.zeros([D, H])
    dWh = np.zeros([H, H])
    db = np.zeros(H)
    # also initializing gradient from the next hidden state with zeros
    dnext_h = np.zeros([N, H])

    for t in list(range(T))[::-1]:
        # grad current cache and upstream gradient from loss
        curr_cache = cache[t]
        curr_grad_from_y = dh[:, t, :]

        # upstream gradient from hidden state is a sum of gradient from loss
        # and gradient from the hidden state to the right
        curr_upstream_grad = curr_grad_from_y + dnext_h

        # perform backward step
        curr_dx, curr_dprev_h, curr_dWx, curr_dWh, curr_db = rnn_step_backward(curr_upstream_grad, curr_cache)

        # save current gradient w.r.t. to input
        dx[:, t, :] = curr_dx
        # update gradients w.r.t. to weight matrices and biases
        dWx += curr_dWx
        dWh += curr_dWh
        db += curr_db
        # update gradient from the next hidden state
        dnext_h = curr_dprev_h

    # gradient w.r.t to the initial hidden state
    dh0 = dnext_h
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################
    return dx, dh0, dWx, dWh, db


def sigmoid(x):
    """
    A numerically stable version of the logistic sigmoid function.
    """
    pos_mask = (x >= 0)
    neg_mask = (x < 0)
    z = np.zeros_like(x)
    z[pos_mask] = np.exp(-x[pos_mask])
    z[neg_mask] = np.exp(x[neg_mask])
    top = np.ones_like(x)
    top[neg_mask] = z[neg_mask]
    return top / (1 + z)


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """
    Forward pass for a single timestep of an LSTM.

    The input data has dimension D, the hidden state has dimension H, and we use
    a minibatch size of N.

    Note that a sigmoid() function has already been provided for you in this file.

    Inputs:
    - x: Input data, of shape (N, D)
    - prev_h: Previous hidden state, of shape (N, H)
    - prev_c: previous cell state, of shape (N, H)
    - Wx: Input-to-hidden weights, of shape (D, 4H)
    - Wh: Hidden-to-hidden weights, of shape (H, 4H)
    - b: Biases, of shape (4H,)

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H)
    - next_c: Next cell state, of shape (N, H)
    - cache: Tuple of values needed for backward pass.
    """
    #############################################################################
    # TODO: Implement the forward pass for a single timestep of an LSTM.        #
    # You may want to use the numerically stable sigmoid implementation above.  #
    #############################################################################

    N, H = prev_h.shape

    # activations
    A = x.dot(Wx) + prev_h.dot(Wh) + b

    # gates
    input_gate, forget_gate = sigmoid(A[:, :H]), sigmoid(A[:, H:2*H])
    output_gate, block_gate = sigmoid(A[:, 2*H:3*H]), np.tanh(A[:, 3*H:])

    # next cell state
    next_c = forget_gate * prev_c + input_gate * block_gate

    # next hidden state
    next_h = output_gate * np.tanh(next_c)

    cache = (input_gate, forget_gate, output_gate, block_gate, next_c, prev_c, Wx, Wh, x, prev_h)
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    """
    Backward pass for a single timestep of an LSTM.

    Inputs:
    - dnext_h: Gradients of next hidden state, of shape (N, H)
    - dnext_c: Gradients of next cell state, of shape (N, H)
    - cache: Values from the forward pass

    Returns a tuple of:
    - dx: Gradient of input data, of shape (N, D)
    - dprev_h: Gradient of previous hidden state, of shape (N, H)
    - dprev_c: Gradient of previous cell state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, 4H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, 4H)
    - db: Gradient of biases, of shape (4H,)
    """
    #############################################################################
    # TODO: Implement the backward pass for a single timestep of an LSTM.       #
    #                                                                           #
    # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
    # the output value from the nonlinearity.                                   #
    #############################################################################

    input_gate, forget_gate, output_gate, block_gate, next_c, prev_c, Wx, Wh, x, prev_h = cache

    # there's one more gradient of loss coming from the next hidden state
    dnext_c += dnext_h * output_gate * (1 - np.tanh(next_c) ** 2)

    # loss grad w.r.t. to previous cell state
    dprev_c = dnext_c * forget_gate

    # loss grad w.r.t. to input gate
    grad_input = dnext_c * block_gate

    # loss grad w.r.t. to forget gate
    grad_forget = dnext_c * prev_c

    # loss grad w.r.t. to output gate
    grad_output = dnext_h * np.tanh(next_c)

    # loss grad w.r.t. to block gate
    grad_block = dnext_c * input_gate

    # loss grad w.r.t. to input gate activations
    grad_a_i = grad_input * input_gate * (1 - input_gate)

    # loss grad w.r.t. to forget gate activations
    grad_a_f = grad_forget * forget_gate * (1 - forget_gate)

    # loss grad w.r.t. to output gate activations
    grad_a_o = grad_output * output_gate * (1 - output_gate)

    # loss grad w.r.t. to block gate activations
    grad_a_g = grad_block * (1 - block_gate ** 2)

    # loss grad w.r.t. to activations
    grad_a = np.concatenate([grad_a_i, grad_a_f, grad_a_o, grad_a_g], axis=1)

    # loss grad w.r.t. to input data
    dx = grad_a.dot(Wx.T)

    # loss grad w.r.t. to Wx
    dWx = x.T.dot(grad_a)

    # loss grad w.r.t. to previous hidden state
    dprev_h = grad_a.dot(Wh.T)

    # loss grad w.r.t. to Wx
    dWh = prev_h.T.dot(grad_a)

    # loss grad w.r.t. to biases
    db = grad_a.sum(axis=0)

    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x, h0, Wx, Wh, b):
    """
    Forward pass for an LSTM over an entire sequence of data. We assume an input
    sequence composed of T vectors, each of dimension D. The LSTM uses a hidden
    size of H, and we work over a minibatch containing N sequences. After running
    the LSTM forward, we return the hidden states for all timesteps.

    Note that the initial cell state is passed as input, but the initial cell
    state is set to zero. Also note that the cell state is not returned; it is
    an internal variable to the LSTM and is not accessed from outside.

    Inputs:
    - x: Input data of shape (N, T, D)
    - h0: Initial hidden state of shape (N, H)
    - Wx: Weights for input-to-hidden connections, of shape (D, 4H)
    - Wh: Weights for hidden-to-hidden connections, of shape (H, 4H)
    - b: Biases of shape (4H,)

    Returns a tuple of:
    - h: Hidden states for all timesteps of all sequences, of shape (N, T, H)
    - cache: Values needed for the backward pass.
    """
    #############################################################################
    # TODO: Implement the forward pass for an LSTM over an entire timeseries.   #
    # You should use the lstm_step_forward function that you just defined.      #
    #############################################################################
    N, T, D = x.shape
    _, H = h0.shape

    cache = []
    h = np.zeros([N, T, H])
    prev_h = h0
    prev_c = np.zeros([N, H])

    for t in range(T):
        next_h, next_c, curr_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)

        h[:, t, :] = next_h
        prev_h = next_h
        prev_c = next_c
        cache.append(curr_cache)
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return h, cache


def lstm_backward(dh, cache):
    """
    Backward pass for an LSTM over an entire sequence of data.]

    Inputs:
    - dh: Upstream gradients of hidden states, of shape (N, T, H)
    - cache: Values from the forward pass

    Returns a tuple of:
    - dx: Gradient of input data of shape (N, T, D)
    - dh0: Gradient of initial hidden state of shape (N, H)
    - dWx: Gradient of input-to-hidden weight matrix of shape (D, 4H)
    - dWh: Gradient of hidden-to-hidden weight matrix of shape (H, 4H)
    - db: Gradient of biases, of shape (4H,)
    """
    #############################################################################
    # TODO: Implement the backward pass for an LSTM over an entire timeseries.  #
    # You should use the lstm_step_backward function that you just defined.     #
    #############################################################################
    N, T, H = dh.shape

    # we need to somehow infer D, will grab it from cache (ugly)
    x1 = cache[0][-2]
    D = x1.shape[1]
    # initializing gradients w.r.t. inputs, weight matrices and biases
    dx = np.zeros([N, T, D])
    dWx = np.zeros([D, 4 * H])
    dWh = np.zeros([H, 4 * H])
    db = np.zeros(4 * H)
    # also initializing gradients from the next hidden state amd from the next cell state with zeros
    dnext_h = np.zeros([N, H])
    dnext_c = np.zeros([N, H])

    for t in list(range(T))[::-1]:
        # grad current cache and upstream gradient from loss
        curr_cache = cache[t]
        curr_grad_from_y = dh[:, t, :]

        # upstream gradient from hidden state is a sum of gradient from loss
        # and gradient from the hidden state to the right
        curr_upstream_grad = curr_grad_from_y + dnext_h

        # perform backward step
        curr_dx, curr_dprev_h, curr_dprev_c, curr_dWx, curr_dWh, curr_db = \
        lstm_step_backward(curr_upstream_grad, dnext_c, curr_cache)

        # save current gradient w.r.t. to input
        dx[:, t, :] = curr_dx
        # update gradients w.r.t. to weight matrices and biases
        dWx += curr_dWx
        dWh += curr_dWh
        db += curr_db
        # update gradients from the next hidden state and the next cell state
        dnext_h = curr_dprev_h
        dnext_c = curr_dprev_c

    # gradient w.r.t to the initial hidden state
    dh0 = dnext_h
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dh0, dWx, dWh, db
