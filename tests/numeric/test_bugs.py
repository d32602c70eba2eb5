"""Single realistic bugs: each must be caught AND localised (gradient, gate, step, message)."""
import pytest

from autograder.numeric.grade_py import grade_source

RNN, LSTM = "rnn_correct.py", "lstm_correct.py"


def mistake(kind, *texts):
    """Found among the single edits of the solution's backward (numeric/mutants.py), told
    with the layout's words in `texts`."""
    return lambda d, out: kind in d.get("mistake_kinds", []) and all(t in out for t in texts)


def says(text):
    return lambda d, out: text in out


def gate_blocks_wrong(grad, gates):
    def check(d, out):
        blocks = d["gate_blocks"][grad]
        return sorted(g for g, e in blocks.items() if e > 1e-6) == sorted(gates)
    return check


def forward_steps_from(t):
    return lambda d, out: d["wrong_timesteps"] and d["wrong_timesteps"][0] == t


BUGS = [
    # (id, base file, old, new, function that must fail, localisation check)
    ("rnn_tanh_prime_linear", RNN, "(1 - next_h ** 2)", "(1 - next_h)", "rnn_step_backward",
     mistake("drop_square", "it changes dx, dprev_h, dWx, dWh, db")),
    ("rnn_tanh_prime_square_of_difference", RNN, "(1 - next_h ** 2)", "(1 - next_h) ** 2", "rnn_backward",
     says("dx is wrong at steps t=[0, 1, 2, 3, 4, 5, 6]")),
    ("rnn_no_tanh_prime", RNN, "dz = dnext_h * (1 - next_h ** 2)", "dz = dnext_h", "rnn_step_backward",
     mistake("drop_factor")),
    ("rnn_Wh_not_transposed", RNN, "dprev_h = dz.dot(Wh.T)", "dprev_h = dz.dot(Wh)", "rnn_step_backward",
     mistake("drop_transpose", "it changes dprev_h\n")),
    ("rnn_dWh_uses_next_h", RNN, "dWh = prev_h.T.dot(dz)", "dWh = next_h.T.dot(dz)", "rnn_step_backward",
     mistake("swap_cached", "it changes dWh\n")),
    ("rnn_db_not_summed", RNN, "db = np.sum(dz, axis=0)", "db = dz", "rnn_step_backward",
     says("forget to sum over the batch")),
    ("rnn_no_recurrence", RNN, "rnn_step_backward(dh[:, t, :] + dprev_h, cache[t])",
     "rnn_step_backward(dh[:, t, :], cache[t])", "rnn_backward", mistake("drop_term", "dx is wrong at steps t=[0, 1, 2, 3, 4, 5]")),
    ("rnn_dWh_overwritten", RNN, "dWh += dWh_t", "dWh = dWh_t", "rnn_backward",
     says("dWh is overwritten at each step instead of accumulated (only step t=0")),
    ("rnn_db_overwritten", RNN, "db += db_t", "db = db_t", "rnn_backward",
     lambda d, out: [g for g, e in d["relative_errors"].items() if e > 1e-6] == ["db"]),
    ("rnn_skip_first_step", RNN, "for t in range(T - 1, -1, -1):", "for t in range(T - 1, 0, -1):",
     "rnn_backward", mistake("loop_skip_first", "dx is wrong at step t=[0]")),
    ("rnn_dh0_not_returned", RNN, "dh0 = dprev_h", "dh0 = np.zeros((N, H))", "rnn_backward",
     mistake("zero_output", "it changes dh0\n")),
    ("rnn_forward_in_time", RNN, "for t in range(T - 1, -1, -1):", "for t in range(T):", "rnn_backward",
     mistake("loop_forward")),
    ("rnn_off_by_one_input", RNN, "rnn_step_forward(x[:, t, :], prev_h", "rnn_step_forward(x[:, t - 1, :], prev_h",
     "rnn_forward", forward_steps_from(0)),
    ("rnn_h0_ignored", RNN, "prev_h = h0", "prev_h = np.zeros_like(h0)", "rnn_forward", forward_steps_from(0)),
    ("rnn_no_bias", RNN, "prev_h.dot(Wh) + b)", "prev_h.dot(Wh))", "rnn_step_forward",
     says("next_h is wrong")),
    ("lstm_cell_tanh_prime_linear", LSTM, "(1 - tc ** 2)", "(1 - tc)", "lstm_step_backward",
     mistake("drop_square", "(the i, f, g gate blocks)")),
    ("lstm_g_tanh_prime_linear", LSTM, "dag = dg * (1 - g ** 2)", "dag = dg * (1 - g)", "lstm_step_backward",
     lambda d, out: mistake("drop_square", "(the g gate block)")(d, out) and gate_blocks_wrong("db", ["g"])(d, out)),
    ("lstm_sigmoid_prime_i", LSTM, "dai = di * i * (1 - i)", "dai = di * i", "lstm_step_backward",
     lambda d, out: mistake("drop_factor", "(the i gate block)")(d, out) and gate_blocks_wrong("dWx", ["i"])(d, out)),
    ("lstm_sigmoid_prime_f", LSTM, "daf = df * f * (1 - f)", "daf = df * (1 - f)", "lstm_backward",
     mistake("drop_factor", "in lstm_step_backward: it changes dx, dprev_h, dWx, dWh, db (the f gate block)")),
    ("lstm_sigmoid_prime_o", LSTM, "dao = do * o * (1 - o)", "dao = do * o", "lstm_step_backward",
     lambda d, out: mistake("drop_factor", "(the o gate block)")(d, out) and gate_blocks_wrong("dWh", ["o"])(d, out)),
    ("lstm_sigmoid_prime_f_step", LSTM, "daf = df * f * (1 - f)", "daf = df * (1 - f)", "lstm_step_backward",
     lambda d, out: "f gate" in out and gate_blocks_wrong("db", ["f"])(d, out)),
    ("lstm_no_dnext_c", LSTM, "dc = dnext_c + dnext_h * o * (1 - tc ** 2)", "dc = dnext_h * o * (1 - tc ** 2)",
     "lstm_step_backward", mistake("drop_term", "it changes dx, dprev_h, dprev_c, dWx, dWh, db (the i, f, g gate blocks)")),
    ("lstm_no_h_to_c", LSTM, "dc = dnext_c + dnext_h * o * (1 - tc ** 2)", "dc = dnext_c",
     "lstm_backward", mistake("drop_term", "in lstm_step_backward: it changes", "(the i, f, g gate blocks)")),
    ("lstm_df_uses_next_c", LSTM, "df = dc * prev_c", "df = dc * next_c", "lstm_step_backward",
     gate_blocks_wrong("dWx", ["f"])),
    ("lstm_dprev_c_missing_f", LSTM, "dprev_c = dc * f", "dprev_c = dc", "lstm_step_backward",
     mistake("drop_factor", "it changes dprev_c\n")),
    ("lstm_backward_gate_order", LSTM, "np.hstack((dai, daf, dao, dag))", "np.hstack((dai, daf, dag, dao))",
     "lstm_step_backward", says("gate order differs from i, f, o, g")),
    ("lstm_forward_gate_order", LSTM, "o = sigmoid(a[:, 2 * H:3 * H])\n    g = np.tanh(a[:, 3 * H:4 * H])",
     "o = sigmoid(a[:, 3 * H:4 * H])\n    g = np.tanh(a[:, 2 * H:3 * H])", "lstm_step_forward",
     lambda d, out: d["gate_order"] == "i, f, g, o"),
    ("lstm_no_c_recurrence", LSTM, "dh[:, t, :] + dprev_h, dprev_c, cache[t])",
     "dh[:, t, :] + dprev_h, np.zeros((N, H)), cache[t])", "lstm_backward",
     mistake("zero_argument", "dx is wrong at steps t=[0, 1, 2, 3, 4, 5]\n")),
    ("lstm_dWx_overwritten", LSTM, "dWx += dWx_t", "dWx = dWx_t", "lstm_backward",
     says("dWx is overwritten at each step")),
    ("lstm_c0_not_zero", LSTM, "    prev_c = np.zeros((N, H))\n    cache", "    prev_c = h0\n    cache", "lstm_forward", forward_steps_from(0)),
]


