# Source: https://github.com/FengYen-Chang/cs231-assignment-3 (cs231n/rnn_layers.py, commit a45f55a16236618d296c128d62c41ea435537bbb)
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
  
  #pass
  #self.h = np.tanh(np.dot(self.W_hh, self.h) + np.dot(self.W_xh, x))
  
  next_h = np.tanh((prev_h.dot(Wh) + b) + x.dot(Wx))
  cache = (x, prev_h, Wx, Wh, b, next_h)
  
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
  
  x, prev_h, Wx, Wh, b, next_h = cache
  #pass
  dnext_h = (1 - next_h * next_h) * dnext_h
  db = np.sum(dnext_h, axis=0, keepdims=True)
  dprev_h = dnext_h.dot(Wh.T)
  dx = dnext_h.dot(Wx.T)
  dWx = x.T.dot(dnext_h)
  dWh = prev_h.T.dot(dnext_h)
  db = db.reshape(db.shape[0] * db.shape[1])

  #print db.shape

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
  
  #pass
  N, T, D = x.shape
  H = Wh.shape[0]
  swap_x = x.swapaxes(0, 1)
  h = np.zeros(N * T * H)
  h = h.reshape(T, N, H)
  for i in range(T):
    _x = swap_x[i, :, :]
    if i == 0 :
      h[i, :, :], _ = rnn_step_forward(_x, h0, Wx, Wh, b)
    else :
      h[i, :, :], _ = rnn_step_forward(_x, h[(i - 1), :, :], Wx, Wh, b)
  h = h.swapaxes(0, 1)
  cache = (x, h0, Wx, Wh, b, h)

  #print h.shape
   

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
  
  #pass
  x, h0, Wx, Wh, b, h = cache
  x_swap = x.swapaxes(0, 1)
  dh_swap = dh.swapaxes(0, 1)
  h = h.swapaxes(0, 1)
  N, T, H = x.shape
  dx = np.zeros(x_swap.shape)
  dWh = np.zeros(Wh.shape)
  dWx = np.zeros(Wx.shape)
  db = np.zeros(b.shape)

  d_h = np.zeros(h0.shape)

  for i in range(T) : 
    if i == (T - 1):
      _cache = (x_swap[(T - 1 - i), :, :], h0, Wx, Wh, b, h[(T - 1 - i), :, :])
      d_x, dh0, _dWx, _dWh, _db = rnn_step_backward((dh_swap[(T - 1 - i), :, :] + d_h), _cache)
    else : 
      _cache = (x_swap[(T - 1 - i), :, :], h[(T - 2 - i), :, :],Wx, Wh, b, h[(T - 1 - i), :, :])
      d_x, d_h, _dWx, _dWh, _db = rnn_step_backward((dh_swap[(T - 1 - i), :, :] + d_h), _cache)
    #dh_swap[(T - 2 - i), :, :] += d_h
    dx[(T - 1 - i) ,: , :] = d_x
    dWh += _dWh
    dWx += _dWx
    db += _db

  dx = dx.swapaxes(0, 1)

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
  
  #pass

  _, H = prev_h.shape

  a = x.dot(Wx) + prev_h.dot(Wh) + b
  i, f, o, g = sigmoid(a[:, 0: H]), sigmoid(a[:, H: 2 * H]), sigmoid(a[:, 2 * H: 3 * H]), np.tanh(a[:, 3 * H: 4 * H])

  next_c = f * prev_c + i * g
  next_h = o * np.tanh(next_c)

  cache = (x, prev_h, prev_c, i, f, o, g, next_c, Wx, Wh, b)

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
  
  #pass
  x, prev_h, prev_c, i, f, o, g, next_c, Wx, Wh, b = cache
  
  do = dnext_h * np.tanh(next_c)
  dnext_c += (1 - np.tanh(next_c) * np.tanh(next_c)) * o * dnext_h

  df = dnext_c * prev_c
  dprev_c = dnext_c * f
  di = dnext_c * g
  dg = dnext_c * i

  do = o * (1 - o) * do
  df = f * (1 - f) * df
  di = i * (1 - i) * di
  dg = (1 - g * g) * dg

  N, H = dnext_h.shape
  _H = 4 * H

  da = np.zeros(N * _H).reshape(N, _H)
  da[:, 0: H], da[:, H: 2 * H], da[:, 2 * H: 3 * H], da[:, 3 * H: 4 * H] = di, df, do, dg

  dx = da.dot(Wx.T)
  dWx = x.T.dot(da)
  dprev_h = da.dot(Wh.T)
  dWh = prev_h.T.dot(da)
  db = np.sum(da, axis=0, keepdims=True)

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
  
  #pass
  
  N, T, D = x.shape
  _, H = h0.shape
  cache = [None] * T

  x_swap = x.swapaxes(0, 1)

  prev_h = h0
  prev_c = np.zeros(h0.shape)

  h = np.zeros(N * T * H).reshape(T, N, H)

  for i in range(T) :
    _x = x_swap[i, :, :]
    prev_h, prev_c, cache[i] = lstm_step_forward(_x, prev_h, prev_c, Wx, Wh, b)
    h[i, :, :] = prev_h

  h = h.swapaxes(0, 1)

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
  
  #pass

  N, T, H = dh.shape
  dnext_c = np.zeros(N * H).reshape(N, H)

  x, _, _, _, _, _, _, _, _, _, _ = cache[0]
  _, D = x.shape
  dx = np.zeros(N * T * D).reshape(T, N, D)
  dh_swap = dh.swapaxes(0, 1)

  _dprev_h = np.zeros(N * H).reshape(N, H)
  _dprev_c = np.zeros(N * H).reshape(N, H)
  dWx = np.zeros(4 * D * H).reshape(D, 4 * H)
  dWh = np.zeros(4 * H * H).reshape(H, 4 * H)
  db = np.zeros(4 * H).reshape(1, 4 * H)

  for i in range(T) :
    dnext_h = dh_swap[(T - 1 - i), :, :]
    _dx, _dprev_h, _dprev_c, _dWx, _dWh, _db =  lstm_step_backward(dnext_h + _dprev_h, dnext_c + _dprev_c, cache[T - 1 - i])
    dx[(T - 1 - i), :, :] = _dx
    dWx += _dWx
    dWh += _dWh
    db += _db

  db = db.reshape(4 * H)
  dx = dx.swapaxes(0, 1)
  dh0 = _dprev_h  

  ##############################################################################
  #                               END OF YOUR CODE                             #
  ##############################################################################
  
  return dx, dh0, dWx, dWh, db
