# Source: https://github.com/BingyuZhou/CNNStanford (assignment3/cs231n/rnn_layers.py, commit a9395b56d72c7d1e1aa6c0e2b00a1fa1dcde25d5)
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
    ##########################################################################
    # TODO: Implement a single forward step for the vanilla RNN. Store the next  #
    # hidden state and any values you need for the backward pass in the next_h   #
    # and cache variables respectively.                                          #
    ##########################################################################
    linear_sum = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    next_h = np.tanh(linear_sum)
    cache = (x, prev_h, Wx, Wh, next_h)
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################
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
    ##########################################################################
    # TODO: Implement the backward pass for a single step of a vanilla RNN.      #
    #                                                                            #
    # HINT: For the tanh function, you can compute the local derivative in terms #
    # of the output value from tanh.                                             #
    ##########################################################################
    x, prev_h, Wx, Wh, next_h = cache
    dlinear_sum = 1 - next_h**2
    out = dnext_h * dlinear_sum
    dx = np.dot(out, Wx.T)
    dprev_h = np.dot(out, Wh.T)
    dWx = np.dot(x.T, out)
    dWh = np.dot(prev_h.T, out)
    db = np.sum(out, axis=0)
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################
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
    ##########################################################################
    # TODO: Implement forward pass for a vanilla RNN running on a sequence of    #
    # input data. You should use the rnn_step_forward function that you defined  #
    # above. You can use a for loop to help compute the forward pass.            #
    ##########################################################################
    N, T, _ = x.shape
    _, H = h0.shape
    prev_h = h0
    cache = []
    h = np.zeros((N, T, H))
    for i in range(T):
        next_h, _ = rnn_step_forward(x[:, i, :], prev_h, Wx, Wh, b)
        prev_h = next_h
        h[:, i, :] = next_h
    cache = (x, h0, Wx, Wh, h)
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################
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
    ##########################################################################
    # TODO: Implement the backward pass for a vanilla RNN running an entire      #
    # sequence of data. You should use the rnn_step_backward function that you   #
    # defined above. You can use a for loop to help compute the backward pass.   #
    ##########################################################################
    N, T, H = dh.shape
    dprev_h = np.zeros((N, H))
    x, h0, Wx, Wh, h = cache
    dx = np.zeros_like(x)
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros((H))
    h = np.insert(h, 0, h0, axis=1)
    for i in range(T, 0, -1):
        cache_i = (x[:, i - 1, :], h[:, i - 1, :], Wx, Wh, h[:, i, :])
        dx[:, i - 1, :], dprev_h, dWx_i, dWh_i, db_i = rnn_step_backward(
            dh[:, i - 1, :] + dprev_h, cache_i)
        dWx += dWx_i
        dWh += dWh_i
        db += db_i
    dh0 = dprev_h
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################
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
    ##########################################################################
    # TODO: Implement the forward pass for a single timestep of an LSTM.        #
    # You may want to use the numerically stable sigmoid implementation above.  #
    ##########################################################################
    activation = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    N, H = activation.shape
    a_i = activation[:, :H // 4]
    a_f = activation[:, H // 4:H // 2]
    a_o = activation[:, H // 2:H * 3 // 4]
    a_g = activation[:, H * 3 // 4:]

    i = sigmoid(a_i)
    f = sigmoid(a_f)
    o = sigmoid(a_o)
    g = np.tanh(a_g)

    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)

    cache = (i, f, o, g, next_c, prev_c, x, prev_h, Wx, Wh)
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################

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
    dx, dprev_h, dprev_c, dWx, dWh, db = None, None, None, None, None, None
    ##########################################################################
    # TODO: Implement the backward pass for a single timestep of an LSTM.       #
    #                                                                           #
    # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
    # the output value from the nonlinearity.                                   #
    ##########################################################################
    i, f, o, g, next_c, prev_c, x, prev_h, Wx, Wh = cache
    N, D = x.shape
    dnext_h_next_c = (1 - np.tanh(next_c)**2) * o * dnext_h
    dprev_c_next_c = f * dnext_c
    dprev_c_next_h = f * dnext_h_next_c

    dprev_c = dprev_c_next_c + dprev_c_next_h

    dai_next_c = i * (1 - i) * g * (dnext_c + dnext_h_next_c)
    daf_next_c = f * (1 - f) * prev_c * (dnext_c + dnext_h_next_c)
    dao_next_h = o * (1 - o) * np.tanh(next_c) * dnext_h
    dag_next_c = (1 - g**2) * i * (dnext_c + dnext_h_next_c)

    stack = np.concatenate((x, prev_h), axis=1)
    d_activation = np.concatenate(
        (dai_next_c, daf_next_c, dao_next_h, dag_next_c), axis=1)
    dW = np.dot(stack.T, d_activation)
    dWx = dW[:D, :]
    dWh = dW[D:, :]
    db = np.sum(d_activation, axis=0)

    W = np.concatenate((Wx, Wh), axis=0)
    dxh = np.dot(d_activation, W.T)
    dx = dxh[:, :D]
    dprev_h = dxh[:, D:]

    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################

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
    ##########################################################################
    # TODO: Implement the forward pass for an LSTM over an entire timeseries.   #
    # You should use the lstm_step_forward function that you just defined.      #
    ##########################################################################

    N, T, D = x.shape
    _, H = h0.shape
    prev_h = h0
    prev_c = np.zeros_like(h0)
    cache = []
    h = np.zeros((N, T, H))
    for i in range(T):
        x_i = x[:, i, :]
        next_h, next_c, c = lstm_step_forward(x_i, prev_h, prev_c, Wx, Wh, b)
        prev_h = next_h
        prev_c = next_c
        cache.append(c)
        h[:, i, :] = next_h
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################

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
    ##########################################################################
    # TODO: Implement the backward pass for an LSTM over an entire timeseries.  #
    # You should use the lstm_step_backward function that you just defined.     #
    ##########################################################################
    N, T, H = dh.shape
    x = cache[0][6]
    _, D = x.shape
    dprev_h = np.zeros((N, H))
    dnext_c = np.zeros((N, H))
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, 4 * H))
    dWh = np.zeros((H, 4 * H))
    db = np.zeros((4 * H,))
    for i in range(T - 1, -1, -1):
        c = cache[i]
        dnext_h = dprev_h + dh[:, i, :]
        dxi, dprev_h, dprev_c, dWxi, dWhi, dbi = lstm_step_backward(
            dnext_h, dnext_c, c)

        dnext_c = dprev_c
        dx[:, i, :] = dxi
        dWx += dWxi
        dWh += dWhi
        db += dbi
    dh0 = dprev_h
    ##########################################################################
    #                               END OF YOUR CODE                             #
    ##########################################################################

    return dx, dh0, dWx, dWh, db
