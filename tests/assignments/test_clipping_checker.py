"""The clipping question of lstm_gradient_flow, a function question declared in its spec:
cases drawn by its support.py, mistakes named by the wrong variants there."""
from autograder.grading import spec
from autograder.numeric.function_cases import draw
from autograder.numeric.function_grade import grade_source

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
TOO_SMALL = '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g * g) for g in grads))
    return [g * (0.5 * max_norm / norm) if norm > max_norm else g.copy() for g in grads]
'''
ASG = spec.load("lstm_gradient_flow")


def test_result_shape_and_full_marks(zygote):
    r = grade_source(ASG, GOOD, "ada", zygote=zygote)
    assert r["score"] == r["max_score"] == ASG.question("clipping").points
    assert [t["name"] for t in r["tests"]] == ["clip_by_global_norm"]
    assert r["extra_data"]["assignment"] == "lstm_gradient_flow"


def test_mistakes_are_named(zygote):
    nan = grade_source(ASG, NAN_ON_ZERO, "ada", zygote=zygote)
    assert nan["score"] < nan["max_score"] and "NaN or inf" in nan["tests"][0]["output"]
    always = grade_source(ASG, ALWAYS_RESCALED, "ada", zygote=zygote)
    assert "already below the threshold" in always["tests"][0]["output"]
    clipped = grade_source(ASG, ELEMENTWISE, "ada", zygote=zygote)
    assert clipped["score"] < clipped["max_score"] and "one by one" in clipped["tests"][0]["output"]
    # no variant explains it: the support's explanation does
    small = grade_source(ASG, TOO_SMALL, "ada", zygote=zygote)
    assert "0.5 times it" in small["tests"][0]["output"]


def test_passive_cases_alone_earn_nothing(zygote):
    unchanged = "def clip_by_global_norm(grads, max_norm):\n    return [g.copy() for g in grads]\n"
    r = grade_source(ASG, unchanged, "ada", zygote=zygote)
    assert r["score"] == 0
    assert "returned unchanged although its norm exceeds" in r["tests"][0]["output"]


def test_inputs_differ_per_student():
    q = ASG.question("clipping")
    a, b = draw(ASG.id, q, "ada"), draw(ASG.id, q, "bob")
    assert [c.name for c in a] == [c.name for c in q.function.cases]
    assert a[1].args[1] != b[1].args[1]


def test_support_references_are_checked_without_running_it(tmp_path):
    from autograder.grading.course_code import problems

    assert problems(ASG) == []
    folder = tmp_path / ASG.id
    folder.mkdir()
    text = (ASG.directory / "assignment.toml").read_text().replace("support.py:clip_entries", "support.py:clip_entrywise")
    (folder / "assignment.toml").write_text(text)
    (folder / "support.py").write_text((ASG.directory / "support.py").read_text()
                                       + "\nraise SystemExit('support.py was run')\n")
    [(path, line, message)] = problems(spec.load(ASG.id, tmp_path))
    assert path.name == "assignment.toml" and "clip_entrywise" in text.splitlines()[line - 1]
    assert "defines no function clip_entrywise" in message


def test_validate_names_a_missing_support_function(tmp_path):
    from autograder.authoring.validate import support_functions_exist

    assert support_functions_exist(ASG) == []
    folder = tmp_path / ASG.id
    folder.mkdir()
    (folder / "assignment.toml").write_text((ASG.directory / "assignment.toml").read_text())
    [p] = support_functions_exist(spec.load(ASG.id, tmp_path))     # no support.py at all
    assert p.file.name == "assignment.toml" and "has no support.py" in p.message
