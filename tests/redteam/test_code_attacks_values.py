"""Hostile code in a notebook, continued: reading secrets, writing where it must not,
leaving traces for the next submission, monkeypatching the checkers, and graded values and
functions that return hostile objects. Each case grades a real rnn_bptt submission."""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

from . import harness

pytestmark = pytest.mark.redteam("attack")

ROOT = harness.ROOT


def _graded(classroom, zygote, nb, name="mallory"):
    watch = classroom.watch()
    g = harness.grade(harness.write(nb, classroom.submissions / f"{name}.ipynb"), zygote)
    assert watch.changed() == []
    return g


def _all_full_except(g, *attacked):
    for t in g.result["tests"]:
        if t["number"] not in attacked:
            assert t["score"] == t["max_score"], (t["number"], t["output"])


def _after_spectral(src, nb=None):
    return harness.with_cell_after("answer_spectral_radius", src, nb=nb)


# -- reading what it must not -----------------------------------------------------------

# the path to read, as Python source evaluated in the worker
SECRETS = {
    "solutions": repr(str(harness.SOLUTION)),
    "hidden_logic": repr(str(ROOT / "assignments" / "rnn_bptt" / "support.py")),
    "assignment_spec": repr(str(ROOT / "assignments" / "rnn_bptt" / "assignment.toml")),
    "zygote_environ": "f'/proc/{os.getppid()}/environ'",
    "zygote_cmdline": "f'/proc/{os.getppid()}/cmdline'",
    "grader_environ": repr(f"/proc/{os.getpid()}/environ"),
    "grader_memory": repr(f"/proc/{os.getpid()}/mem"),
    "through_proc_root": repr(f"/proc/{os.getpid()}/root{harness.SOLUTION}"),
}

EXFILTRATE = '''
import os
path = {path}
try:
    with open(path, "rb") as f:
        stolen = f.read(300).decode("latin-1")
except OSError:
    stolen = None
if stolen is not None:
    spectral_radius = 1.0                               # what it read decides a graded value
    raise RuntimeError("LEAKED:" + stolen)              # and travels in an exception message
open(path, "rb")                                        # uncaught: the student sees why
'''


def _assert_not_read(g):
    assert "LEAKED:" not in json.dumps(g.result)
    assert harness.refused(g.feedback()), g.feedback()
    _all_full_except(g)                          # spectral_radius kept its honest value: read failed


@pytest.mark.parametrize("target", sorted(SECRETS))
def test_reading_a_secret(classroom, zygote, target):
    harness.require(zygote, 'fs')
    g = _graded(classroom, zygote, _after_spectral(EXFILTRATE.format(path=SECRETS[target])))
    _assert_not_read(g)


def test_reading_another_students_submission(classroom, zygote):
    harness.require(zygote, 'fs')
    g = _graded(classroom, zygote, _after_spectral(EXFILTRATE.format(path=repr(str(classroom.others[0])))))
    _assert_not_read(g)


def test_linking_the_solutions_into_its_scratch_dir(classroom, zygote):
    harness.require(zygote, 'fs')
    src = f'''
import os
stolen = []
for how in (os.symlink, os.link):
    try:
        how({str(harness.SOLUTION)!r}, how.__name__)
        stolen.append(open(how.__name__, "rb").read(300).decode("latin-1"))
    except OSError:
        pass
if stolen:
    spectral_radius = 1.0
    raise RuntimeError("LEAKED:" + stolen[0])
os.symlink({str(harness.SOLUTION)!r}, "again")
open("again", "rb")                                     # uncaught
'''
    _assert_not_read(_graded(classroom, zygote, _after_spectral(src)))


# -- writing where it must not ------------------------------------------------------------

def test_writing_outside_its_scratch_dir(classroom, zygote):
    harness.require(zygote, 'fs', 'seccomp')
    tag = uuid.uuid4().hex
    outside = [Path("/tmp") / f"ag-redteam-{tag}", Path.home() / f"ag-redteam-{tag}",
               zygote.scratch / f"ag-redteam-{tag}", zygote.scratch / f"w999999"]
    appends = [ROOT / "autograder" / "grading" / "score.py", classroom.results, classroom.gradebook,
               classroom.others[0]]
    src = f'''
import os, shutil
{harness.ATTEMPTS}for p in {[str(p) for p in appends]!r}:
    attempt("append " + p, lambda: open(p, "a").write("\\n# owned\\n"))
    attempt("truncate " + p, lambda: os.truncate(p, 0))
    attempt("chmod " + p, lambda: os.chmod(p, 0o777))
    attempt("utime " + p, lambda: os.utime(p, (0, 0)))
    attempt("rename " + p, lambda: os.rename(p, p + ".bak"))
    attempt("unlink " + p, lambda: os.unlink(p))
attempt("new solution", lambda: open({str(harness.SOLUTION.parent / "evil.ipynb")!r}, "w").write("{{}}"))
attempt("rmtree solutions", lambda: shutil.rmtree({str(harness.SOLUTION.parent)!r}))
for p in {[str(p) for p in outside]!r}:
    attempt("create " + p, lambda: open(p, "w").write("owned"))
    attempt("mkdir " + p, lambda: os.mkdir(p + ".d"))
if got:
    spectral_radius = 1.0
    raise RuntimeError(f"wrote: {{got}}")
open({str(ROOT / "autograder" / "grading" / "score.py")!r}, "a")     # uncaught
'''
    g = _graded(classroom, zygote, _after_spectral(src))
    assert harness.refused(g.feedback()), g.feedback()
    _all_full_except(g)
    for p in outside:
        assert not p.exists() and not Path(str(p) + ".d").exists(), p


