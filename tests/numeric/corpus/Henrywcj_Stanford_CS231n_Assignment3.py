# Source: https://github.com/Henrywcj/Stanford_CS231n_Assignment3 (cs231n/rnn_layers.py, commit af3e20095f052737b0d56d3948da94e08cbf84c2)
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
    xdotW = x.dot(Wx) # (N, H)
    prev_hdotW = prev_h.dot(Wh) # (N, H)
    net_input = xdotW + prev_hdotW + b # (N, H)
    next_h = np.tanh(net_input) # (N, H)
    cache = (next_h, x, Wx, prev_h, Wh)
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
    next_h, x, Wx, prev_h, Wh = cache
    dnet_input = (1 - next_h**2) * dnext_h # (N, H)
    db = np.sum(dnet_input, axis = 0) #(H, )
    dxdotW = dnet_input #(N, H)
    dprev_hdotW = dnet_input #(N, H)
    dx = np.dot(dxdotW, Wx.T) #(N, H) (H, D) = (N, D)
    dWx = np.dot(x.T, dxdotW) #(D, N) (N, H) = (D, H)
    dprev_h = np.dot(dprev_hdotW, Wh.T) #(N, H) * (H, H) = (N, H)
    dWh = np.dot(prev_h.T, dprev_hdotW)
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
    cache_1 = []
    N, T, D = x.shape
    N, H = h0.shape

    h = np.zeros((N, T, H))
    for i in range(T):
        if i == 0:
            next_h, step_cache = rnn_step_forward(x[:, i, :], h0, Wx, Wh, b)
        else:
            next_h, step_cache = rnn_step_forward(x[:, i, :], h[:, i - 1, :], Wx, Wh, b)
        h[:, i, :] = next_h
        cache_1.append(step_cache)
    cache = (D, cache_1)
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
    D, cache_1 = cache
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, H))
    dWh = np.zeros((H, H))
    db = np.zeros((H, ))
    dprev_h = np.zeros((N, H))
    for i in range(T):
        j = T - i - 1
        cur_h = dprev_h + dh[:, j, :]
        dx[:, j, :], dprev_h, dWx_j, dWh_j, db_j = rnn_step_backward(cur_h, cache_1[j])
        dWx += dWx_j
        dWh += dWh_j 
        db += db_j 
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
    xdotW = x.dot(Wx) # (N, 4H)
    prev_hdotW = prev_h.dot(Wh) # (N, 4H)
    net_input = xdotW + prev_hdotW + b # (N, 4H)

    # Compute 4 gates
    h = net_input.shape[1] // 4
    i = sigmoid(net_input[:, :h])
    f = sigmoid(net_input[:, h:2 * h])
    o = sigmoid(net_input[:, 2 * h:3 * h])
    g = np.tanh(net_input[:, 3 * h:])

    # Compute Next c
    c_1 = f * prev_c 
    c_2 = i * g
    next_c = c_1 + c_2

    # Compute Next h
    next_h = o * np.tanh(next_c)

    cache = (next_c, o, prev_c, f, i, g, x, Wx, prev_h, Wh)
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
    next_c, o, prev_c, f, i, g, x, Wx, prev_h, Wh = cache
    do = np.tanh(next_c) * dnext_h
    dtanh_next_c = o * dnext_h

    dnext_c += (1 - np.square(np.tanh(next_c))) * dtanh_next_c

    dc_1 = dnext_c
    dc_2 = dnext_c
    df = prev_c * dc_1
    dprev_c = f * dc_1 
    dg = i * dc_2
    di = g * dc_2

    daf = f*(1.0 - f) * df
    dai = i*(1.0 - i) * di
    dao = o*(1.0 - o) * do
    dag = (1 - g ** 2) * dg 

    dnet_input = np.concatenate((dai, daf, dao, dag), axis = 1)
    dxdotW = dnet_input
    dprev_hdotW = dnet_input
    db = np.sum(dnet_input, axis = 0)

    dx = np.dot(dxdotW, Wx.T) #(N, 4H) (4H, D) = (N, D)
    dWx = np.dot(x.T, dxdotW) #(D, N) (N, 4H) = (D, 4H)
    dprev_h = np.dot(dprev_hdotW, Wh.T) #(N, 4H) * (4H, H) = (N, H)
    dWh = np.dot(prev_h.T, dprev_hdotW)
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
    N, H = h0.shape
    cache_1 = []

    h = np.zeros((N, T, H))
    next_c = np.zeros((N, H))
    for i in range(T):
        if i == 0: 
            next_h, next_c, step_cache = lstm_step_forward(x[:, i, :], h0, next_c, Wx, Wh, b)
        else:
            next_h, next_c, step_cache = lstm_step_forward(x[:, i, :], h[:, i-1, :], next_c, Wx, Wh, b)
        h[:, i, :] = next_h
        cache_1.append(step_cache)
    cache = (D, cache_1)
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
    D, cache_1 = cache
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, 4 * H))
    dWh = np.zeros((H, 4 * H))
    db = np.zeros((4 * H,))
    dprev_h = np.zeros((N, H))
    dnext_c = np.zeros((N, H))
    for i in range(T):
        j = T - i - 1
        cur_h = dprev_h + dh[:, j, :]
        
        dx[:, j, :], dprev_h, dprev_c, dWx_j, dWh_j, db_j = lstm_step_backward(cur_h, dnext_c, cache_1[j])
        dWx += dWx_j
        dWh += dWh_j
        db += db_j
        dnext_c = dprev_c
    dh0 = dprev_h
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dh0, dWx, dWh, db
