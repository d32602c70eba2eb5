# Source: https://github.com/0a1c/cs231n (assignment3/cs231n/rnn_layers.py, commit b3d104021a4f486b83b87a3271fc141344ac9685)
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
    a1 = prev_h.dot(Wh) + x.dot(Wx) + b
    next_h = np.tanh(a1)
    cache = x, prev_h, Wx, Wh, b, next_h, a1
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
    x, prev_h, Wx, Wh, b, next_h, a1 = cache
    ##############################################################################
    # TODO: Implement the backward pass for a single step of a vanilla RNN.      #
    #                                                                            #
    # HINT: For the tanh function, you can compute the local derivative in terms #
    # of the output value from tanh.                                             #
    ##############################################################################
    base = (1. / np.cosh(a1)) ** 2 * dnext_h
    # base is size N x H
    db = np.sum(base, axis=0)
#    dprev_h = dnext_h * (base.dot(Wh))
    dprev_h = base.dot(Wh.T) 
    dWh = prev_h.T.dot(base) 
    dx = base.dot(Wx.T)
    dWx = x.T.dot(base)
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
    N, T, D = x.shape
    N, H = h0.shape

    h = np.zeros((N, T, H))
    cache = {}
    h[:, 0, :] = h0
    next_h = None
    ##############################################################################
    # TODO: Implement forward pass for a vanilla RNN running on a sequence of    #
    # input data. You should use the rnn_step_forward function that you defined  #
    # above. You can use a for loop to help compute the forward pass.            #
    ##############################################################################
    for i in range(T):
        x_sub = x[:, i, :]
        prev_h = next_h
        if i == 0: prev_h = h0
        next_h, fcache = rnn_step_forward(x_sub, prev_h, Wx, Wh, b) 
        h[:, i, :] = next_h
        cache[i] = fcache
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

    N, T, H = dh.shape
    x, prev_h, Wx, Wh, b, next_h, a1 = cache[0]
    N, D = x.shape
     
    dx = np.zeros((N, T, D))
    dh0 = np.zeros((N, H))
    dWx = np.zeros((D, H))
    dWh = np.zeros((H, H))
    db = np.zeros(H)

    dprev_h = np.zeros((N, H)) 
    ##############################################################################
    # TODO: Implement the backward pass for a vanilla RNN running an entire      #
    # sequence of data. You should use the rnn_step_backward function that you   #
    # defined above. You can use a for loop to help compute the backward pass.   #
    ##############################################################################
    
    for i in reversed(range(T)):
#    for i in range(T):
        fcache = cache[i]
        dh_current = dh[:, i, :] + dprev_h 
        tdx, dprev_h, tdWx, tdWh, tdb = rnn_step_backward(dh_current, fcache)
        dx[:, i, :] = tdx
    
        db += tdb
        dWx += tdWx
        dWh += tdWh
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


def sigmoid_prime(x):
    return sigmoid(x) * (1 - sigmoid(x))


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
    N, H = prev_h.shape
    a = prev_h.dot(Wh) + x.dot(Wx) + b
    a_i = a[:, :H]
    a_f = a[:, H:2*H]
    a_o = a[:, 2*H:3*H]
    a_g = a[:, 3*H:]
    
    i = sigmoid(a_i)
    f = sigmoid(a_f)
    o = sigmoid(a_o)
    g = np.tanh(a_g)

    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)

    cache = x, prev_h, prev_c, Wx, Wh, b, a, a_i, a_f, a_o, a_g, i, f, o, g, next_c 
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
    dx, dprev_h, dprev_c, dWx, dWh, db = None, None, None, None, None, None
    x, prev_h, prev_c, Wx, Wh, b, a, a_i, a_f, a_o, a_g, i, f, o, g, next_c = cache 
    #############################################################################
    # TODO: Implement the backward pass for a single timestep of an LSTM.       #
    #                                                                           #
    # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
    # the output value from the nonlinearity.                                   #
    #############################################################################
    dprev_c_temp = dnext_h * o * ((1. / np.cosh(next_c)) ** 2) * f 
    dprev_c = dprev_c_temp + dnext_c * f

    b1 = i * ((1. / np.cosh(a_g)) ** 2) 
    b2 = prev_c * sigmoid_prime(a_f)
    b3 = g * sigmoid_prime(a_i)
    a1 = o * ((1. / np.cosh(next_c)) ** 2) #* (b1 + b2 + b3)
    a2 = np.tanh(next_c) * sigmoid_prime(a_o) * dnext_h
    
    b1_temp = b1 * a1 * dnext_h
    b2_temp = b2 * a1 * dnext_h
    b3_temp = b3 * a1 * dnext_h

    base = np.hstack((b3_temp, b2_temp, a2, b1_temp))

    b3 *= dnext_c
    b2 *= dnext_c
    b1 *= dnext_c
    a2_sub = np.zeros(b3.shape)
    base2 = np.hstack((b3, b2, a2_sub, b1))
    base += base2


    dWh = prev_h.T.dot(base)
    dprev_h = base.dot(Wh.T) 
    dx = base.dot(Wx.T)
    dWx = x.T.dot(base)
    db = np.sum(base, axis=0)
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
    N, T, D = x.shape
    N, H = h0.shape

    h = np.zeros((N, T, H))
    cache = {}
    h[:, 0, :] = h0
    next_h = h0 
    next_c = np.zeros((N, H))
    #############################################################################
    # TODO: Implement the forward pass for an LSTM over an entire timeseries.   #
    # You should use the lstm_step_forward function that you just defined.      #
    #############################################################################
    for i in range(T):
        x_sub = x[:, i, :]
        prev_h = next_h
        prev_c = next_c

        next_h, next_c, fcache = lstm_step_forward(x_sub, prev_h, prev_c, Wx, Wh, b) 
        h[:, i, :] = next_h
        cache[i] = fcache
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

    N, T, H = dh.shape
    N, D = cache[0][0].shape
     
    dx = np.zeros((N, T, D))
    dh0 = np.zeros((N, H))
    dWx = np.zeros((D, 4*H))
    dWh = np.zeros((H, 4*H))
    db = np.zeros(4*H)
    dprev_c = np.zeros((N, H))

    dprev_h = np.zeros((N, H)) 
    #############################################################################
    # TODO: Implement the backward pass for an LSTM over an entire timeseries.  #
    # You should use the lstm_step_backward function that you just defined.     #
    #############################################################################
   # def lstm_step_backward(dnext_h, dnext_c, cache):
    #return dx, dprev_h, dprev_c, dWx, dWh, db
    for i in reversed(range(T)):
#    for i in range(T):
        fcache = cache[i]
        dh_current = dh[:, i, :] + dprev_h 
        tdx, dprev_h, dprev_c, tdWx, tdWh, tdb = lstm_step_backward(dh_current, dprev_c, fcache)
        dx[:, i, :] = tdx
    
        db += tdb
        dWx += tdWx
        dWh += tdWh
    dh0 = dprev_h
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dh0, dWx, dWh, db
