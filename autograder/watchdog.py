"""A hard wall-time limit for work done in the trusted process on student text.

The expression engine bounds its inputs and budgets its numeric stage, but it runs in the
grading process itself; this is the last line of defence against an answer that slips
through those bounds and makes SymPy slow. It uses SIGALRM, so it only applies in a
process's main thread (where the grader runs); elsewhere it is a no-op.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class CheckTimeout(Exception):
    """Checking one answer took longer than its limit."""


@contextmanager
def time_limit(seconds: float):
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0):     # someone else's timer runs
        yield
        return

    def on_alarm(signum, frame):
        raise CheckTimeout(f"checking this answer took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