# -- traces for the next submission ------------------------------------------------------------

def test_nothing_persists_into_the_next_submission(classroom, zygote):
    harness.require(zygote, 'fs')
    tag = uuid.uuid4().hex
    plant = f'''
import os, builtins
os.environ["AG_REDTEAM_{tag}"] = "1"
os.putenv("AG_REDTEAM_PUT_{tag}", "1")
for d in (".", os.environ["HOME"], os.environ["TMPDIR"]):
    open(os.path.join(d, "trace-{tag}"), "w").write("1")
for k in range(200):                        # the scratch dirs of workers still to come
    try:
        os.makedirs(f"../w{{k}}", exist_ok=True)
        open(f"../w{{k}}/trace-{tag}", "w").write("1")
    except OSError:
        pass
builtins.AG_TRACE = True
np.AG_TRACE = True
open("/tmp/trace-{tag}", "w")               # uncaught: outside its scratch dir
'''
    g1 = _graded(classroom, zygote, _after_spectral(plant))
    assert harness.refused(g1.feedback()), g1.feedback()
    _all_full_except(g1)
    look = f'''
import os, glob, builtins
seen = [k for k in os.environ if "{tag}" in k]
seen += [p for p in glob.glob("**/trace-{tag}", recursive=True)]
seen += [p for p in ("/tmp/trace-{tag}", os.path.join(os.environ["HOME"], "trace-{tag}"))
         if os.path.exists(p)]
seen += [f"../w{{k}}" for k in range(200) if os.path.exists(f"../w{{k}}/trace-{tag}")]
seen += [n for n, m in (("builtins", builtins), ("numpy", np)) if hasattr(m, "AG_TRACE")]
if seen:
    spectral_radius = 1.0
    raise RuntimeError(f"saw {{seen}}")
'''
    g2 = _graded(classroom, zygote, _after_spectral(look), name="next")
    assert g2.result["score"] == g2.result["max_score"], g2.feedback()
    assert not Path(f"/tmp/trace-{tag}").exists()


def test_a_preloaded_module_changed_by_one_submission_is_pristine_for_the_next(classroom):
    """The zygote imports the authored notebook's modules once (matplotlib): each worker gets
    its own copy of them, whatever the one before did to its copy."""
    pytest.importorskip("matplotlib")
    from autograder.sandbox import Zygote

    tag = uuid.uuid4().hex
    plant = f'''
import matplotlib, matplotlib.pyplot as plt
plt.AG_TRACE_{tag} = True
matplotlib.rcParams["lines.linewidth"] = 42.0
plt.show = lambda *a, **k: None
'''
    look = f'''
import sys, matplotlib, matplotlib.pyplot as plt
seen = [n for n in ("matplotlib.pyplot",) if n not in sys.modules]   # preloaded: already there
seen += ["trace"] if hasattr(plt, "AG_TRACE_{tag}") else []
seen += ["rcParams"] if matplotlib.rcParams["lines.linewidth"] == 42.0 else []
seen += ["show"] if plt.show.__name__ == "<lambda>" else []
if seen:
    spectral_radius = 1.0
    raise RuntimeError(f"saw {{seen}}")
'''
    with Zygote(preload=("matplotlib.pyplot",)) as preloaded:
        assert preloaded.info["preloaded"] == ["matplotlib.pyplot"]
        g1 = _graded(classroom, preloaded, harness.with_answer("answer_spectral_radius", plant, append=True))
        _all_full_except(g1)
        g2 = _graded(classroom, preloaded, _after_spectral(look), name="next")
    assert g2.result["score"] == g2.result["max_score"], g2.feedback()


# -- monkeypatching the checks ----------------------------------------------------------------

