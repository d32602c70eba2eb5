"""A grading process: a warm grader with its own sandbox zygote, fed one submission at a
time over a pipe, the way a `--jobs` pool process is (so a cluster worker grades exactly
as a local run does).

Why a process of its own rather than the caller's thread: the grader's time limits on
answer checks use SIGALRM, which only the main thread of a process receives, and grading
stays clear of whatever else the caller's process does (a Dask worker's event loop and
profiler). Requests and replies are JSON lines: nothing is pickled either way.

    python -m autograder.grading.grading_process REPLY_FD
"""
from __future__ import annotations

import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

from .pipeline import Options, _grade_one, _try_load, unreadable
from .result_types import Failure
from .submissions import Submission


class GradingProcess:
    """The caller's side: start the process, grade submissions in it, replace it when it dies."""

    def __init__(self, prewarm_expressions: bool = True):
        self.prewarm_expressions = prewarm_expressions
        self.proc = None
        self._replies = None
        self.start()

    def start(self) -> None:
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.grading.grading_process", str(write),
             "1" if self.prewarm_expressions else "0"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, pass_fds=(write,), text=True)
        os.close(write)
        self._replies = os.fdopen(read, "r", encoding="utf-8")
        if self._reply(120) is None:
            self.close()
            raise RuntimeError("the grading process did not start")

    def _reply(self, seconds: float) -> dict | None:
        ready, _, _ = select.select([self._replies], [], [], seconds)
        line = self._replies.readline() if ready else ""
        return json.loads(line) if line else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def grade(self, assignment_name: str, sub: Submission, options: Options) -> dict:
        """The result of one submission, as `pipeline._grade_one` gives it; a process that
        dies or hangs on it is replaced and it is graded once more."""
        request = json.dumps({"assignment": assignment_name, "student_id": sub.student_id,
                              "path": str(sub.path), "options": dataclasses.asdict(options)})
        # far beyond every budget the grader keeps itself (cells, checks, answers)
        patience = 3 * options.total_seconds + 120
        for _attempt in range(2):
            try:
                if not self.alive():
                    self.close()
                    self.start()
                self.proc.stdin.write(request + "\n")
                self.proc.stdin.flush()
                reply = self._reply(patience)
            except (OSError, ValueError, RuntimeError):
                reply = None
            if reply is not None:
                return reply["result"]
            self.close()
        return unreadable(_try_load(assignment_name, options), sub,
                          "the grading process died twice on this submission; it will be looked at by hand",
                          Failure.PROCESS_DIED)

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self._replies is not None:
            self._replies.close()
            self._replies = None


def main(argv: list[str]) -> None:
    from .warm import Zygotes

    replies = os.fdopen(int(argv[0]), "w", encoding="utf-8")
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the caller decides when it ends
    import autograder.numeric.grade_py  # noqa: F401   warm before the first submission
    if argv[1:] == ["1"]:
        import autograder.expressions.check  # noqa: F401
    zygotes = Zygotes()
    try:
        zygotes.get()
    except Exception:
        pass              # said per submission when it is graded (the sandbox failed: ...)
    replies.write('{"ready": true}\n')
    replies.flush()
    try:
        for line in sys.stdin:       # ends when the caller closes the pipe, or dies
            req = json.loads(line)
            sub = Submission(req["student_id"], Path(req["path"]))
            result = _grade_one(req["assignment"], sub, Options(**req["options"]), zygotes)
            replies.write(json.dumps({"result": result}, default=str) + "\n")
            replies.flush()
    finally:
        zygotes.close()


if __name__ == "__main__":
    main(sys.argv[1:])
