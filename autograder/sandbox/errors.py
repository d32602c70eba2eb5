"""Typed failures of sandboxed student code. Each carries a sentence fit for a student."""
from __future__ import annotations


class SandboxError(Exception):
    """Base class. `message` is the human sentence; `func` the function involved."""

    kind = "error"

    def __init__(self, message: str, func: str | None = None, **details):
        super().__init__(message)
        self.message = message
        self.func = func
        self.details = details

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "func": self.func, **self.details}


class StudentException(SandboxError):
    """The student's code raised; `details['traceback']` holds only their own frames."""
    kind = "exception"


class StudentExit(SandboxError):
    """The student's code called sys.exit() / raised SystemExit."""
    kind = "exit"


class CallTimeout(SandboxError):
    """A call ran past its wall-clock limit; the worker was killed."""
    kind = "timeout"


class WorkerCrashed(SandboxError):
    """The worker process died (signal, os._exit, resource limit)."""
    kind = "crash"


class DiskQuotaExceeded(WorkerCrashed):
    """The worker wrote too much to its scratch directory; it was killed."""


class MissingName(SandboxError):
    """The submission does not define the function or variable asked for."""
    kind = "missing"


class BadReturnValue(SandboxError):
    """A returned value is not what the function must return (count, type, shape, dtype)."""
    kind = "bad_return"


class ReplyRejected(SandboxError):
    """The worker's reply broke the channel's rules (too large, malformed)."""
    kind = "rejected"


class StaleHandle(SandboxError):
    """A kept object (e.g. a cache) was lost because the worker restarted."""
    kind = "stale"


class SandboxUnavailable(SandboxError):
    """Infrastructure failure: the worker could not be started. Not the student's fault."""
    kind = "infrastructure"
