import random

import mpmath
import pytest

from autograder.derive.simulate import random_leaves, run_passes
from autograder.models import available_models, get_model
from autograder.models.naming import at_step

MODELS = [get_model(name) for name in available_models()]
DPS = 50


def loss(model, horizon, leaves, perturb=None):
    """The unrolled forward loss: sum over steps of (given gradient) x (node it enters).

    Its derivative with respect to any quantity is exactly what the adjoints claim, so
    finite differences of it are an independent check of every reference."""
    v = run_passes(model, horizon, leaves, backend="mp", perturb=perturb)
    total = mpmath.mpf(0)
    for node, (given, _) in model.given.items():
        for t in range(1, horizon + 1):
            total += v[at_step(given, t)] * v[at_step(node, t)]
    return total


def central_difference(fn, eps):
    return (fn(eps) - fn(-eps)) / (2 * eps)


@pytest.fixture
def mp_precision():
    with mpmath.workdps(DPS):
        yield


def mp_point(model, horizon, seed):
    with mpmath.workdps(DPS):
        return random_leaves(model, horizon, random.Random(seed), backend="mp")
