# Source: https://github.com/FengyangZhang/CS231nAssignment3 (cs231n/rnn_layers.py, commit c5840a2499ce6eeef3711cd50bd8f302b363b10e)
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
  N, D = x.shape
  H = Wx.shape[1]
  # calculate next h, don't forget the tanh
  next_h = np.tanh(np.dot(x, Wx) + np.dot(prev_h, Wh) + b)
  cache = (next_h, Wx, Wh, b, x, prev_h)
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
  - dWh: Gradients of hiddenext_h, cachen-to-hidden weights, of shape (H, H)
  - db: Gradients of bias vector, of shape (H,)
  """
  dx, dprev_h, dWx, dWh, db = None, None, None, None, None
  ##############################################################################
  # TODO: Implement the backward pass for a single step of a vanilla RNN.      #
  #                                                                            #
  # HINT: For the tanh function, you can compute the local derivative in terms #
  # of the output value from tanh.                                             #
  ##############################################################################
  next_h, Wx, Wh, b, x, prev_h = cache
  N = next_h.shape[0]
  D, H = Wx.shape
  
  dx = np.zeros((N, D))
  dprev_h = np.zeros((N, H))
  dWx = np.zeros((D, H))
  dWh = np.zeros((H, H))
  db = np.zeros((H,))

  # derivative of the tanh function 
  next_h = np.tanh(np.dot(x, Wx) + np.dot(prev_h, Wh) + b)
  dh_raw = (1 - next_h * next_h) * dnext_h
    
  db = np.sum(dh_raw, axis = 0)
  dprev_h = np.dot(dh_raw, Wh.T)
  dWx = np.dot(x.T, dh_raw)
  dWh = np.dot(prev_h.T, dh_raw)
  dx = np.dot(dh_raw, Wx.T)  
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
  N, T, D = x.shape
  _, H = h0.shape
  h = np.zeros((N, T, H))
  h_interm = h0
  cache = []
  for i in xrange(T):    
    h[:, i, :], cache_sub = rnn_step_forward(x[:, i, :], h_interm, Wx, Wh, b) 
    h_interm = h[:, i, :]    
    cache.append(cache_sub)
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
  ##############################################################################
  next_h, Wx, Wh, b, x, prev_h = cache[-1]
  _, D = x.shape
  N, T, H = dh.shape
  dx = np.zeros((N, T, D))
  dh0 = np.zeros((N, H))
  dWx = np.zeros((D, H))
  dWh = np.zeros((H, H))
  db = np.zeros(H)
  dprev_h=np.zeros((N, H))
  for i in xrange(T-1, -1, -1):
    dx_, dprev_h, dWx_, dWh_, db_ = rnn_step_backward(dh[:, i, :] + dprev_h, cache.pop())
    dx[:, i, :] = dx_
    dWx += dWx_
    dWh += dWh_
    db += db_
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
  out = top / (1 + z)
  cache = (out)
    
  return out, cache


def sigmoid_backward(dout, cache):
    
  out = cache
  dsig = (1 - out) * out * dout

  return dsig


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
  N, D = x.shape
  H = prev_h.shape[1]
  next_h, next_c, cache = None, None, None
  # activation vector
  a = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
  # separate to four vectors
  a_i = a[:, :H]
  a_f = a[:, H:2*H]
  a_o = a[:, 2*H:3*H]
  a_g = a[:, 3*H:]
  # compute four gates
  i, cache_i = sigmoid(a_i)
  f, cache_f = sigmoid(a_f)
  o, cache_o = sigmoid(a_o)
  g = np.tanh(a_g)
  # compute cell state and hidden state
  next_c = f * prev_c + i * g
  next_h = o * np.tanh(next_c)
  cache = (x, prev_h, prev_c, next_c, Wx, Wh, b, a, i, f, o, g, a_g, cache_i, cache_f, cache_o)

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

  dprev_h = None
  N, H = dnext_h.shape

  x, prev_h, prev_c, next_c, Wx, Wh, b, a, i, f, o, g, a_g, cache_i, cache_f, cache_o = cache

  do = dnext_h * np.tanh(next_c)
  dtanh_nextc = dnext_h * o
  dnext_c_h = (1 - (np.tanh(next_c) ** 2)) * dtanh_nextc

  dnc = dnext_c + dnext_c_h

  di = dnc * g
  dg = dnc * i

  dprev_c = dnc * f
  df = dnc * prev_c

  da_i = sigmoid_backward(di, cache_i)
  da_f = sigmoid_backward(df, cache_f)
  da_o = sigmoid_backward(do, cache_o)
  da_g = (1 - np.tanh(a_g) ** 2) * dg

  da = np.zeros_like(a)
  da[:, :H] = da_i
  da[:, H:2*H] = da_f
  da[:, 2*H:3*H] = da_o
  da[:, 3*H:] = da_g
  dx = da.dot(Wx.T)
  dWx = x.T.dot(da)

  dWh = prev_h.T.dot(da)
  dprev_h = da.dot(Wh.T)

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
  h, cache = None, None
  #############################################################################
  N, T, D = x.shape
  _, H = h0.shape
  h = np.zeros((N, T, H))
  c_interm = np.zeros((N, H))
  h_interm = h0
  cache = []
  for i in xrange(T):    
    h[:, i, :], c_interm, cache_sub = lstm_step_forward(x[:, i, :], h_interm, c_interm, Wx, Wh, b) 
    h_interm = h[:, i, :]    
    cache.append(cache_sub)
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
  ##############################################################################
  x, prev_h, prev_c, next_c, Wx, Wh, b, a, i, f, o, g, a_g, cache_i, cache_f, cache_o = cache[-1]
  _, D = x.shape
  N, T, H = dh.shape
  dx = np.zeros((N, T, D))
  dh0 = np.zeros((N, H))
  dWx = np.zeros((D, 4*H))
  dWh = np.zeros((H, 4*H))
  db = np.zeros(4*H)
  dprev_h = np.zeros((N, H))
  dprev_c = np.zeros((N, H))
  for i in xrange(T-1, -1, -1):
    dx_, dprev_h, dprev_c, dWx_, dWh_, db_ = lstm_step_backward(dh[:, i, :] + dprev_h, dprev_c, cache.pop())
    dx[:, i, :] = dx_
    dWx += dWx_
    dWh += dWh_
    db += db_
  dh0 = dprev_h
  ##############################################################################
  
  return dx, dh0, dWx, dWh, db
