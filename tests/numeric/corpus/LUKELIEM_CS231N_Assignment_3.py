# Source: https://github.com/LUKELIEM/CS231N-Assignment-3 (cs231n/rnn_layers.py, commit a08b4ac1cb39632c47efcb82c0b44cb6af12191d)
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

  # Forward Pass
  # Stage 1 - dot(x,Wx)--> P1                                                [1]  
  P1 = np.dot(x,Wx)
  # Stage 2 - dot(prev_h,Wh)--> P2                                           [2]      
  P2 = np.dot(prev_h,Wh)
  # Stage 3 - P1 + P2 + b --> S                                              [3]      
  sum = P1 + P2 + b
  # Stage 4 - tanh(sum) --> next_h                                           [4]      
  tanh_sum = np.tanh(sum)
  next_h = tanh_sum

  cache = (tanh_sum,prev_h,Wh,x,Wx)
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
  tanh_sum,prev_h,Wh,x,Wx = cache
  ##############################################################################
  # TODO: Implement the backward pass for a single step of a vanilla RNN.      #
  #                                                                            #
  # HINT: For the tanh function, you can compute the local derivative in terms #
  # of the output value from tanh.                                             #
  ##############################################################################
  # Backprop Stage 4 - tanh(sum) --> next_h                                  [4] 
  dsum =  dnext_h * (1 -tanh_sum**2)   # Backprop of tanh

  # Backprop Stage 3 - P1 + P2 + b --> S                                     [3]      
  dP1 = 1 * dsum
  dP2 = 1 * dsum
  db = np.sum(dsum, axis = 0)

  # Backprop Stage 2 - dot(prev_h,Wh)--> P2                                           [2]      
  dWh = prev_h.T.dot(dP2)
  dprev_h = dP2.dot(Wh.T)

  # Backprop Stage 1 - dot(x,Wx)--> P1                                                [1] 
  dWx = x.T.dot(dP1)
  dx = dP1.dot(Wx.T)    

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
  N,T,D = x.shape
  N,H = h0.shape
  h = np.zeros((N,T,H))
  rnn_cache = {}
               
  h[:,0,:] = h0             
  for t in range(T):
    if t is 0:
        h[:,0,:],rnn_cache[0] = rnn_step_forward(x[:,0,:], h0, Wx, Wh, b)
    else:
        h[:,t,:],rnn_cache[t] = rnn_step_forward(x[:,t,:], h[:,t-1,:], Wx, Wh, b)
  
  cache = (N,T,D,H,rnn_cache)
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
  N,T,D,H,rnn_cache = cache
  dx = np.zeros((N, T, D))
  dWx = np.zeros((D, H))
  dWh = np.zeros((H, H))
  db = np.zeros((H,))
  dprev_h  = np.zeros((N, H))

  for t in range(T-1,-1,-1):
    dcurr_h = dh[:,t,:] + dprev_h
    dx[:,t,:], dprev_h, ddWx, ddWh, ddb = rnn_step_backward(dcurr_h, rnn_cache[t])
    dWx += ddWx
    dWh += ddWh
    db += ddb 

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
  N,H = prev_h.shape

  # Forward Pass
  # Stage 1 - dot(x,Wx)--> P1                                                [1]  
  P1 = np.dot(x,Wx)
  # Stage 2 - dot(prev_h,Wh)--> P2                                           [2]      
  P2 = np.dot(prev_h,Wh)
  # Stage 3 - P1 + P2 + b --> A                                              [3]  
  A = P1 + P2 + b  

  # Stage 4 - A --> i,f,o,g                                                  [4]
  i = sigmoid(A[:,:H])
  f = sigmoid(A[:,H:2*H])
  o = sigmoid(A[:,2*H:3*H])                
  g = np.tanh(A[:,3*H:4*H])

  # Stage 5 - f*prev_c --> f_prev_c                                          [5]
  f_prev_c = prev_c*f 
  # Stage 6 - i*g --> i_g                                                    [6]
  i_g = i*g
  # Stage 7 - f_prev_c + i_g --> next_c                                      [7]
  next_c = f_prev_c + i_g
  # Stage 8 - tanh(next_c) --> tanh_c                                        [8]
  tanh_c = np.tanh(next_c)
  # Stage 9 - o*tanh_c --> next_h                                            [9]
  next_h = tanh_c*o

  cache = (x,Wx,prev_h,Wh,prev_c,tanh_c,i,f,o,g)
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
  x,Wx,prev_h,Wh,prev_c,tanh_c,i,f,o,g = cache
  N,H = dnext_h.shape
  dA = np.zeros((N,4*H))

  # Backward Pass
  # Backprop Stage 9 - o*tanh_c --> next_h                                   [9]
  do = tanh_c*dnext_h   

  # Backprop Stage 8 - tanh(next_c) --> tanh_c                               [8]
  # This is the tricky part of the solution. During forward pass, after next_c 
  # is calculated in Stage 7, it is in turn used to calculate next_h in Stage 8 
  # and 9. So during backward pass, it is necessary to add back the effect of
  # dnext_h to dnext_c before it is backpropped to di, df, dg, etc.
  dnext_c += o * (1 - tanh_c**2) * dnext_h
    
  # Backprop Stage 7 - f_prev_c + i_g --> next_c                             [7]
  df_prev_c = dnext_c
  di_g = dnext_c
  # Backprop Stage 6 - i*g --> i_g                                           [6]
  di = di_g*g
  dg = di_g*i
  # Backprop Stage 5 - f*prev_c --> f_prev_c                                 [5]
  dprev_c = df_prev_c*f
  df = df_prev_c*prev_c
    
  # Backprop Stage 4 - A --> i,f,o,g                                         [4]
  dA[:,:H] = di * (1-i) * i  # Backprop of sigmoid
  dA[:,H:2*H] = df * (1-f) * f  # Backprop of sigmoid
  dA[:,2*H:3*H] = do * (1-o) * o  # Backprop of sigmoid
  dA[:,3*H:4*H] = dg * (1-g**2)  # Backprop of tanh
    
  # Backprop Stage 3 - P1 + P2 + b --> A                                     [3]      
  dP1 = dA
  dP2 = dA
  db = np.sum(dA, axis=0)

  # Backprop Stage 2 - dot(prev_h,Wh)--> P2                                  [2]      
  dWh = prev_h.T.dot(dP2)
  dprev_h = dP2.dot(Wh.T)

  # Backprop Stage 1 - dot(x,Wx)--> P1                                       [1] 
  dWx = x.T.dot(dP1)
  dx = dP1.dot(Wx.T)   
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
  _, H = h0.shape
  h = np.zeros((N,T,H))
  c = np.zeros((N,T,H))
  c0 = np.zeros((N,H))
  lstm_cache = {}
  for t in range(T):
      if t is 0:
            h[:,t,:], c[:,t,:], lstm_cache[t] = lstm_step_forward(x[:,t,:], h0, c0, Wx, Wh, b)  
      else:
            h[:,t,:], c[:,t,:], lstm_cache[t] = lstm_step_forward(x[:,t,:], h[:,t-1,:], c[:,t-1,:], Wx, Wh, b)        
        
  cache = (N,T,D,H,lstm_cache)
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
  N,T,D,H,lstm_cache = cache
  dx = np.zeros((N,T,D))
  dc = np.zeros((N,T,H))  
  dWx = np.zeros((D, 4*H))
  dWh = np.zeros((H, 4*H))
  db = np.zeros((4*H,))
  dprev_h  = np.zeros((N, H))
  dprev_c  = np.zeros((N, H))  

  for t in range(T-1,-1,-1):
    dcurr_h = dh[:,t,:] + dprev_h
    dx[:,t,:], dprev_h, dprev_c, ddWx, ddWh, ddb = lstm_step_backward(dcurr_h,dprev_c,lstm_cache[t])
    dWx += ddWx
    dWh += ddWh
    db += ddb 

  dh0 = dprev_h  
  ##############################################################################
  #                               END OF YOUR CODE                             #
  ##############################################################################
  
  return dx, dh0, dWx, dWh, db
