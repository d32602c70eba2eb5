"""The clipping checker through the same entry point as the other code checkers."""
from autograder.numeric.grade_py import grade_source

GOOD = '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads))
    return [g * (max_norm / norm) if norm > max_norm else g.copy() for g in grads]
'''
NAN_ON_ZERO = '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads))
    return [g / norm * min(norm, max_norm) for g in grads]
'''
ALWAYS_RESCALED = '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads)) + 1e-300
    return [g * (max_norm / norm) for g in grads]
'''
ELEMENTWISE = '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads]
'''


def test_result_shape_and_full_marks(zygote):
    r = grade_source("lstm_gradient_flow", GOOD, "ada", zygote=zygote)
    assert r["score"] == r["max_score"] == 10.0
    assert [t["name"] for t in r["tests"]] == ["clip_by_global_norm"]
    assert r["extra_data"]["assignment"] == "lstm_gradient_flow"


def test_mistakes_are_named(zygote):
    nan = grade_source("lstm_gradient_flow", NAN_ON_ZERO, "ada", zygote=zygote)
    assert nan["score"] < 10 and "NaN or inf" in nan["tests"][0]["output"]
    always = grade_source("lstm_gradient_flow", ALWAYS_RESCALED, "ada", zygote=zygote)
    assert "already below the threshold" in always["tests"][0]["output"]
    clipped = grade_source("lstm_gradient_flow", ELEMENTWISE, "ada", zygote=zygote)
    assert clipped["score"] < 10 and "one by one" in clipped["tests"][0]["output"]


def test_inputs_differ_per_student():
    from autograder.numeric.clipping import cases

    a, b = cases("ada"), cases("bob")
    assert a[1][3] != b[1][3]
