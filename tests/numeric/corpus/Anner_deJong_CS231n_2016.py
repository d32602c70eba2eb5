# Source: https://github.com/Anner-deJong/CS231n_2016 (assignment3/cs231n/rnn_layers.py, commit 787850b816e69ae5e5ac18ded1e376dbaa5fbebe)
# Student code under its authors' licence, kept unchanged as a test fixture;
# only the functions the grader checks (and helpers they call) are kept.
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
  
  unact  = np.dot(x,Wx) + np.dot(prev_h,Wh) + b
  next_h = np.tanh(unact)
  cache  = x, prev_h, Wx, Wh, unact
  
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
  - dWx: Gradients of input-to-hidden weights, of shape (N, H)
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
  
  x, prev_h, Wx, Wh, c = cache
  
  d_c     = np.multiply(dnext_h, 1.0 - np.tanh(c)**2)
  db      = np.sum(d_c, axis=0)
  dWh     = np.dot(prev_h.transpose(), d_c )
  dWx     = np.dot(     x.transpose(), d_c )
  dprev_h = np.dot(d_c,     Wh.transpose() )
  dx      = np.dot(d_c,     Wx.transpose() )
  
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
  # above.                                                                     #
  ##############################################################################
  
  N, T, D =  x.shape
  _, H    = h0.shape
  
  cache   = {}
  h       = np.zeros((N, T, H))
  
  h[:, 0, :], cache[0] = rnn_step_forward(x[:, 0, :], h0, Wx, Wh, b)
  
  for t in range(1, T):
    h[:, t, :], cache[t] = rnn_step_forward(x[:, t, :], h[:, t-1, :], Wx, Wh, b)
  
  cache['size'] = (N, T, H, D)
  
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
  # defined above.                                                             #
  ##############################################################################
  
  # retrieving shapes
  (N, T, H, D) = cache['size']
  
  # initializing
  dprev_h = np.zeros((N, H))
  dx      = np.zeros((N, T, D))
  dWx     = np.zeros((D, H))
  dWh     = np.zeros((H, H))
  db      = np.zeros((H,  ))
  
  # for loop over t states
  for t in reversed(range(0, T)):
    dnext_h  = dprev_h + dh[:, t, :]
    dx[:,t,:], dprev_h, d_Wx, d_Wh, d_b = rnn_step_backward(dnext_h, cache[t])
    dWx += d_Wx
    dWh += d_Wh
    db  += d_b
  
  # initial hidden state derivatives
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
  
  # retrieving shapes
  _, H = prev_h.shape
  
  # calculate activated gates
  unact  = np.dot(x,Wx) + np.dot(prev_h,Wh) + b
  act_i  = sigmoid(unact[:, 0*H:1*H])
  act_f  = sigmoid(unact[:, 1*H:2*H])
  act_o  = sigmoid(unact[:, 2*H:3*H])
  act_g  = np.tanh(unact[:, 3*H:4*H])
  
  # calculate next values
  next_c = np.multiply(act_f, prev_c)     +     np.multiply(act_i, act_g)
  next_h = np.multiply(act_o, np.tanh(next_c))
  
  cache  = x, prev_h, Wx, Wh, act_i, act_f, act_o, act_g, prev_c, next_c
  
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
  
  # retrieve cache, shapes, initialisation
  x, prev_h, Wx, Wh, act_i, act_f, act_o, act_g, prev_c, next_c = cache
  N, H     = dnext_h.shape
  d_unact  = np.zeros((N, 4*H))
  
  # derivative cell state
  dnext_c += (dnext_h * act_o)  *  (1.0 - np.tanh(next_c)**2)
  dprev_c  = dnext_c * act_f
  
  # derivative (un)activation functions
  d_unact[:, 3*H:4*H] = dnext_c * act_i           *      (1.0 - act_g**2)  # derivative act_g
  d_unact[:, 2*H:3*H] = dnext_h * np.tanh(next_c) * act_o * (1.0 - act_o)  # derivative act_o
  d_unact[:, 1*H:2*H] = dnext_c * prev_c          * act_f * (1.0 - act_f)  # derivative act_f
  d_unact[:, 0*H:1*H] = dnext_c * act_g           * act_i * (1.0 - act_i)  # derivative act_i
  
  # derivative main input
  db      = np.sum(d_unact, axis=0)
  dWh     = np.dot(prev_h.transpose(), d_unact )
  dWx     = np.dot(     x.transpose(), d_unact )
  dprev_h = np.dot(d_unact,     Wh.transpose() )
  dx      = np.dot(d_unact,     Wx.transpose() )
  
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
  
  Note that the initial hidden state is passed as input, but the initial cell
  state is set to zero. Also note that the cell state is not returned; it is
  an internal variable to the LSTM and is not accessed from outside.
  
  Inputs:
  - x:  Input data of shape (N, T, D)
  - h0: Initial hidden state of shape (N, H)
  - Wx: Weights for input-to-hidden connections, of shape (D, 4H)
  - Wh: Weights for hidden-to-hidden connections, of shape (H, 4H)
  - b:  Biases of shape (4H,)
  
  Returns a tuple of:
  - h:  Hidden states for all timesteps of all sequences, of shape (N, T, H)
  - cache: Values needed for the backward pass.
  """
  h, cache = None, None
  #############################################################################
  # TODO: Implement the forward pass for an LSTM over an entire timeseries.   #
  # You should use the lstm_step_forward function that you just defined.      #
  #############################################################################
  
  # shapes
  N, T, D =  x.shape
  _, H    = h0.shape
  
  # initialisation
  cache   = {}
  c0      = np.zeros_like(h0)
  h       = np.zeros((N, T, H))
  c       = np.zeros((N, T, H))
  
  # iteration 0
  h[:, 0, :], c[:, 0, :], cache[0] = lstm_step_forward(x[:, 0, :], h0, c0, Wx, Wh, b)
  
  # for loop running over iteration 1 to T
  for t in range(1, T):
    h[:, t, :], c[:, t, :], cache[t] = lstm_step_forward(x[:, t, :], h[:, t-1, :], c[:, t-1, :], Wx, Wh, b)
  
  # store sizes in cache
  cache['size'] = (N, T, H, D)
  
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
  - dx:  Gradient of input data of shape (N, T, D)
  - dh0: Gradient of initial hidden state of shape (N, H)
  - dWx: Gradient of input-to-hidden weight matrix of shape (D, 4H)
  - dWh: Gradient of hidden-to-hidden weight matrix of shape (H, 4H)
  - db:  Gradient of biases, of shape (4H,)
  """
  dx, dh0, dWx, dWh, db = None, None, None, None, None
  #############################################################################
  # TODO: Implement the backward pass for an LSTM over an entire timeseries.  #
  # You should use the lstm_step_backward function that you just defined.     #
  #############################################################################
  
  # retrieving shapes
  (N, T, H, D) = cache['size']
  
  # initializing
  dprev_h = np.zeros((  N,    H))
  dprev_c = np.zeros((  N,    H))
  dx      = np.zeros((  N, T, D))
  dWx     = np.zeros((  D, 4* H))
  dWh     = np.zeros((  H, 4* H))
  db      = np.zeros((4*H,     ))
  
  # for loop over t states
  for t in reversed(range(0, T)):
    dnext_h = dprev_h + dh[:, t, :]
    dnext_c = dprev_c
    dx[:,t,:], dprev_h, dprev_c, d_Wx, d_Wh, d_b = lstm_step_backward(dnext_h, dnext_c, cache[t])
    dWx    += d_Wx
    dWh    += d_Wh
    db     += d_b
  
  # initial hidden state derivatives
  dh0 = dprev_h 
  
  ##############################################################################
  #                               END OF YOUR CODE                             #
  ##############################################################################
  
  return dx, dh0, dWx, dWh, db
