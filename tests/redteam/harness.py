"""Shared tools of the red-team suite: build a hostile or broken submission from a real
solution notebook, grade it as a class would be graded, and watch the file system.

Every case grades a real submission of the rnn_bptt assignment (expression, code and
value questions) with the limits below, so a case shows both that the attack is contained
and that the rest of the submission is still graded.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading import spec
from autograder.grading.pipeline import Options, grade_submission, load_assignment

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "rnn_bptt"
SOLUTION = spec.load(ASSIGNMENT).solution_path

# The configured limits of the suite: a cell may run 3 s, a notebook's cells 20 s, a worker
# may map 1 GiB. A case may take at most its limit plus SLACK seconds in all.
OPTIONS = Options(cell_seconds=3.0, total_seconds=20.0, memory_mb=1024)
SLACK = 5.0

# The questions of rnn_bptt by the answer cell they read.
EXPRESSIONS = ("grad_Z_t", "grad_H_tm1", "grad_W")
CODE = ("step_functions", "sequence_functions")
VALUES = ("spectral_radius", "gradient_ratio")

# Places a hostile submission must not read or change (besides the whole repository tree).
PROTECTED_DIRS = ("assignments", "autograder", "tests")


def solution() -> dict:
    return json.loads(SOLUTION.read_text(encoding="utf-8"))


def cell_index(nb: dict, grade_id: str) -> int:
    for i, c in enumerate(nb["cells"]):
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return i
    raise KeyError(grade_id)


def with_answer(grade_id: str, source: str, *, append: bool = False, nb: dict | None = None) -> dict:
    """The solution notebook with one answer cell replaced (or extended, `append`)."""
    nb = copy.deepcopy(nb or solution())
    cell = nb["cells"][cell_index(nb, grade_id)]
    old = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = (old + "\n" + source) if append else source
    return nb


def with_cell_after(grade_id: str, source: str, nb: dict | None = None) -> dict:
    """The solution notebook with an extra code cell (no nbgrader metadata) after an answer cell."""
    nb = copy.deepcopy(nb or solution())
    i = cell_index(nb, grade_id)
    nb["cells"].insert(i + 1, {"cell_type": "code", "execution_count": None, "metadata": {},
                               "outputs": [], "source": source})
    return nb


def write(nb_or_bytes, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb_or_bytes, (bytes, bytearray)):
        path.write_bytes(nb_or_bytes)
    else:
        path.write_text(json.dumps(nb_or_bytes, indent=1), encoding="utf-8")
    return path


@dataclass
class Graded:
    result: dict
    seconds: float
    limit: float

    def test(self, qid: str) -> dict:
        return next(t for t in self.result["tests"] if t["number"] == qid)

    def score(self, qid: str) -> float:
        return self.test(qid)["score"]

    def full(self, qid: str) -> bool:
        t = self.test(qid)
        return t["score"] == t["max_score"]

    def feedback(self) -> str:
        """Everything a student reads: the overall output and every question's output."""
        parts = [self.result.get("output", "")] + [t.get("output", "") for t in self.result["tests"]]
        return "\n".join(parts)


def grade(path: Path, zygote, *, options: Options = OPTIONS, student_id: str | None = None) -> Graded:
    """Grade one rnn_bptt submission as `autograder grade` does, timing it."""
    return grade_as(load_assignment(ASSIGNMENT), path, zygote, options=options, student_id=student_id)


# Student-side preamble of the probing attacks: `attempt(name, fn)` records in `got` each
# forbidden action that did not raise OSError.
ATTEMPTS = """
got = []
def attempt(name, fn):
    try:
        fn()
        got.append(name)
    except OSError:
        pass
"""


# -- the file system ------------------------------------------------------------------

# How a worker is refused a path outside its scratch directory: Landlock says "Permission
# denied"; in the worker's own view of the file system (a mount namespace) the path is not
# there at all, or is on a read-only mount.
REFUSALS = ("Permission denied", "No such file or directory", "Read-only file system")


def refused(feedback: str) -> bool:
    return any(r in feedback for r in REFUSALS)


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def snapshot(*roots: Path) -> dict[str, tuple]:
    """Every file under the roots with its size, mtime and content digest; and every
    directory (so that a new empty directory shows too)."""
    out: dict[str, tuple] = {}
    for root in roots:
        if root.is_file():
            st = root.stat()
            out[str(root)] = (st.st_size, st.st_mtime_ns, _digest(root))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in ("__pycache__", ".pytest_cache")]
            out[dirpath] = ("dir",)
            for name in filenames:
                p = Path(dirpath) / name
                if p.suffix == ".pyc":
                    continue
                try:
                    st = p.stat()
                    out[str(p)] = (st.st_size, st.st_mtime_ns, _digest(p))
                except OSError:
                    out[str(p)] = ("unreadable",)
    return out


