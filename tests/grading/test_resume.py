"""The grader loses nothing: each result is journaled as it is decided, `grade --resume`
finishes a class that was killed without grading again what was done, and a sandbox zygote
that dies is replaced (the submission it was under is graded once more).

Everything here runs the installed command in its own process, on real notebooks, and
kills real processes."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main

from .notebooks import _code, submission, write

REPO = Path(__file__).resolve().parents[2]
STUDENTS = ["ana", "ben", "cleo", "dev"]
OUTPUTS = ["--json", "r.json", "--csv", "g.csv", "--feedback", "fb"]


def _class(folder: Path, extra_cell: str) -> Path:
    """A class of right notebooks, each with one more cell of its own (slow, or timing out)."""
    for name in STUDENTS:
        nb = submission()
        first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
        nb["cells"].insert(first_code + 1, _code(extra_cell))
        for i, c in enumerate(nb["cells"]):
            c["id"] = f"cell-{i}"
        write(nb, folder / "class" / f"{name}.ipynb")
    return folder


def _command(*args):
    return [sys.executable, "-m", "autograder.cli", "grade", "--assignment", "fixture_hw", "class", *args, "-q"]


def _env(root):
    return dict(os.environ, PYTHONPATH=str(REPO), AUTOGRADER_ASSIGNMENTS=root)


def _grade(folder: Path, root, *args):
    out = subprocess.run(_command(*OUTPUTS, *args), cwd=folder, env=_env(root), capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    return out


def _journaled(folder: Path) -> list[str]:
    """Student ids of the results in the journal, one per line written."""
    path = folder / "r.json.journal.jsonl"
    if not path.exists():
        return []
    lines = path.read_text().splitlines()[1:]
    return [json.loads(json.loads(ln)["key"])[0] for ln in lines if ln.endswith("}")]


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                out.append(int(entry))
    return out


def _zygote_of(pid: int) -> int | None:
    for child in _children(pid):
        try:
            if b"worker.py" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except OSError:
            pass
    return None


def _wait(condition, seconds=120.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def _outputs(folder: Path) -> dict[str, bytes]:
    files = [folder / "r.json", folder / "g.csv", *sorted((folder / "fb").glob("*/feedback.*"))]
    return {str(f.relative_to(folder)): f.read_bytes() for f in files}


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_grader_resumes_from_its_journal(tmp_path, root, jobs):
    slow = "import time\ntime.sleep(1.0)"
    reference = _class(tmp_path / "reference", slow)
    _grade(reference, root)

    killed = _class(tmp_path / "killed", slow)
    proc = subprocess.Popen(_command(*OUTPUTS, "--jobs", jobs), cwd=killed, env=_env(root),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: len(_journaled(killed)) >= 1 or proc.poll() is not None)
        left_behind = _children(proc.pid)            # its zygote, or its grading processes
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    before = _journaled(killed)
    assert 1 <= len(before) < len(STUDENTS), before     # killed mid-class, with results on disk
    assert not (killed / "r.json").exists()
    assert left_behind
    try:
        _wait(lambda: all(_gone(pid) for pid in left_behind), 30)    # a dead grader leaves nothing running
    finally:
        for pid in left_behind:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)

    out = _grade(killed, root, "--resume", "--jobs", jobs)
    after = _journaled(killed)
    assert after[:len(before)] == before
    assert sorted(after) == sorted(STUDENTS)             # the journaled ones were not graded again
    assert _outputs(killed) == _outputs(reference)       # byte for byte, as if never killed
    assert out.returncode == 0


def test_resume_regrades_a_changed_or_ungraded_submission_only(tmp_path, root):
    folder = _class(tmp_path, "x = 1")
    _grade(folder, root)
    changed = folder / "class" / "ben.ipynb"
    changed.write_text(changed.read_text().replace('"x = 1"', '"x = 2"'))
    # as if the grader had failed on cleo's notebook: such a result is not kept
    journal = folder / "r.json.journal.jsonl"
    lines = [json.loads(ln) for ln in journal.read_text().splitlines()]
    for line in lines[1:]:
        if json.loads(line["key"])[0] == "cleo":
            line["result"]["extra_data"]["error"] = True
    journal.write_text("".join(json.dumps(ln) + "\n" for ln in lines))
    _grade(folder, root, "--resume")
    assert _journaled(folder) == [*STUDENTS, "ben", "cleo"]
    assert not any(r["extra_data"].get("error") for r in json.loads((folder / "r.json").read_text()))


def test_resume_refuses_a_journal_of_other_settings(tmp_path, root):
    folder = _class(tmp_path, "x = 1")
    shutil.rmtree(folder / "class")
    write(submission(), folder / "class" / "ana.ipynb")
    _grade(folder, root)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        r = CliRunner().invoke(main, ["grade", "--assignment", "fixture_hw", "class", *OUTPUTS, "--resume",
                                      "--timeout", "30"], env={"AUTOGRADER_ASSIGNMENTS": root})
    finally:
        os.chdir(cwd)
    assert r.exit_code == 2 and "timeout" in r.output and "without --resume" in r.output


def test_a_zygote_killed_mid_submission_is_replaced_and_the_submission_regraded(tmp_path, root):
    # the cell times out, so the submission needs a new worker from the zygote after it
    timing_out = "import time\ntime.sleep(3)"
    options = ("--cell-timeout", "1.5")
    reference = _class(tmp_path / "reference", timing_out)
    _grade(reference, root, *options)

    folder = _class(tmp_path / "killed", timing_out)
    proc = subprocess.Popen(_command(*OUTPUTS, *options), cwd=folder, env=_env(root),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        zygote = _wait(lambda: _zygote_of(proc.pid))
        _wait(lambda: _children(zygote))                 # a worker runs the first submission
        os.kill(zygote, signal.SIGKILL)
        _, stderr = proc.communicate(timeout=600)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0, stderr
    results = json.loads((folder / "r.json").read_text())
    assert not any("sandbox" in p for r in results for p in r["extra_data"]["problems"])
    assert _outputs(folder) == _outputs(reference)
