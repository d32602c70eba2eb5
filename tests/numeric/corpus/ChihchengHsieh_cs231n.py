# Source: https://github.com/ChihchengHsieh/cs231n (assignment3/cs231n/rnn_layers.py, commit dbe8a540748890c319506a872113ea59ebffeb33)
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
    
    forward= (np.dot(x,Wx) + np.dot(prev_h,Wh)+b)
    next_h = np.tanh(forward)
    cache = (forward, x, prev_h, Wx, Wh, b)
    pass
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
    (forward,x, prev_h, Wx, Wh, b) = cache
    
    dforward = (1- (np.tanh(forward)**2))*dnext_h
    db = np.sum(dforward, axis=0)
    dprev_h = np.dot(dforward,Wh.T)
    dWh = np.dot(prev_h.T,dforward)
    dWx = np.dot(x.T,dforward)
    dx = np.dot(dforward,Wx.T)
  
    
    pass
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
    N,T,D = x.shape
    
    _,H = h0.shape
    h= np.zeros((N,T,H))
    
    cache=[]

    for i in range(T):
        if i ==0:
            h[:,i,:], cache_next = rnn_step_forward(x[:,i,:], h0, Wx, Wh, b)
        else:
            h[:,i,:], cache_next = rnn_step_forward(x[:,i,:], h[:,i-1,:], Wx, Wh, b)
        cache.append(cache_next)

    # The h store every hiiden state, but it uses the last h[:,-1,:] to generate the next layer
    # Therefore, every layer generate an output
    pass
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
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    ##############################################################################
    # TODO: Implement the backward pass for a vanilla RNN running an entire      #
    # sequence of data. You should use the rnn_step_backward function that you   #
    # defined above. You can use a for loop to help compute the backward pass.   #
    ##############################################################################
    D = cache[0][1].shape[1]
    
    N,T,H=dh.shape
    
    dx = np.zeros((N,T,D))
    dh0 = np.zeros((N,H))
    dWx = np.zeros((D,H))
    dWh = np.zeros((H,H))
    db = np.zeros(H)
    
    dh_prev_t = np.zeros((dh[:,0,:].shape))
    
    for i in reversed(range(T)):
        dh_current= dh[:,i,:] + dh_prev_t
        dx_t, dh_prev_t, dWx_t, dWh_t, db_t =rnn_step_backward(dh_current, cache[i])
        dx[:,i,:] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
        
    dh0 = dh_prev_t
    
    
    pass
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
    next_h, next_c, cache = None, None, None
    #############################################################################
    # TODO: Implement the forward pass for a single timestep of an LSTM.        #
    # You may want to use the numerically stable sigmoid implementation above.  #
    #############################################################################
    _,H = prev_h.shape 
    
    a = np.dot(x,Wx)+np.dot(prev_h,Wh)+b
    #shape a = (N,4H)
    
    i = sigmoid(a[:,:H])
    f = sigmoid(a[:,H:2*H])
    o = sigmoid(a[:,2*H:3*H])
    g = np.tanh(a[:,3*H:])
    
    next_c = f*prev_c + i*g
    tanh_c = np.tanh(next_c)
    next_h = o*tanh_c 
    
    cache = a,x,Wx, Wh, b,i,f,o,g, next_h, next_c,prev_c,prev_h,tanh_c 
    pass
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
    #############################################################################
    # TODO: Implement the backward pass for a single timestep of an LSTM.       #
    #                                                                           #
    # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
    # the output value from the nonlinearity.                                   #
    #############################################################################
    N,H =dnext_h.shape
    
    da = np.zeros((N,4*H))
    do = np.zeros((N,H))
    
    a,x,Wx, Wh, b,i,f,o,g ,next_h, next_c,prev_c,prev_h,tanh_c = cache 
    
    dtanh_c = o* dnext_h
    do += np.tanh(next_c)* dnext_h
    dnext_c += dtanh_c*(1- tanh_c**2)
    dprev_c = f*dnext_c
    df =  prev_c* dnext_c
    di = g*dnext_c
    dg = i*dnext_c
    
    da[:,:H] += di*(i*(1-i))
    da[:,H:2*H] += df*(f*(1-f))
    da[:,2*H:3*H] += do*(o*(1-o))
    da[:,3*H:] += dg*(1-g**2)
    
    '''
    - x: Input data, of shape (N, D)
    - prev_h: Previous hidden state, of shape (N, H)
    - Wx: Input-to-hidden weights, of shape (D, 4H)
    - Wh: Hidden-to-hidden weights, of shape (H, 4H)
    - shape a = (N,4H)
    '''
    
    dWx = np.dot(x.T,da) 
    dprev_h = np.dot(da,Wh.T)#wrong
    dx = np.dot(da,Wx.T) #wrong
    dWh = np.dot(prev_h.T,da) 
    db = np.sum(da,axis=0)
    
    pass

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
    
    N,T,D = x.shape
    _,H = h0.shape
    c0 = np.zeros((N,H))
    _,H = h0.shape
    h= np.zeros((N,T,H))
    c= np.zeros((N,T,H))
    cache=[]

    for i in range(T):
        if i ==0:   
            h[:,i,:], c[:,i,:], cache_next = lstm_step_forward(x[:,i,:], h0, c0, Wx, Wh, b)
        else:    
            h[:,i,:], c[:,i,:], cache_next = lstm_step_forward(x[:,i,:], h[:,i-1,:], c[:,i-1,:], Wx, Wh, b)
        cache.append(cache_next)
    
    
    
    pass
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
    #a,x,Wx, Wh, b,i,f,o,g, next_h, next_c,prev_c,prev_h,tanh_c
    _,D =cache[0][1].shape
    N,T,H = dh.shape
    dWx = np.zeros((D,4*H))
    dx = np.zeros((N,T,D))
    dWh = np.zeros((H,4*H))
    db =np.zeros((4*H))
    
    dnext_c= np.zeros((N,H))
    dnext_h= np.zeros((N,H)) # why it's zero in here?
    for i in reversed(range(T)):
        dx[:,i,:], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dnext_h + dh[:,i,:], dnext_c, cache[i])
        dnext_h = dprev_h
        dnext_c = dprev_c
        dWx+= dWx_t
        dWh+= dWh_t
        db+=db_t
    dh0 = dprev_h
        
    pass
    ##############################################################################
    #                               END OF YOUR CODE                             #
    ##############################################################################

    return dx, dh0, dWx, dWh, db