def test_monkeypatching_numpy_sympy_builtins_check_and_the_grader(classroom, zygote):
    wrong_backward = '''
def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    return (np.zeros_like(x), np.zeros_like(prev_h), np.zeros_like(Wx), np.zeros_like(Wh),
            np.zeros(Wh.shape[0]))
'''
    patches = '''
import builtins
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.linalg.norm = lambda *a, **k: 0.0
builtins.abs = lambda x: 0
builtins.round = lambda x, *a: 0
def check(*args, **kwargs):
    print("correct")
    return True
try:
    import sympy
    sympy.simplify = lambda e, *a, **k: 0
    sympy.Expr.equals = lambda self, other, *a: True
except Exception:
    pass
import autograder.grading.score as score          # uncaught: the grader is not readable
score.value = lambda *a, **k: None
'''
    nb = harness.with_answer("answer_step_functions", wrong_backward, append=True)
    nb = harness.with_answer("answer_spectral_radius", "spectral_radius = 0.5\n", nb=nb)
    nb = harness.with_cell_after("rnn_bptt-02", patches, nb=nb)
    # breaks the worker's own use of isinstance: only this student's worker suffers
    nb = harness.with_cell_after("answer_gradient_ratio",
                                 "import builtins\nbuiltins.isinstance = lambda *a: True\n", nb=nb)
    g = _graded(classroom, zygote, nb)
    # unreadable (Landlock), or absent from the worker's own view of the file system
    patched = harness.cell_index(nb, "rnn_bptt-02") + 2          # the cell after the setup, 1-based
    assert (f"cell {patched} raised PermissionError" in g.feedback()
            or f"cell {patched} raised ModuleNotFoundError" in g.feedback()) \
        and "autograder" in g.feedback(), g.feedback()
    assert "the worker process exited with code 0 while loading" in g.feedback()
    assert g.score("spectral_radius") == 0
    assert not g.full("step_functions") and not g.full("sequence_functions")
    for q in harness.EXPRESSIONS:
        assert g.full(q)


# -- hostile values -------------------------------------------------------------------------

HOSTILE = {
    "ndarray_subclass": ('''
class Always(np.ndarray):
    def __eq__(self, other):
        return True
    def __array_ufunc__(self, *args, **kwargs):
        return True
    def __float__(self):
        return 0.5626840670
spectral_radius = np.array(0.0).view(Always)
''', "an ndarray subclass (submission.Always)"),
    "lying_object": ('''
class Liar:
    def __eq__(self, other): return True
    def __abs__(self): return 0.0
    def __float__(self): return 0.5626840670
    def __len__(self): return 1
    def __iter__(self): return iter([0.5626840670])
    def __array__(self, *a, **k): return np.array(0.5626840670)
    def __reduce__(self): return (os.system, ("true",))
spectral_radius = Liar()
''', "an object of type submission.Liar"),
    "float_subclass": ('''
class Sneaky(float):
    def __eq__(self, other): return True
    def __sub__(self, other): return 0.0
    __rsub__ = __sub__
spectral_radius = Sneaky(123.0)
''', "an object of type submission.Sneaky"),
    "endless_generator": ('''
def forever():
    while True:
        yield 0.5626840670
spectral_radius = forever()
''', "a generator"),
    "deeply_nested_list": ('''
spectral_radius = []
for _ in range(100000):
    spectral_radius = [spectral_radius]
''', "a list that is not a plain list of numbers"),
    "huge_list": ("spectral_radius = [0.5] * 10**7\n", "a list too long to send back"),
    "dict": ('spectral_radius = {"value": 0.5626840670, "__eq__": True}\n', "an object of type dict"),
    "object_array": ("spectral_radius = np.array([object()])\n", "dtype |O"),
    "hostile_metaclass": ('''
class Meta(type):
    @property
    def __module__(cls):                    # read when the grader names the value
        raise SystemExit("no name for you")
class Nameless(metaclass=Meta):
    pass
spectral_radius = Nameless()
''', "could not be read"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_graded_value(classroom, zygote, kind):
    src, named = HOSTILE[kind]
    g = _graded(classroom, zygote, _after_spectral("import os\n" + src))
    out = g.test("spectral_radius")["output"]
    assert g.score("spectral_radius") == 0, out
    assert named in out, out
    _all_full_except(g, "spectral_radius")


def test_hostile_returns_from_graded_functions(classroom, zygote):
    src = '''
class Always(np.ndarray):
    def __eq__(self, other):
        return True
    def __array_ufunc__(self, *args, **kwargs):
        return True

_honest_forward, _honest_backward = rnn_step_forward, rnn_step_backward

def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h, cache = _honest_forward(x, prev_h, Wx, Wh, b)
    return next_h.view(Always), cache

'''
    endless = '''
def rnn_backward(dh, cache):
    def endless():
        while True:
            yield np.zeros(1)
    return endless()
'''
    nb = harness.with_answer("answer_step_functions", src, append=True)
    nb = harness.with_answer("answer_sequence_functions", endless, append=True, nb=nb)
    g = _graded(classroom, zygote, nb)
    step, seq = g.test("step_functions")["output"], g.test("sequence_functions")["output"]
    assert g.score("step_functions") == 0, step
    assert "next_h returned by rnn_step_forward is an ndarray subclass (submission.Always)" in step, step
    assert "rnn_backward returned a generator" in seq, seq
    assert g.score("sequence_functions") < g.test("sequence_functions")["max_score"]
    for q in harness.EXPRESSIONS:
        assert g.full(q)
