"""Grading a class on a Dask distributed cluster (`autograder grade --cluster ADDRESS`).

What crosses the cluster: to a worker, the submission's bytes, its file name and student
id, the grading options and (once per worker) the assignment's folder as bytes; back, the
trusted grader's result as JSON text and the plot files it drew. Nothing a student's process
produced is ever unpickled: on each worker a warm grading process (`grading_process`, kept
by the `WarmSandbox` worker plugin) grades in its main thread with its own sandbox zygote,
exactly as a `--jobs` process does, and only that grader reads the sandbox's replies.

Results stream back as they are decided (journal, progress bar); the reports are written
here, from the result, so every output file is the same as a local run's. A worker that
dies takes its submissions back to the scheduler, which gives them to another worker
(Dask's own resubmission); a submission that kills workers repeatedly is reported as not
graded. Each submission has exactly one result, in the order of the class.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .pipeline import Options, unreadable
from .result_types import Failure
from .submissions import Submission

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:            # without the `cluster` extra: the plugin is never sent
    WorkerPlugin = object

PLUGIN = "autograder-warm-sandbox"
REPORT_FILES = ("feedback.md", "feedback.html")   # written where the results arrive


class ClusterProblem(RuntimeError):
    """The cluster cannot be used (not installed, unreachable, no workers, another version)."""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version
    try:
        return dist_version("bptt-grader")
    except PackageNotFoundError:
        return "unknown"


# -- on a worker ----------------------------------------------------------------------

class WarmSandbox(WorkerPlugin):
    """Worker plugin: the worker's grading processes (`grading_process`, each a warm grader
    with its own sandbox zygote; one per task running at once), the first started when the
    worker joins so the first submission finds it warm, all closed when it leaves."""

    name = PLUGIN
    idempotent = True

    def __init__(self, prewarm_expressions: bool = True):
        self.prewarm_expressions = prewarm_expressions
        self._idle: list = []
        self._all: list = []
        self._lock = threading.Lock()
        self.assignments: dict[str, Path] = {}      # bundle digest -> its folder on this worker
        self.scratch: Path | None = None

    def __getstate__(self):                          # sent to workers: settings only
        return {"prewarm_expressions": self.prewarm_expressions}

    def __setstate__(self, state):
        self.__init__(**state)

    def setup(self, worker=None):
        # in the worker's own directory, which Dask removes even after the worker was killed
        self.scratch = Path(tempfile.mkdtemp(prefix="ag-cluster-", dir=getattr(worker, "local_directory", None)))
        try:
            self.release(self.acquire())
        except RuntimeError:
            pass        # tried again per submission, and said there if it still fails

    def teardown(self, worker=None):
        with self._lock:
            for g in self._all:
                g.close()
            self._all.clear()
            self._idle.clear()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def acquire(self):
        """An idle grading process, or a new one."""
        from .grading_process import GradingProcess
        with self._lock:
            if self._idle:
                return self._idle.pop()
        g = GradingProcess(self.prewarm_expressions)
        with self._lock:
            self._all.append(g)
        return g

    def release(self, g) -> None:
        with self._lock:
            self._idle.append(g)

    def assignment_root(self, bundle: dict) -> Path | None:
        """The assignment's folder, unpacked once on this worker from the bytes sent."""
        if not bundle:
            return None
        key = bundle["digest"]
        with self._lock:
            if key not in self.assignments:
                root = self.scratch / "assignments" / key
                for rel, data in bundle["files"].items():
                    path = root / bundle["id"] / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                self.assignments[key] = root
            return self.assignments[key]


def _plugin() -> WarmSandbox:
    from distributed import get_worker
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN)
    if plugin is None:       # registered after this worker joined and not yet set up here
        plugin = WarmSandbox()
        plugin.setup(worker)
        worker.plugins[PLUGIN] = plugin
    return plugin


def grade_bytes(bundle: dict, assignment_name: str, student_id: str, filename: str, data: bytes,
                options: Options, grader_version: str) -> dict:
    """A task on a worker: grade one submission given as bytes. Returns the result as JSON
    text (without its report paths) and the files drawn for the student's feedback, as bytes."""
    if grader_version != version():
        raise ClusterProblem(f"this worker runs autograder {version()}, the grader {grader_version}: "
                             "install the same version on every worker")
    plugin = _plugin()
    root = plugin.assignment_root(bundle)
    work = Path(tempfile.mkdtemp(prefix="sub-", dir=plugin.scratch))
    try:
        (work / "in").mkdir()
        path = work / "in" / filename
        path.write_bytes(data)
        feedback = work / "feedback" if options.feedback_dir else None
        here = dataclasses.replace(options, root=str(root) if root else options.root,
                                   feedback_dir=str(feedback) if feedback else None)
        try:
            grader = plugin.acquire()
        except RuntimeError as e:
            from .pipeline import _try_load
            result = unreadable(_try_load(assignment_name, here), Submission(student_id, path),
                                f"the grader failed on this worker ({e}); it will be looked at by hand")
        else:
            try:
                result = grader.grade(assignment_name, Submission(student_id, path), here)
            finally:
                plugin.release(grader)
        extra = result.get("extra_data", {})
        extra.pop("reports", None)
        if feedback is not None and isinstance(extra.get("plots"), list):
            # a .py graded alone names its plots by path: the path they get where results arrive
            extra["plots"] = [str(Path(options.feedback_dir)) + p[len(str(feedback)):]
                              if isinstance(p, str) and p.startswith(str(feedback) + os.sep) else p
                              for p in extra["plots"]]
        files = {}
        if feedback is not None and (feedback / student_id).is_dir():
            mine = feedback / student_id
            for f in sorted(mine.rglob("*")):
                if f.is_file() and f.relative_to(mine).as_posix() not in REPORT_FILES:
                    files[f.relative_to(mine).as_posix()] = f.read_bytes()
        # JSON text, not the dict: what comes back is data, whatever a bug let into it
        return {"result": json.dumps(result, default=str), "files": files}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- where the grader runs ---------------------------------------------------------------

