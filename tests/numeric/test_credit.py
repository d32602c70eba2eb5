"""The credit table's one rule: properties only add to values that are partly right."""
import pytest

from autograder.numeric import credit


def check(rule, earned, share=1.0):
    return {"name": rule, "rule": rule, "earned": earned, "share": share}


def backward(values_right, consistent=True, props=True, mutated=False):
    n = 5
    return ([check("backward_values", 1.0 if k < values_right else 0.0, 1 / n) for k in range(n)]
            + [check("own_forward_consistency", float(consistent)),
               check("deterministic", float(props)), check("linear", float(props)),
               check("modifies_inputs", 0.0 if mutated else 1.0)])


def test_properties_alone_earn_nothing():
    assert credit.fraction(backward(0, consistent=False)) == 0.0


def test_everything_right_is_everything():
    assert credit.fraction(backward(5)) == 1.0


def test_properties_scale_with_the_values():
    w = credit.DEFAULT
    values = w["backward_values"] * 3 / 5 + w["own_forward_consistency"]
    right = values / (w["backward_values"] + w["own_forward_consistency"])
    assert credit.fraction(backward(3)) == pytest.approx(values + (w["deterministic"] + w["linear"]) * right)


def test_a_side_effect_is_free_unless_a_spec_prices_it():
    assert credit.fraction(backward(5, mutated=True)) == 1.0
    assert credit.fraction(backward(5, mutated=True), {"modifies_inputs": 0.05}) == pytest.approx(0.95)


def test_overrides_are_checked():
    with pytest.raises(credit.UnknownRule):
        credit.weights({"modifies_input": 0.1})
    with pytest.raises(ValueError):
        credit.weights({"linear": 2})


def test_forward_and_backward_weights_each_sum_to_one():
    w = credit.DEFAULT
    assert w["forward_values"] + w["deterministic"] == pytest.approx(1.0)
    assert (w["backward_values"] + w["own_forward_consistency"] + w["deterministic"] + w["linear"]
            == pytest.approx(1.0))
