"""One time budget per submission (`--timeout`), whatever the submission does: many calls
that each stay under the per-call limit, or cells that are slow only when they are replayed
after a worker crash. Run through the installed command on real files; the wall time is
checked against the budget plus a wide margin (containment, not speed)."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .notebooks import _code, submission, write

REPO = Path(__file__).resolve().parents[2]
NUMERIC = REPO / "tests" / "numeric" / "submissions"
MARGIN = 8.0       # start-up of the command and of the sandbox, on a busy machine

# every function the checker calls sleeps 0.8 s first (nested calls do not): each call stays
# under a 1 s limit, and the checker makes dozens of them
SLOW_CALLS = '''

import time as _time

_depth = [0]


def _slowly(f):
    def each_call(*args, **kwargs):
        if _depth[0] == 0:
            _time.sleep(0.8)
        _depth[0] += 1
        try:
            return f(*args, **kwargs)
        finally:
            _depth[0] -= 1
    return each_call


rnn_step_forward, rnn_step_backward = _slowly(rnn_step_forward), _slowly(rnn_step_backward)
rnn_forward, rnn_backward = _slowly(rnn_forward), _slowly(rnn_backward)
'''

# fast in the first worker (its scratch directory is w0), 1.8 s in any later one: slow only
# when replayed after a crash
SLOW_IN_REPLAY = ('import os, time\n'
                  'if os.path.basename(os.getcwd()) != "w0":\n'
                  '    time.sleep(1.8)')


def grade(*args, root=None):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if root:
        env["AUTOGRADER_ASSIGNMENTS"] = root
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", *map(str, args), "-q"],
                         capture_output=True, text=True, env=env, timeout=300)
    return out, time.monotonic() - started


def test_a_py_file_of_many_slow_calls_stops_at_its_budget(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text((NUMERIC / "rnn_correct.py").read_text() + SLOW_CALLS)
    out, seconds = grade("--assignment", "rnn_bptt", slow, "--cell-timeout", "1", "--timeout", "3",
                         "--json", tmp_path / "r.json", root=str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert seconds < 3 + MARGIN, seconds            # unbounded, the checks took ~45 s
    result = json.loads((tmp_path / "r.json").read_text())
    assert any("used up its time" in t["output"] for t in result["tests"])
    assert result["score"] < result["max_score"]


def test_cells_replayed_after_a_crash_share_the_notebook_budget(tmp_path, root):
    nb = submission()
    first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"][first_code + 1:first_code + 1] = (
        [_code(SLOW_IN_REPLAY) for _ in range(10)] + [_code("import os\nos._exit(1)")])
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"cell-{i}"
    path = write(nb, tmp_path / "replayed.ipynb")
    out, seconds = grade("--assignment", "fixture_hw", path, "--cell-timeout", "2", "--timeout", "4",
                         "--json", tmp_path / "r.json", root=root)
    assert out.returncode == 0, out.stderr
    assert seconds < 4 + MARGIN, seconds            # with the per-cell limit only: ~20 s
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["extra_data"]["sandbox_restarts"] >= 1
    # the replay used the budget up: the answer cells after the crash were not run
    assert "not run: the notebook used up its 4 s" in result["output"]
    assert result["tests"][[t["number"] for t in result["tests"]].index("sum_squares")]["score"] == 0
