# Source: https://github.com/SJTUqizhenlin/CS231nAssignment3 (cs231n/rnn_layers.py, commit 00be575d66d67d0e808c191b2877e62cf3b9301b)
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
    next_h = np.matmul(x, Wx) + np.matmul(prev_h, Wh) + b 
    next_h = np.tanh(next_h)
    cache = {}
    cache["x"] = x 
    cache["Wx"] = Wx 
    cache["prev_h"] = prev_h 
    cache["Wh"] = Wh 
    cache["b"] = b 
    cache["next_h"] = next_h
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
    d1 = 1 - np.square(cache["next_h"])
    d1 = np.multiply(d1, dnext_h)
    db = np.sum(d1, axis=0)
    dx = np.matmul(d1, np.transpose(cache["Wx"]))
    dWx = np.matmul(np.transpose(cache["x"]), d1)
    dprev_h = np.matmul(d1, np.transpose(cache["Wh"]))
    dWh = np.matmul(np.transpose(cache["prev_h"]), d1)
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
    ht = h0 
    h = np.zeros((x.shape[0], x.shape[1], h0.shape[1]))
    cache = []
    for i in range(x.shape[1]):
        ht, cachet = rnn_step_forward(x[:,i,:], ht, Wx, Wh, b)
        h[:,i,:] = ht 
        cache.append(cachet)
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
    dx = np.zeros((cache[0]["x"].shape[0], dh.shape[1], cache[0]["x"].shape[1]))
    dWx = np.zeros(cache[0]["Wx"].shape)
    dWh = np.zeros(cache[0]["Wh"].shape)
    db = np.zeros(cache[0]["b"].shape)
    dht = np.zeros((dh.shape[0], dh.shape[2]))
    for i in range(dh.shape[1] - 1, -1, -1):
        dht = dht + dh[:,i,:]
        dxt, dht, dWxt, dWht, dbt = rnn_step_backward(dht, cache[i])
        dx[:,i,:] = dxt 
        dWx = dWx + dWxt
        dWh = dWh + dWht 
        db = db + dbt
    dh0 = dht 
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
    stuff = np.matmul(x, Wx) + np.matmul(prev_h, Wh) + b 
    iPart = sigmoid(stuff[:,0:H])
    fPart = sigmoid(stuff[:,H:H*2])
    oPart = sigmoid(stuff[:,H*2:H*3])
    gPart = np.tanh(stuff[:,H*3:H*4])
    next_c = fPart * prev_c + iPart * gPart
    next_h = oPart * np.tanh(next_c)
    cache = {}
    cache["prev_h"] = prev_h 
    cache["prev_c"] = prev_c 
    cache["nect_h"] = next_h 
    cache["next_c"] = next_c 
    cache["oPart"] = oPart 
    cache["fPart"] = fPart  
    cache["iPart"] = iPart 
    cache["gPart"] = gPart 
    cache["x"] = x 
    cache["Wh"] = Wh 
    cache["Wx"] = Wx 
    cache["b"] = b 
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
    H = dnext_h.shape[1]
    N = dnext_h.shape[0]
    doPart = dnext_h * np.tanh(cache["next_c"])
    dnext_c = dnext_c + dnext_h * cache["oPart"] * (1 - np.square(np.tanh(cache["next_c"])))
    dfPart = dnext_c * cache["prev_c"]
    dprev_c = dnext_c * cache["fPart"]
    diPart = dnext_c * cache["gPart"]
    dgPart = dnext_c * cache["iPart"]
    dstuff = np.zeros((N, H*4))
    dstuff[:,0:H] = diPart * cache["iPart"] * (1 - cache["iPart"])
    dstuff[:,H:H*2] = dfPart * cache["fPart"] * (1 - cache["fPart"])
    dstuff[:,H*2:H*3] = doPart * cache["oPart"] * (1 - cache["oPart"])
    dstuff[:,H*3:H*4] = dgPart * (1 - np.square(cache["gPart"]))
    dx = np.matmul(dstuff, np.transpose(cache["Wx"]))
    dWx = np.matmul(np.transpose(cache["x"]), dstuff)
    dprev_h = np.matmul(dstuff, np.transpose(cache["Wh"]))
    dWh = np.matmul(np.transpose(cache["prev_h"]), dstuff)
    db = np.sum(dstuff, axis=0)
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

    Note that the initial hiden state is passed as input, but the initial cell
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
    c = np.zeros((N, T, H))
    c0 = np.zeros((N, H))
    cache = []
    for i in range(T):
        cache.append({})
    h[:,0,:], c[:,0,:], cache[0] = lstm_step_forward(x[:,0,:], h0, c0, Wx, Wh, b)
    for i in range(1, T):
        h[:,i,:], c[:,i,:], cache[i] = lstm_step_forward(x[:,i,:], 
            h[:,i-1,:], c[:,i-1,:], Wx, Wh, b)
    if len(cache) != T: 
        print("Oops! Wrong!")
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return h, cache


def lstm_backward(dh, cache):
    """
    Backward pass for an LSTM over an entire sequence of data.

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
    D = cache[0]["x"].shape[1]
    dx = np.zeros((N, T, D))
    dh0 = np.zeros((N, H))
    dWx = np.zeros((D, H*4))
    dWh = np.zeros((H, H*4))
    db = np.zeros(H*4,)
    dc = np.zeros((N, T, H))
    dht = np.zeros((N, H))
    dct = np.zeros((N, H))
    for i in range(T - 1, -1, -1):
        dht = dht + dh[:,i,:]
        dx[:,i,:], dht, dct, dWxt, dWht, dbt = lstm_step_backward(
            dht, dct, cache[i]) 
        dWx = dWx + dWxt
        dWh = dWh + dWht
        db = db + dbt 
    dh0 = dht 
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dh0, dWx, dWh, db
