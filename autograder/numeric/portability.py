"""Why code written for Python 2 or an older numpy fails here, in one sentence.

Many solutions in circulation were written for Python 2 or numpy 1.x. They fail with
errors that do not say so (NameError: xrange, a float slice index, a module numpy 2 moved).
`explain` reads the failure the sandbox reports (exception type, message and the student's
own traceback frames) and names the line and the cause; None when it is not such a case.
"""
from __future__ import annotations

import re

from autograder.sandbox import SandboxError

# names Python 3 dropped, with what replaces them
PY2_NAMES = {"xrange": "range", "raw_input": "input", "unicode": "str", "long": "int",
             "basestring": "str", "unichr": "chr", "reduce": "functools.reduce", "izip": "zip",
             "iteritems": "items", "itervalues": "values", "iterkeys": "keys", "has_key": "in"}
# numpy aliases removed in numpy 1.24 / 2.0, with what replaces them
NUMPY_REMOVED = {"float": "float or np.float64", "int": "int or np.int64", "bool": "bool",
                 "object": "object", "complex": "complex", "str": "str", "long": "int",
                 "asscalar": "a.item()", "NaN": "np.nan", "Inf": "np.inf", "PINF": "np.inf",
                 "NINF": "-np.inf", "product": "np.prod", "cumproduct": "np.cumprod",
                 "alltrue": "np.all", "sometrue": "np.any", "row_stack": "np.vstack",
                 "float_": "np.float64", "int0": "np.intp", "mat": "np.asmatrix"}
NUMPY_MOVED_MODULES = ("numpy.lib.function_base", "numpy.lib.shape_base", "numpy.lib.index_tricks",
                       "numpy.lib.arraysetops", "numpy.lib.nanfunctions", "numpy.lib.type_check",
                       "numpy.lib.ufunclike", "numpy.lib.utils", "numpy.core")

_FRAME = re.compile(r'File "([^"]*)", line (\d+)')


def _where(tb: str) -> str:
    frames = _FRAME.findall(tb or "")
    if not frames:
        return ""
    filename, line = frames[-1]
    lines = (tb or "").splitlines()
    code = ""
    for k, ln in enumerate(lines):
        if _FRAME.search(ln) and _FRAME.search(ln).groups() == (filename, line) and k + 1 < len(lines):
            code = lines[k + 1].strip()
    return f"line {line} of {filename}" + (f" ({code})" if code and not code.startswith(("^", "~")) else "")


def explain(err: SandboxError) -> str | None:
    """A sentence naming the line and the Python 2 / old-numpy cause, or None."""
    details = getattr(err, "details", {}) or {}
    typ = str(details.get("exc_type", ""))
    tb = str(details.get("traceback", ""))
    msg = err.message
    where = _where(tb)
    at = f" at {where}" if where else ""
    m = re.search(r"name '(\w+)' is not defined", msg)
    if typ == "NameError" and m and m.group(1) in PY2_NAMES:
        name = m.group(1)
        return (f"{name} does not exist in Python 3{at}: this code was written for Python 2; "
                f"use {PY2_NAMES[name]} instead")
    m = re.search(r"has no attribute '(\w+)'", msg)
    if typ == "AttributeError" and m and "numpy" in msg and m.group(1) in NUMPY_REMOVED:
        name = m.group(1)
        return (f"np.{name} was removed from numpy (1.24 / 2.0){at}; use {NUMPY_REMOVED[name]} instead")
    if typ == "AttributeError" and m and m.group(1) in PY2_NAMES and "dict" in msg:
        return (f"dict.{m.group(1)}() does not exist in Python 3{at}: this code was written for "
                f"Python 2; use .{PY2_NAMES[m.group(1)]}() instead")
    m = re.search(r"No module named '([\w.]+)'", msg)
    if typ in ("ModuleNotFoundError", "ImportError") and m and m.group(1).startswith(NUMPY_MOVED_MODULES):
        return (f"{m.group(1)} is not importable in numpy 2 (its contents moved or became private){at}; "
                "import the functions from numpy itself (e.g. np.hstack)")
    m = re.search(r"cannot import name '(\w+)' from '(numpy[\w.]*)'", msg)
    if typ == "ImportError" and m:
        return (f"{m.group(2)} no longer has {m.group(1)} (removed in numpy 1.24 / 2.0){at}")
    if typ == "TypeError" and ("slice indices must be integers" in msg
                               or "only integers, slices" in msg or "'float' object cannot be interpreted as an integer" in msg):
        return (f"an index or size is a float{at}: in Python 3, / always gives a float (it was "
                "integer division in Python 2); use // for indices and sizes")
    if typ == "TypeError" and "must be passed as a \"sequence\"" in msg:
        return (f"numpy no longer accepts a generator here{at}: pass a list "
                "(np.stack([... for ...]) instead of np.stack(... for ...))")
    if typ == "SyntaxError" and "Missing parentheses in call to 'print'" in msg:
        return f"a Python 2 print statement{at}: in Python 3, print is a function: print(...)"
    if typ == "SyntaxError" and re.search(r"except \w+, \w+", tb):
        return f"Python 2 syntax 'except E, e'{at}: in Python 3 write 'except E as e'"
    return None


def message(err: SandboxError) -> str:
    """The failure's own message, followed by the explanation when there is one."""
    why = explain(err)
    return f"{err.message.rstrip('.')} — {why}" if why else err.message
