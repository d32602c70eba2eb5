# Source: https://github.com/Cloaked04/CS231n-2016-assignments-solutions (assignment3/cs231n/rnn_layers.py, commit 1eaceaa7cf0db6f85b0c0934a62ec634dd1629dd)
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
  cache = ()
  N,D=x.shape
  H=prev_h.shape[0]
  next_h=np.zeros([N,H])
  ##############################################################################
  # TODO: Implement a single forward step for the vanilla RNN. Store the next  #
  # hidden state and any values you need for the backward pass in the next_h   #
  # and cache variables respectively.                                          #
  ##############################################################################
  next_h=np.tanh(np.dot(x,Wx)+np.dot(prev_h,Wh)+b)
  cache=(x,prev_h,Wx,Wh,b,next_h)
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
  x,prev_h,Wx,Wh,b,next_h=cache
  dx, dprev_h, dWx=np.zeros_like(x),np.zeros_like(prev_h),np.zeros_like(Wx)
  dWh, db = np.zeros_like(Wh),np.zeros_like(b)
  dtanh=np.zeros_like(next_h)
  ##############################################################################
  # TODO: Implement the backward pass for a single step of a vanilla RNN.      #
  #                                                                            #
  # HINT: For the tanh function, you can compute the local derivative in terms #
  # of the output value from tanh.                                             #
  ##############################################################################
  #Upon derivation, d(tanh)=(1-(tanh)^2)
  dtanh=(1-next_h*next_h)*dnext_h
  db=np.sum(dtanh,axis=0)
  dWx=np.dot(x.T,dtanh)
  dWh=np.dot(prev_h.T,dtanh)
  dx=np.dot(dtanh,Wx.T)
  dprev_h=np.dot(dtanh,Wh.T)
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
  N,T,D=np.shape(x)
  H=h0.shape[1]
  h, cache = np.zeros([N,T,H]), ()
  ##############################################################################
  # TODO: Implement forward pass for a vanilla RNN running on a sequence of    #
  # input data. You should use the rnn_step_forward function that you defined  #
  # above.                                                                     #
  ##############################################################################
  h_t=h0
  for t in range(x.shape[1]):
  	x_minibatch=x[:,t,:]
  	hid_stat,_=rnn_step_forward(x_minibatch,h_t,Wx,Wh,b)
  	h[:,t,:]=hid_stat
  	h_t=hid_stat
  cache=(x,h0,Wx,Wh,b,h)
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
  x,h0,Wx,Wh,b,h=cache
  dx, dh0, dWx, dWh, db = np.zeros_like(x),np.zeros_like(h0),np.zeros_like(Wx),np.zeros_like(Wh), np.zeros_like(b)
  ##############################################################################
  # TODO: Implement the backward pass for a vanilla RNN running an entire      #
  # sequence of data. You should use the rnn_step_backward function that you   #
  # defined above.                                                             #
  ##############################################################################
  for t in reversed(range(dh.shape[1])):
  	if t-1==-1:
  		back_cache=(x[:,t,:],h0,Wx,Wh,b,h[:,t,:])
  		dx_t, dh0, dWx, dWh, db=rnn_step_backward(dh[:,t,:],back_cache)
  		dx[:,t,:]=dx_t
  	else:
  		back_cache=(x[:,t,:],h[:,t-1,:],Wx,Wh,b,h[:,t,:])
  		dx_t,_, _, _, _=rnn_step_backward(dh[:,t,:],back_cache)
  		dx[:,t,:]=dx_t


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
  return np.asfarray(top / (1 + z),dtype='float')