def changes(before: dict, after: dict) -> list[str]:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    return [f"+ {p}" for p in added] + [f"- {p}" for p in removed] + [f"~ {p}" for p in changed]


@dataclass
class Watch:
    """The protected places around a graded submission: the repository's own trees, the
    class folder of the other students, the results and gradebook files."""
    roots: list[Path] = field(default_factory=list)
    before: dict = field(default_factory=dict)

    def start(self) -> "Watch":
        self.before = snapshot(*self.roots)
        return self

    def changed(self) -> list[str]:
        return changes(self.before, snapshot(*self.roots))


def protected_roots() -> list[Path]:
    return [ROOT / d for d in PROTECTED_DIRS if (ROOT / d).exists()] + \
        [p for p in ROOT.iterdir() if p.is_file()]


# -- helpers of the text and broken-notebook cases --------------------------------------

LSTM = "lstm_univariate"
LSTM_SOLUTION = spec.load(LSTM).solution_path


def lstm_solution() -> dict:
    """The solution notebook of lstm_univariate (expression, derivation and manual questions;
    no code, so grading it runs nothing)."""
    return json.loads(LSTM_SOLUTION.read_text(encoding="utf-8"))


def narrowed(assignment_id: str, question_ids) -> object:
    """An assignment's spec with only some of its questions. Expression answers are read
    statically and never run, so their cases can grade just those questions (no sandbox)."""
    import dataclasses
    asg = load_assignment(assignment_id)
    keep = tuple(q for q in asg.questions if q.id in set(question_ids))
    return dataclasses.replace(asg, questions=keep)


def grade_as(assignment, path: Path, zygote=None, *, options: Options = OPTIONS,
             student_id: str | None = None) -> Graded:
    """`grade` for another assignment, or a narrowed spec (an id or a loaded spec)."""
    t0 = time.monotonic()
    result = grade_submission(assignment, path, student_id, zygote=zygote, options=options)
    seconds = time.monotonic() - t0
    assert result["tests"], "every submission gets a results entry"
    assert seconds <= options.total_seconds + SLACK, f"grading took {seconds:.1f} s"
    return Graded(result, seconds, options.total_seconds)


# -- kernel features a case relies on ---------------------------------------------------

FEATURES = {
    "fs": "Landlock file-system rules (kernel >= 5.13)",
    "net": "Landlock TCP rules (Landlock ABI >= 4, kernel >= 6.7)",
    "signals": "Landlock signal scoping (Landlock ABI >= 6, kernel >= 6.12)",
    "seccomp": "the seccomp filter (x86_64 or aarch64)",
    "sockets_blocked": "the seccomp filter (x86_64 or aarch64)",
    "signals_seccomp": "the seccomp filter (x86_64 or aarch64)",
    "others_untouchable": "the seccomp filter (x86_64 or aarch64)",
    "memfd_blocked": "the seccomp filter (x86_64 or aarch64)",
    "inotify_blocked": "the seccomp filter (x86_64 or aarch64)",
    "pid_namespace": "a pid namespace (user namespaces allowed, or grading as root)",
    "private_view": "a private mount namespace (user namespaces allowed, or grading as root)",
    "disk_kernel": "a scratch tmpfs in a mount namespace (user namespaces allowed, or grading as root)",
}


def protections(zygote) -> dict:
    """What the workers of `zygote` report as active (`Sandbox.protections`)."""
    from autograder.sandbox import Sandbox

    # kept on the zygote itself: an id() is reused once a module's zygote is freed, and a
    # namespace-less zygote must never be taken for the one that had a tmpfs before it
    if getattr(zygote, "_redteam_protections", None) is None:
        with Sandbox(zygote=zygote) as sb:
            zygote._redteam_protections = dict(sb.protections)
    return zygote._redteam_protections


def require(zygote, *features: str) -> None:
    """Skip the calling case, naming the missing kernel feature, unless the sandbox reports
    every one of `features` active (keys of `Sandbox.protections`): a case must never pass
    only because the attack had nothing to hit."""
    import pytest

    missing = [f for f in features if not protections(zygote).get(f)]
    if missing:
        pytest.skip("not active in this case's sandbox (turned off for the case, or missing on this machine): " + "; ".join(FEATURES.get(f, f) for f in missing))