def _bundle(asg) -> dict:
    """The assignment's folder as bytes (spec, notebook, data), to grade from on the workers
    whatever is installed there; its sample submissions stay behind."""
    if asg is None:
        return {}
    files, h = {}, hashlib.sha256()
    for f in sorted(Path(asg.directory).rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and not f.is_relative_to(asg.samples_dir):
            rel = f.relative_to(asg.directory).as_posix()
            files[rel] = f.read_bytes()
            h.update(rel.encode() + b"\0" + hashlib.sha256(files[rel]).digest())
    return {"id": asg.id, "files": files, "digest": h.hexdigest()[:16]}


def connect(address: str, wait_seconds: float = 60.0):
    """A Dask client of the scheduler at `address`, with at least one worker."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterProblem("--cluster needs Dask: pip install 'bptt-grader[cluster]'") from None
    try:
        # connecting waits as long as Dask's distributed.comm.timeouts.connect (30 s by default)
        client = Client(address, set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise ClusterProblem(f"cannot reach the Dask scheduler at {address} ({type(e).__name__}: {e})") from None
    try:
        client.wait_for_workers(1, timeout=wait_seconds)
    except TimeoutError:
        client.close()
        raise ClusterProblem(f"no worker joined the Dask scheduler at {address} within {wait_seconds:g} s") from None
    return client


def grade_on_cluster(address: str, assignment_name: str, subs: list[Submission], *, jobs: int = 1,
                     options: Options = Options(), on_done=None, known: dict[int, dict] | None = None,
                     window: int | None = None, client=None) -> list[dict]:
    """Like `pipeline.grade_many`, on the workers of the Dask scheduler at `address` (or
    of `client`; `jobs` is for the signature only: the workers decide). At most `window`
    submissions are out at a time (default: 4 per worker thread), so a class of any size
    streams through in bounded memory."""
    from concurrent.futures import CancelledError

    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from .pipeline import _try_load

    asg = _try_load(assignment_name, options)
    results: list[dict | None] = [None] * len(subs)
    for i, r in (known or {}).items():
        results[i] = r
    todo = [i for i in range(len(subs)) if results[i] is None]
    if not todo:
        return results
    own = client is None
    client = client or connect(address)
    try:
        client.register_plugin(WarmSandbox(), name=PLUGIN)
        bundle = client.scatter(_bundle(asg), broadcast=True, hash=False) if asg is not None else {}
        threads = sum(client.nthreads().values()) or 1
        window = window or max(8, 4 * threads)
        grader = version()
        pending = iter(todo)
        futures = as_completed(loop=client.loop)
        index: dict = {}

        def send(n: int) -> None:
            for i in pending:
                sub = subs[i]
                try:
                    data = sub.path.read_bytes()
                except OSError as e:
                    results[i] = unreadable(asg, sub, f"the submission could not be read ({e.strerror or e})",
                                            Failure.UNREADABLE)
                    if on_done:
                        on_done(i, results[i])
                    continue
                f = client.submit(grade_bytes, bundle, assignment_name, sub.student_id, sub.path.name,
                                  data, options, grader, pure=False, retries=0)
                index[f.key] = i
                futures.add(f)
                n -= 1
                if n <= 0:
                    return

        send(window)
        for f in futures:
            i = index.pop(f.key)
            try:
                out = f.result()
                result = _arrived(out, asg, assignment_name, options)
            except KilledWorker:
                result = unreadable(asg, subs[i], "the grading process died on every worker that took "
                                                  "this submission; it will be looked at by hand",
                                    Failure.PROCESS_DIED)
            except ClusterProblem:
                raise
            except CancelledError:
                raise ClusterProblem(f"the Dask scheduler at {address} was lost while grading; what "
                                     "was graded is in the journal: run again with --resume") from None
            except Exception as e:
                result = unreadable(asg, subs[i], f"the grader failed on this submission "
                                                  f"({type(e).__name__}: {e}); it will be looked at by hand")
            f.release()
            results[i] = result
            if on_done:
                on_done(i, result)
            send(1)
    finally:
        if own:
            client.close()
    return results


def _arrived(out: dict, asg, assignment_name: str, options: Options) -> dict:
    """A worker's answer, made into what a local run leaves: plots, then the reports."""
    result = json.loads(out["result"])
    if options.feedback_dir and "student_id" in result.get("extra_data", {}):
        folder = Path(options.feedback_dir) / result["extra_data"]["student_id"]
        for rel, data in out["files"].items():
            target = (folder / rel).resolve()
            if not target.is_relative_to(folder.resolve()):
                continue               # only ever a file of this student's folder
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if not result["extra_data"].get("error"):
            from .report import write_reports
            if asg is None:
                from types import SimpleNamespace
                asg = SimpleNamespace(title=f"{assignment_name} (code)", model="")
            result["extra_data"]["reports"] = write_reports(result, asg, options.feedback_dir)
    return result
