# Source: https://github.com/Constannnnnt/Deep-Learning-for-Computer-Vision (assignment3/cs231n/rnn_layers.py, commit 07f9db14af95c3f77350adf9a156634cf740cda0)
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
    next_h, cache = None, None
    ##############################################################################
    # TODO: Implement a single forward step for the vanilla RNN. Store the next  #
    # hidden state and any values you need for the backward pass in the next_h   #
    # and cache variables respectively.                                          #
    ##############################################################################
    h_v = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    h_1 = np.exp(h_v) - 1. / np.exp(h_v)
    h_2 = np.exp(h_v) + 1. / np.exp(h_v)
    next_h = h_1 / h_2
    cache = (next_h, x, Wx, prev_h, Wh, b)
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    """
    Backward pass for a single timestep of a vanilla RNN.

    Inputs:
    - dnext_h: Gradient of loss with respect to next hidden state
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
    next_h, x, Wx, prev_h, Wh, b = cache
    dtanh = (1.0 - next_h * next_h) * dnext_h;
    db = np.sum(dtanh, axis = 0)
    dWh = np.dot(prev_h.T, dtanh)
    dWx = np.dot(x.T, dtanh)
    dprev_h = np.dot(dtanh, Wh.T)
    dx = np.dot(dtanh, Wx.T)
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
    h, cache = None, None
    ##############################################################################
    # TODO: Implement forward pass for a vanilla RNN running on a sequence of    #
    # input data. You should use the rnn_step_forward function that you defined  #
    # above. You can use a for loop to help compute the forward pass.            #
    ##############################################################################
    N, T, D = x.shape
    H = h0.shape[1]
    cache = []
    h = np.zeros((N, T, H))
    for t in range(T):
        if t == 0:
            h[:, t, :], tcache = rnn_step_forward(x[:, t, :], h0, Wx, Wh, b)
        else:
            h[:, t, :], tcache = rnn_step_forward(x[:, t, :], h[:, t-1, :], Wx, Wh, b)
        cache.append(tcache)

    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################
    return h, cache


def rnn_backward(dh, cache):
    """
    Compute the backward pass for a vanilla RNN over an entire sequence of data.

    Inputs:
    - dh: Upstream gradients of all hidden states, of shape (N, T, H)

    Returns a tuple of:
    - dx: Gradient of inputs, of shape (N, T, D)
    - dh0: Gradient of initial hidden state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, H)
    - db: Gradient of biases, of shape (H,)
    """
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    ##############################################################################
    # TODO: Implement the backward pass for a vanilla RNN running an entire      #
    # sequence of data. You should use the rnn_step_backward function that you   #
    # defined above. You can use a for loop to help compute the backward pass.   #
    ##############################################################################
    N, T, H = dh.shape
    next_h, x, Wx, prev_h, Wh, b = cache[0]
    D = x.shape[1]
    dx = np.zeros((N, T, D))
    dh0 = np.zeros((N, H))
    dWx = np.zeros((D, H))
    dWh = np.zeros((H, H))
    db = np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dxt, dprev_h, dWxt, dWht, dbt = rnn_step_backward(dh[:, t, :] + dprev_h, cache[t])
        dx[:, t, :] += dxt
        dWx += dWxt
        dWh += dWht
        db += dbt
    dh0 = dprev_h
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
    next_h, next_c, cache = None, None, None
    #############################################################################
    # TODO: Implement the forward pass for a single timestep of an LSTM.        #
    # You may want to use the numerically stable sigmoid implementation above.  #
    #############################################################################
    H = prev_h.shape[1]
    h_v = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    # compute the gate
    ai = h_v[:, :H]
    af = h_v[:, H: 2 * H]
    ao = h_v[:, 2 * H: 3 * H]
    ag = h_v[:, 3 * H: 4 * H]
    # compute the activation funciton
    i = sigmoid(ai)
    f = sigmoid(af)
    o = sigmoid(ao)
    # g_1 = np.exp(ag) - 1. / np.exp(ag)
    # g_2 = np.exp(ag) + 1. / np.exp(ag)
    g = np.tanh(ag)
    # compute the next cell state
    next_c = f * prev_c + i * g
    # compute the next hidden state
    # next_c_1 = np.exp(next_c) - 1. / np.exp(next_c)
    # next_c_2 = np.exp(next_c) + 1. / np.exp(next_c)
    tanh_next_c = np.tanh(next_c)
    next_h = o * tanh_next_c
    cache = ai, af, ao, ag, i, f, o, g, next_c, next_h, prev_c, prev_h, x, Wx, Wh, b, tanh_next_c
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
    dx, dh, dc, dWx, dWh, db = None, None, None, None, None, None
    #############################################################################
    # TODO: Implement the backward pass for a single timestep of an LSTM.       #
    #                                                                           #
    # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
    # the output value from the nonlinearity.                                   #
    #############################################################################
    ai, af, ao, ag, i, f, o, g, next_c, next_h, prev_c, prev_h, x, Wx, Wh, b, tanh_next_c= cache
    do = tanh_next_c * dnext_h
    dnext_c += o * (1.0 - tanh_next_c * tanh_next_c) * dnext_h

    df = prev_c * dnext_c
    dprev_c = dnext_c * f
    di = g * dnext_c
    dg = i * dnext_c

    dai = sigmoid(ai) * (1.0 - sigmoid(ai)) * di
    daf = sigmoid(af) * (1.0 - sigmoid(af)) * df
    dao = sigmoid(ao) * (1.0 - sigmoid(ao)) * do
    dag = (1.0 - g * g) * dg

    dh_v = np.hstack((dai, daf, dao, dag))

    db = np.sum(dh_v, axis = 0)
    dWh = np.dot(prev_h.T, dh_v)
    dWx = np.dot(x.T, dh_v)
    dprev_h = np.dot(dh_v, Wh.T)
    dx = np.dot(dh_v, Wx.T)
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
    h, cache = None, None
    #############################################################################
    # TODO: Implement the forward pass for an LSTM over an entire timeseries.   #
    # You should use the lstm_step_forward function that you just defined.      #
    #############################################################################
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    cache = []

    prev_h = h0
    prev_c = np.zeros(prev_h.shape)

    for t in range(T):
        if t == 0:
            h[:, t, :], next_c, cache_next = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        else:
            prev_h = h[:, t - 1, :]
            prev_c = next_c
            h[:, t, :], next_c, cache_next = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        cache.append(cache_next)
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
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    #############################################################################
    # TODO: Implement the backward pass for an LSTM over an entire timeseries.  #
    # You should use the lstm_step_backward function that you just defined.     #
    #############################################################################
    N, T, H = dh.shape
    ai, af, ao, ag, i, f, o, g, next_c, next_h, prev_c, prev_h, x, Wx, Wh, b, tanh_next_c = cache[0]
    D = x.shape[1]

    dx = np.zeros((N, T, D))
    dh0 = np.zeros((N, H))
    dWx = np.zeros((D, 4 * H))
    dWh = np.zeros((H, 4 * H))
    db = np.zeros((4 * H))

    dprev_c = np.zeros(prev_c.shape)
    dprev_h = np.zeros(prev_h.shape)

    for t in reversed(range(T)):
        dcurrent_h = dh[:, t, :] + dprev_h
        dcurrent_c = dprev_c
        dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(
            dcurrent_h, dcurrent_c, cache[t])
        dx[:, t, :] += dx_t
        dh0 = dprev_h
        dWh += dWh_t
        dWx += dWx_t
        db += db_t
    
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dh0, dWx, dWh, db
