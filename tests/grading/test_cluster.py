"""`autograder grade --cluster ADDRESS`: a class graded on a Dask cluster of worker
processes on this machine leaves the same files as `--jobs 2`, byte for byte, and a
worker killed mid-run loses no submission."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.grading.spec import load

distributed = pytest.importorskip("distributed", reason="the `cluster` extra (dask, distributed) is not installed")

ROOT = Path(__file__).resolve().parents[2]
AID = "rnn_bptt"          # expressions, code with plots, values: every kind of output
pytestmark = pytest.mark.slow


def _course(folder: Path) -> Path:
    """An nbgrader course's submitted/ folder: the solution, the bundled wrong submissions
    and two distinct students of the benchmark's fair class."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from fair_class import write_class

    notebooks = [load(AID).solution_path,
                 *sorted(load(AID).samples_dir.glob("*.ipynb")),
                 *write_class(AID, folder / "fair", n=2, seed=7)]
    submitted = folder / "course" / "submitted"
    for n, nb in enumerate(notebooks):
        d = submitted / f"student{n}" / AID
        d.mkdir(parents=True)
        shutil.copy(nb, d / f"{AID}.ipynb")
    return submitted


def _grade(submitted: Path, out: Path, *extra) -> subprocess.Popen:
    """The CLI in a fresh process, every output in `out` (the same paths for every run)."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "autograder.cli", "grade", "--assignment", AID,
           "--assignments-dir", str(ROOT / "assignments"), str(submitted), "--quiet",
           "--json", str(out / "results.json"), "--csv", str(out / "grades.csv"),
           "--feedback", str(out / "feedback"), *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> None:
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _same_outputs(local: dict[str, bytes], cluster: dict[str, bytes]) -> None:
    assert sorted(local) == sorted(cluster)
    for name in local:
        if name.endswith(".journal.jsonl"):
            # lines in the order results were decided, which no parallel run fixes
            head_l, *lines_l = local[name].splitlines()
            head_c, *lines_c = cluster[name].splitlines()
            assert head_l == head_c and sorted(lines_l) == sorted(lines_c), name
        else:
            assert local[name] == cluster[name], f"{name} differs between --jobs 2 and --cluster"


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as c, Client(c) as client:
        yield c, client


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """The class graded with --jobs 2 here; its outputs moved aside."""
    tmp = tmp_path_factory.mktemp("cluster")
    submitted = _course(tmp)
    _finish(_grade(submitted, tmp / "out", "--jobs", "2"))
    files = _files(tmp / "out")
    shutil.move(tmp / "out", tmp / "local")
    return tmp, submitted, files


def test_cluster_outputs_are_the_local_outputs_byte_for_byte(cluster, local_run):
    c, _ = cluster
    tmp, submitted, local = local_run
    _finish(_grade(submitted, tmp / "out", "--cluster", c.scheduler_address))
    try:
        results = json.loads((tmp / "out" / "results.json").read_text())
        assert len(results) == 6 and any(r["score"] < r["max_score"] for r in results)
        assert any(p.endswith(".svg") for p in local), "the class should draw plots"
        _same_outputs(local, _files(tmp / "out"))
    finally:
        shutil.rmtree(tmp / "out", ignore_errors=True)


def _kill_a_busy_worker(client, journal: Path, proc: subprocess.Popen) -> int:
    """Once the first result is journaled, SIGKILL a worker process that holds a
    submission; returns how many submissions it held."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.is_file() and len(journal.read_text().splitlines()) >= 2:
            busy = {w: keys for w, keys in client.processing().items() if keys}
            if busy:
                worker = next(iter(busy))
                pid = client.run(os.getpid, workers=[worker])[worker]
                os.kill(pid, signal.SIGKILL)
                return len(busy[worker])
        time.sleep(0.05)
    return 0


def test_a_worker_killed_mid_run_loses_no_submission(cluster, local_run):
    c, client = cluster
    tmp, submitted, local = local_run
    proc = _grade(submitted, tmp / "out", "--cluster", c.scheduler_address)
    held = _kill_a_busy_worker(client, tmp / "out" / "results.json.journal.jsonl", proc)
    _finish(proc)
    try:
        assert held >= 1, "no worker was grading when the first result came back"
        results = json.loads((tmp / "out" / "results.json").read_text())
        ids = [r["extra_data"]["student_id"] for r in results]
        assert sorted(ids) == sorted(set(ids)) and len(ids) == 6      # each submission once
        assert not any(r["extra_data"].get("error") for r in results)
        _same_outputs(local, _files(tmp / "out"))                     # regraded, same results
    finally:
        shutil.rmtree(tmp / "out", ignore_errors=True)


def test_an_unreachable_scheduler_is_an_infrastructure_error(tmp_path):
    nb = load(AID).solution_path
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "--assignment", AID,
                          "--assignments-dir", str(ROOT / "assignments"), str(nb), "--quiet",
                          "--cluster", "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s"))
    assert out.returncode == 3, out.stderr
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in out.stderr
    assert "Traceback" not in out.stderr
