import numpy as np

from autograder.numeric import inputs as inp
from autograder.numeric import specs

LSTM = specs.get("lstm_numpy")


def test_seed_is_per_student_and_stable():
    a = inp.forward_inputs(LSTM, LSTM.spec("lstm_forward"), inp.make_rng("lstm_numpy", "alice", "f"))
    b = inp.forward_inputs(LSTM, LSTM.spec("lstm_forward"), inp.make_rng("lstm_numpy", "alice", "f"))
    c = inp.forward_inputs(LSTM, LSTM.spec("lstm_forward"), inp.make_rng("lstm_numpy", "bob", "f"))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["x"], c["x"])


def test_sizes_are_distinct_and_states_nonzero():
    sizes = {inp.N, inp.D, inp.H, 4 * inp.H, inp.T_MAIN, inp.T_SHORT}
    assert len(sizes) == 6 and inp.T_MAIN >= 3
    x = inp.forward_inputs(LSTM, LSTM.spec("lstm_step_forward"), inp.make_rng("lstm_numpy", "s"))
    assert np.all(x["prev_c"] != 0) and np.all(x["prev_h"] != 0)
