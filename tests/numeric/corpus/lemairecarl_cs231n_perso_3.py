# Source: https://github.com/lemairecarl/cs231n_perso_3 (cs231n/rnn_layers.py, commit 4bff780de2670e3b751c984d49156d4ddb9bb5ae)
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

  inside = x.dot(Wx) + prev_h.dot(Wh) + b
  next_h = np.tanh(inside)

  cache = x, prev_h, Wx, Wh, inside
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
  x, prev_h, Wx, Wh, inside = cache
  dtanh = dnext_h * np.power(np.cosh(inside), -2)  # (N, H)
  dx = dtanh.dot(Wx.T)       # (N, D) <-- (N, H) * (D, H).T
  dprev_h = dtanh.dot(Wh.T)  # (N, H) <-- (N, H) * (H, H) assume transpose
  dWx = x.T.dot(dtanh)       # (D, H) <-- (N, D).T * (N, H)
  dWh = prev_h.T.dot(dtanh)  # (H, H) <-- (N, H).T * (N, H)
  db = np.sum(dtanh, axis=0)
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
  H = Wx.shape[1]
  prev_h = np.empty((N, T + 1, H))
  prev_h[:, 0, :] = h0
  cache = [None] * T
  for t in range(T):
    prev_h[:, t + 1, :], cache[t] = rnn_step_forward(x[:, t, :], prev_h[:, t, :], Wx, Wh, b)
  h = prev_h[:, 1:, :]
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
  N, T, H = dh.shape
  D = cache[0][0].shape[1]
  dx = np.empty((N, T, D))
  dprev_h = np.zeros((N, T + 1, H))
  dprev_h[:, 1:, :] = dh
  dWx = np.zeros((D, H))
  dWh = np.zeros((H, H))
  db = np.zeros(H)
  for t in range(T - 1, -1, -1):
    dx_t, dprev_h_t, dWx_t, dWh_t, db_t = rnn_step_backward(dprev_h[:, t + 1, :], cache[t])
    dx[:, t, :] = dx_t
    dprev_h[:, t, :] += dprev_h_t
    dWx += dWx_t
    dWh += dWh_t
    db += db_t
  dh0 = dprev_h[:, 0, :]
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
  prev_h = np.squeeze(prev_h)  # (N, 1, H) --> (N, H)
  N, H = prev_h.shape
  
  a = x.dot(Wx) + prev_h.dot(Wh) + b  # --> (N, 4H)
  a_ifo = a[:, :3 * H]
  i_f_o = sigmoid(a_ifo)
  i, f, o = np.split(i_f_o, (H, 2*H), axis=1)
  a_g = a[:, 3 * H:]
  g = np.tanh(a_g)
  assert i.shape == f.shape == o.shape == g.shape == (N, H)
  
  next_c = f * prev_c + i * g
  tanh_next_c = np.tanh(next_c)
  next_h = o * tanh_next_c
  
  cache = (
    x, Wx,
    prev_h, Wh,
    prev_c, tanh_next_c,
    i, f, o, g
  )
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
  #############################################################################
  # TODO: Implement the backward pass for a single timestep of an LSTM.       #
  #                                                                           #
  # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
  # the output value from the nonlinearity.                                   #
  #############################################################################
  N, H = dnext_h.shape
  (
    x, Wx,
    prev_h, Wh,
    prev_c, tanh_next_c,
    i, f, o, g
  ) = cache
  
  # Gradients wrt i, f, o, g, prev_c
  dnexth_do = tanh_next_c
  dnexth_dnextc = o * (1.0 - tanh_next_c ** 2)  # tanh(x)' = (1 - tanh(x)**2)
  dnextc_df, dnextc_dprevc = prev_c, f
  dnextc_di, dnextc_dg = g, i
  
  # Combine the two upstream gradients of next_c
  dnext_c += dnext_h * dnexth_dnextc
  
  # Gradient wrt to prev_c
  dprev_c = dnext_c * dnextc_dprevc
  
  # Gradients wrt a
  dai = dnext_c * dnextc_di * (i * (1.0 - i))  # (N, H)
  daf = dnext_c * dnextc_df * (f * (1.0 - f))
  dag = dnext_c * dnextc_dg * (1.0 - g ** 2)
  dao = dnext_h * dnexth_do * (o * (1.0 - o))
  da = np.concatenate((dai, daf, dao, dag), axis=1)  # --> (N, 4H)

  # Gradients wrt x, Wx, prev_h, Wh, b
  dWx = x.T.dot(da)        # (D, N) (N, 4H) --> (D, 4H)
  dx = da.dot(Wx.T)        # (N, 4H) (4H, D) --> (N, D)
  dWh = prev_h.T.dot(da)   # (H, N) (N, 4H) --> (H, 4H)
  dprev_h = da.dot(Wh.T)   # (N, 4H) (4H, H) --> (N, H)
  db = np.sum(da, axis=0)  # (N, 4H) --> (4H,)
  
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
  H = Wx.shape[1] / 4
  prev_h = np.empty((N, T + 1, H))
  prev_c = np.zeros_like(prev_h)
  prev_h[:, 0, :] = h0
  cache = [None] * T
  for t in range(T):
    prev_h[:, t + 1, :], prev_c[:, t + 1, :], cache[t] = lstm_step_forward(x[:, t, :], prev_h[:, t, :],
                                                                           prev_c[:, t, :], Wx, Wh, b)
  h = prev_h[:, 1:, :]
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
  D = cache[0][0].shape[1]
  dx = np.empty((N, T, D))
  dprev_h = np.zeros((N, T + 1, H))
  dprev_c = np.zeros_like(dprev_h)
  dprev_h[:, 1:, :] = dh
  dWx = np.zeros((D, 4*H))
  dWh = np.zeros((H, 4*H))
  db = np.zeros(4*H)
  for t in range(T - 1, -1, -1):
    dx_t, dprev_h_t, dprev_c_t, dWx_t, dWh_t, db_t = lstm_step_backward(dprev_h[:, t + 1, :],
                                                                        dprev_c[:, t + 1, :], cache[t])
    dx[:, t, :] = dx_t
    dprev_h[:, t, :] += dprev_h_t
    dprev_c[:, t, :] += dprev_c_t
    dWx += dWx_t
    dWh += dWh_t
    db += db_t
  dh0 = dprev_h[:, 0, :]
  ##############################################################################
  #                               END OF YOUR CODE                             #
  ##############################################################################
  
  return dx, dh0, dWx, dWh, db