def sigmoid_backwards(dout, cache):
  """
  A numerically stable version of the logistic sigmoid function.
  """
  out = cache
  dsig = (1 - out) * out
  return dsig * dout


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
  next_h, next_c = np.zeros_like(prev_h), np.zeros_like(prev_c)
  cache=()
  #############################################################################
  # TODO: Implement the forward pass for a single timestep of an LSTM.        #
  # You may want to use the numerically stable sigmoid implementation above.  #
  #############################################################################
  #_, H = prev_h.shape
  actv_vector = np.dot(x,Wx) + np.dot(prev_h,Wh) + b
  N,H4=actv_vector.shape
  H=H4/4
  ai,af,ao,ag = actv_vector[:, :H], actv_vector[:, H:2*H],actv_vector[:, 2*H:3*H],\
                                 actv_vector[:, 3*H:]
  i,f,o,g = sigmoid(ai),sigmoid(af),sigmoid(ao),np.tanh(ag)
  next_c = (f * prev_c) + (i * g)
  next_h = o * np.tanh(next_c)
  cache = (x, prev_h, prev_c, next_c,next_h,Wx, Wh, b, actv_vector, i, f, o, g, ai,af,ao,ag)
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
  x, prev_h, prev_c, next_c,next_h,Wx, Wh, b, actv_vector, i, f, o, g, ai,af,ao,ag=cache
  dx, dprev_h, dprev_c, dWx, dWh, db = np.zeros_like(x), np.zeros_like(prev_h), np.zeros_like(prev_c), np.zeros_like(Wx)\
                              , np.zeros_like(Wh), np.zeros_like(b)
  dactv_vector=np.zeros_like(actv_vector)
  _,H=prev_h.shape
  #############################################################################
  # TODO: Implement the backward pass for a single timestep of an LSTM.       #
  #                                                                           #
  # HINT: For sigmoid and tanh you can compute local derivatives in terms of  #
  # the output value from the nonlinearity.                                   #
  #############################################################################
  do=np.tanh(next_c)*dnext_h
  dm=o*dnext_h
  dao=sigmoid_backwards(do,o)
  dtanh=(1-np.tanh(next_c)**2)*dm
  dt=dtanh+dnext_c
  df=prev_c*dt
  dprev_c=f*dt
  di=g*dt
  dg=i*dt
  da1=sigmoid_backwards(di,i)
  da2=sigmoid_backwards(df,f)
  da3=dao
  da4=(1-np.tanh(g)**2)*dg
  dactv_vector[:,:H]=da1
  dactv_vector[:,H:2*H]=da2
  dactv_vector[:,2*H:3*H]=da3
  dactv_vector[:,3*H:]=da4
  db=np.sum(dactv_vector,axis=0)
  dWx=np.dot(x.T,dactv_vector)
  dx=np.dot(dactv_vector,Wx.T)
  dprev_h=np.dot(dactv_vector,Wh.T)
  dWh=np.dot(dactv_vector.T,prev_h).T

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
  cache = []
  c_prev=np.zeros_like(h0)
  N,T,D=x.shape
  _,H=h0.shape
  h=np.zeros([N,T,H])
  h_prev=h0
  #############################################################################
  # TODO: Implement the forward pass for an LSTM over an entire timeseries.   #
  # You should use the lstm_step_forward function that you just defined.      #
  #############################################################################
  for t in range(T):
  	minibatch=x[:,t,:]
  	h_prev,c_prev,c=lstm_step_forward(minibatch,h_prev,c_prev,Wx,Wh,b)
  	h[:,t,:]=h_prev
  	cache.append(c)
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
  N,T,H=dh.shape
  _, D = cache[0][0].shape
  dx, dh0, dWx, dWh, db = np.zeros([N,T,D]),np.zeros([N,H]),np.zeros([D,4*H]),np.zeros([H,4*H]),np.zeros([4*H])
  dprev_h = np.zeros((N, H))
  dprev_c = np.zeros((N, H))
  dh0 = np.zeros((N, H))
  #############################################################################
  # TODO: Implement the backward pass for an LSTM over an entire timeseries.  #
  # You should use the lstm_step_backward function that you just defined.     #
  #############################################################################
  for t in reversed(range(T)):
  	dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t, :] + dprev_h, dprev_c, cache[t])
  	db+=db_t
  	dWx+=dWx_t
  	dWh+=dWh_t
  	dx[:,t,:]=dx_t
  ##############################################################################
  #                               END OF YOUR CODE                             #
  ##############################################################################
  
  return dx, dh0, dWx, dWh, db