@pytest.mark.parametrize("bug", BUGS, ids=[b[0] for b in BUGS])
def test_bug_is_caught_and_localised(bug, zygote, source):
    key, base, old, new, func, localised = bug
    text = source(base)
    assert text.count(old) == 1, f"mutation {key} does not apply exactly once"
    assignment = "lstm_numpy" if base == LSTM else "rnn_bptt"
    result = grade_source(assignment, text.replace(old, new), "student-42", zygote=zygote)
    test = next(t for t in result["tests"] if t["name"] == func)
    assert test["status"] == "failed" and test["score"] < test["max_score"]
    assert result["score"] < result["max_score"]
    diag = result["extra_data"]["diagnosis"][func]
    assert localised(diag, test["output"]), (test["output"], diag)


def test_correct_submissions_get_full_marks(zygote, source):
    for assignment, name in (("rnn_bptt", RNN), ("lstm_numpy", LSTM)):
        result = grade_source(assignment, source(name), "student-42", zygote=zygote)
        assert result["score"] == result["max_score"] == 10, result
        assert all(t["status"] == "passed" for t in result["tests"])


# Right answers written in ways the pinned contract allows: full marks (a warning at most).
ALLOWED = [
    ("rnn_mutates_upstream", RNN, "dz = dnext_h * (1 - next_h ** 2)",
     "dnext_h *= (1 - next_h ** 2)\n    dz = dnext_h", "rnn_step_backward",
     "warn does not modify its inputs: modifies its input(s) dnext_h in place"),
    ("lstm_cache_consumed", LSTM, "dprev_c, cache[t])", "dprev_c, cache.pop())", "lstm_backward", None),
]


@pytest.mark.parametrize("case", ALLOWED, ids=[c[0] for c in ALLOWED])
def test_allowed_side_effects_cost_nothing(case, zygote, source):
    key, base, old, new, func, warning = case
    text = source(base)
    assert text.count(old) == 1
    assignment = "lstm_numpy" if base == LSTM else "rnn_bptt"
    result = grade_source(assignment, text.replace(old, new), "student-42", zygote=zygote)
    test = next(t for t in result["tests"] if t["name"] == func)
    assert test["score"] == test["max_score"], test["output"]
    if warning:
        assert warning in test["output"]
