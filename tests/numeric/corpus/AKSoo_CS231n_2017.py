# Source: https://github.com/AKSoo/CS231n-2017 (assignment3/cs231n/rnn_layers.py, commit 07e1861c98100010f9441c3ed4d1116408d7743c)
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
    f = prev_h.dot(Wh) + x.dot(Wx) + b
    next_h = np.tanh(f)

    cache = (x, prev_h, Wx, Wh, next_h)
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
    x, prev_h, Wx, Wh, next_h = cache

    df = dnext_h * (1 - next_h**2) # N,H

    db = np.sum(df, axis=0)
    dx = df.dot(Wx.T)
    dprev_h = df.dot(Wh.T)
    dWx = x.T.dot(df)
    dWh = prev_h.T.dot(df)

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
    x = x.transpose(1, 0, 2)
    T = x.shape[0]
    N, H = h0.shape

    h = np.zeros((T, N, H))
    cache = [None] * T

    prev_h = h0
    for t in range(T):
        h[t], cache[t] = rnn_step_forward(x[t], prev_h, Wx, Wh, b)
        prev_h = h[t]

    h = h.transpose(1, 0, 2)
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
    dh = dh.transpose(1, 0, 2)
    T, N, H = dh.shape
    D = cache[0][0].shape[1]

    dx = np.zeros((T, N, D))
    dcurr_h = np.zeros((N, H))
    dWx = np.zeros((D, H))
    dWh = np.zeros((H, H))
    db = np.zeros(H)

    for t in reversed(range(T)):
        dx[t], dcurr_h, dcurr_Wx, dcurr_Wh, dcurr_b = rnn_step_backward(
                dcurr_h + dh[t], cache[t])
        dWx += dcurr_Wx
        dWh += dcurr_Wh
        db += dcurr_b

    dx = dx.transpose(1, 0, 2)
    dh0 = dcurr_h
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
    a = np.split(x.dot(Wx) + prev_h.dot(Wh) + b, 4, axis = 1)
    i = sigmoid(a[0])
    f = sigmoid(a[1])
    o = sigmoid(a[2])
    g = np.tanh(a[3])

    next_c = f * prev_c + i * g
    next_c_act = np.tanh(next_c)
    next_h = o * next_c_act

    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c_act)
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
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c_act = cache

    do = dnext_h * next_c_act # N,H
    dnext_c_act = dnext_h * o
    dnext_c += dnext_c_act * (1 - next_c_act**2)

    df = dnext_c * prev_c # N,H
    dprev_c = dnext_c * f
    di = dnext_c * g # N,H
    dg = dnext_c * i # N,H

    da = []
    da.append(di * i * (1 - i))
    da.append(df * f * (1 - f))
    da.append(do * o * (1 - o))
    da.append(dg * (1 - g*g))
    da = np.hstack(da) # N,4H

    dx = da.dot(Wx.T)
    dWx = x.T.dot(da)
    dprev_h = da.dot(Wh.T)
    dWh = prev_h.T.dot(da)
    db = np.sum(da, axis=0)

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
    x = x.transpose(1, 0, 2)
    T = x.shape[0]
    N, H = h0.shape

    h = np.zeros((T, N, H))
    cache = [None] * T

    prev_c = np.zeros((N, H))
    prev_h = h0
    for t in range(T):
        h[t], prev_c, cache[t] = lstm_step_forward(x[t], prev_h, prev_c, Wx, Wh, b)
        prev_h = h[t]

    h = h.transpose(1, 0, 2)
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
    dh = dh.transpose(1, 0, 2)
    T, N, H = dh.shape
    D = cache[0][0].shape[1]

    dx = np.zeros((T, N, D))
    dcurr_h = np.zeros((N, H))
    dcurr_c = np.zeros((N, H))
    dWx = np.zeros((D, 4*H))
    dWh = np.zeros((H, 4*H))
    db = np.zeros(4*H)

    for t in reversed(range(T)):
        dx[t], dcurr_h, dcurr_c, dcurr_Wx, dcurr_Wh, dcurr_b = lstm_step_backward(
                dcurr_h + dh[t], dcurr_c, cache[t])
        dWx += dcurr_Wx
        dWh += dcurr_Wh
        db += dcurr_b

    dh0 = dcurr_h
    dx = dx.transpose(1, 0, 2)
    return dx, dh0, dWx, dWh, db
