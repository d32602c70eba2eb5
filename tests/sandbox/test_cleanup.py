"""Nothing of the sandbox stays in TMPDIR when the grading process is killed mid-call."""
import os
import signal
import subprocess
import sys
import textwrap
import time

GRADER = textwrap.dedent('''
    import sys
    from autograder.sandbox import Limits, Sandbox, Zygote
    z = Zygote()
    sb = Sandbox(zygote=z, limits=Limits(call_seconds=60))
    sb.load_source("open('note', 'w').write('x' * 1000)\\n")
    print(z.proc.pid, sb._pid, flush=True)
    sb.load_source("import time\\ntime.sleep(60)\\n")
''')


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_killed_grader_leaves_no_scratch_dir_and_no_worker(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", GRADER], env=env, stdout=subprocess.PIPE, text=True)
    zygote_pid, worker_pid = map(int, proc.stdout.readline().split())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("ag-sandbox-")]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 10
    while time.monotonic() < end and (list(tmp_path.iterdir()) or _alive(zygote_pid) or _alive(worker_pid)):
        time.sleep(0.1)
    assert list(tmp_path.iterdir()) == []
    assert not _alive(zygote_pid) and not _alive(worker_pid)
