"""Unit tests of the Python 2 / old-numpy explanations (the CLI-level cases are in
test_earned.py)."""
from autograder.numeric.portability import explain, message
from autograder.sandbox import StudentException


def failure(typ, msg, tb=""):
    return StudentException(f"f raised {typ}: {msg}", func="f", traceback=tb, exc_type=typ)


TB = 'Traceback (most recent call last):\n  File "hw.py", line 12, in f\n    for t in xrange(T):\n'


def test_xrange_names_the_line_and_the_replacement():
    why = explain(failure("NameError", "name 'xrange' is not defined", TB))
    assert "line 12 of hw.py (for t in xrange(T):)" in why and "use range" in why


def test_an_unknown_name_is_not_blamed_on_python_2():
    assert explain(failure("NameError", "name 'xrang' is not defined", TB)) is None


def test_removed_numpy_alias():
    why = explain(failure("AttributeError", "module 'numpy' has no attribute 'float'.", TB))
    assert "np.float was removed" in why


def test_a_syntax_error_that_is_not_python_2_gets_no_python_2_story():
    e = failure("SyntaxError", "'(' was never closed", '  File "hw.py", line 3\n    print (x\n')
    assert explain(e) is None and message(e) == e.message
