# Source: https://github.com/Naman-ntc/Image-Captioning (cs231n/rnn_layers.py, commit 9297e77aa034197e3d8ab65e1bec552f5ad02e79)
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
	##############################################################################
	# TODO: Implement a single forward step for the vanilla RNN. Store the next  #
	# hidden state and any values you need for the backward pass in the next_h   #
	# and cache variables respectively.                                          #
	##############################################################################
	next_h = np.dot(x,Wx) + np.dot(prev_h,Wh)
	next_h = next_h + b
	next_h = np.tanh(next_h)
	cache = (x,prev_h,Wx,Wh,b,next_h)
	#pass
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
	x,prev_h,Wx,Wh,b,next_h = cache
	# next_h = tanh(temp)
	dtemp = (1-np.square(next_h))*dnext_h
	db = np.sum(dtemp,axis=0)
	dx = np.dot(dtemp,np.transpose(Wx))
	dprev_h = np.dot(dtemp,np.transpose(Wh))
	dWx = np.dot(np.transpose(x),dtemp)
	dWh = np.dot(np.transpose(prev_h),dtemp)
	##############################################################################
	#                               END OF YOUR CODE                             #
	##############################################################################
	return (dx, dprev_h, dWx, dWh, db)


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
	##############################################################################
	# TODO: Implement forward pass for a vanilla RNN running on a sequence of    #
	# input data. You should use the rnn_step_forward function that you defined  #
	# above. You can use a for loop to help compute the forward pass.            #
	##############################################################################
	N,T,D = x.shape
	N,H = h0.shape
	h = np.zeros((N,T,H))
	cache = [None]*T
	h[:,0,:],temp = rnn_step_forward(x[:,0,:],h0,Wx,Wh,b)
	cache[0] = temp
	for i in range(1,T):
		h[:,i,:],cache[i] = rnn_step_forward(x[:,i,:],h[:,i-1,:],Wx,Wh,b)
	cache = (x, h0, Wx, Wh, b,cache)	
	#pass
	##############################################################################
	#                               END OF YOUR CODE                             #
	##############################################################################
	return (h, cache)


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
	# TODO: Implement the backward pass for a vanilla RNN running an entire      #
	# sequence of data. You should use the rnn_step_backward function that you   #
	# defined above. You can use a for loop to help compute the backward pass.   #
	##############################################################################
	x, h0, Wx, Wh, b,cache = cache
	dx = np.zeros_like(x)
	dh0 = np.zeros_like(h0)
	dWx = np.zeros_like(Wx)
	dWh = np.zeros_like(Wh)
	db = np.zeros_like(b)
	N,T,D = x.shape
	#dh = dh.copy()
	for i in reversed(range(T)):
		a,b,c,d,e = rnn_step_backward(dh[:,i,:]+dh0,cache[i])
		dx[:,i,:] = a
		dh0 = b
		dWx += c
		dWh += d
		db += e
	#_,b,_,_,_ = rnn_step_backward(dh[:,0,:],cache[0])
	#dh0 += b
	#pass
	##############################################################################
	#                               END OF YOUR CODE                             #
	##############################################################################
	return (dx, dh0, dWx, dWh, db)


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
	
	#############################################################################
	# TODO: Implement the forward pass for a single timestep of an LSTM.        #
	# You may want to use the numerically stable sigmoid implementation above.  #
	#############################################################################
	temp = np.dot(x,Wx) + np.dot(prev_h,Wh) + b
	N,H = prev_h.shape
	i = sigmoid(temp[:,:H])
	f = sigmoid(temp[:,H:2*H])
	o = sigmoid(temp[:,2*H:3*H])
	g = np.tanh(temp[:,3*H:])
	next_c = f*prev_c + i*g
	tanned_c = np.tanh(next_c)
	next_h = o*tanned_c
	cache = (x, prev_h, prev_c, Wx, Wh, b,i,f,o,g,next_h,next_c,tanned_c,temp)
	##############################################################################
	#                               END OF YOUR CODE                             #
	##############################################################################

	return (next_h, next_c, cache)


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
	x, prev_h, prev_c, Wx, Wh, b,i,f,o,g,next_h,next_c,tanned_c,temp = cache
	do = tanned_c*dnext_h
	dtanned_c = o*dnext_h
	dnext_c += (1-tanned_c**2)*dtanned_c 
	dprev_c = f*dnext_c
	df = prev_c*dnext_c
	di = g*dnext_c
	dg = i*dnext_c
	dtemp = np.concatenate((di*(1-i)*i,df*(1-f)*f,do*(1-o)*o,(1-g**2)*dg),axis=1)
	db = np.sum(dtemp,axis=0)
	dx = np.dot(dtemp,Wx.T)
	dprev_h = np.dot(dtemp,Wh.T)
	dWx = np.dot(x.T,dtemp)
	dWh = np.dot(prev_h.T,dtemp)
	##############################################################################
	#                               END OF YOUR CODE                             #
	##############################################################################

	return (dx, dprev_h, dprev_c, dWx, dWh, db)


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
	N,H = h0.shape
	h = np.zeros((N,T,H))
	cache = [None]*T
	h[:,0,:],curr_c,temp = lstm_step_forward(x[:,0,:],h0,0,Wx,Wh,b)
	cache[0] = temp
	for i in range(1,T):
		h[:,i,:],curr_c,cache[i] = lstm_step_forward(x[:,i,:],h[:,i-1,:],curr_c,Wx,Wh,b)
	cache = (x, h0, Wx, Wh, b,cache)
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
	x, h0, Wx, Wh, b,cache = cache
	dx = np.zeros_like(x)
	dh0 = np.zeros_like(h0)
	dc0 = np.zeros_like(h0)
	dWx = np.zeros_like(Wx)
	dWh = np.zeros_like(Wh)
	db = np.zeros_like(b)
	N,T,D = x.shape
	dc = np.zeros_like(dh)
	for i in reversed(range(T)):
		a,b,f,c,d,e = lstm_step_backward(dh[:,i,:]+dh0,dc[:,i,:]+dc0,cache[i])
		dx[:,i,:] = a
		dh0 = b
		dc0 = f
		dWx += c
		dWh += d
		db += e
	##############################################################################
	#                               END OF YOUR CODE                             #
	##############################################################################

	return dx, dh0, dWx, dWh, db
