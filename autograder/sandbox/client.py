"""Trusted side of the sandbox: a zygote process and the per-submission `Sandbox`."""
from __future__ import annotations

import itertools
import select
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import disk, grants, wire
from .errors import (CallTimeout, DiskQuotaExceeded, MissingName, ReplyRejected, SandboxUnavailable,
                     StaleHandle, StudentException, StudentExit, WorkerCrashed)
from .limits import Limits

WORKER = Path(__file__).with_name("worker.py")
DISK_POLL_SECONDS = 0.25     # how often the scratch directory is measured during a call


def read_only_paths() -> list[str]:
    """The trees a worker may read whole: the Python installation, numpy, the system
    libraries, minus the grader's package and checkout (see grants.py)."""
    return grants.worker_grants().readable


def _clean_env(home: str) -> dict:
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": home,
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _env_options(namespaces: bool | None, landlock_abi_max: int | None) -> dict:
    """What the workers may use. Unset, from the trusted side's environment:
    AUTOGRADER_SANDBOX_NAMESPACES=0 forgoes namespaces, AUTOGRADER_LANDLOCK_ABI_MAX=N uses no
    Landlock ABI above N (to see what holds on an older kernel). Never read by a worker."""
    if namespaces is None:
        namespaces = os.environ.get("AUTOGRADER_SANDBOX_NAMESPACES", "1") != "0"
    if landlock_abi_max is None:
        cap = os.environ.get("AUTOGRADER_LANDLOCK_ABI_MAX", "")
        landlock_abi_max = int(cap) if cap.isdigit() else None
    return {"namespaces": bool(namespaces), "landlock_abi_max": landlock_abi_max}


_MODULE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


class Zygote:
    """A process that has imported numpy and forks one confined worker per request.

    One zygote can serve many sandboxes (share it across submissions); it is thread-safe.
    `namespaces=False` and `landlock_abi_max` withhold kernel features from its workers, as
    a machine without them would (tests); by default see `_env_options`. `preload` names
    installed modules the zygote imports once, so that each worker
    starts with them (a notebook's `import matplotlib.pyplot` costs half a second): trusted
    names only (the assignment's own notebook), never a student's. They are imported before
    the zygote says it is ready (`info["preloaded"]` lists them); one that starts a thread
    makes the zygote start again without any (a fork copies no thread but all its locks)."""

    def __init__(self, scratch_dir: str | os.PathLike | None = None, python: str | None = None,
                 namespaces: bool | None = None, landlock_abi_max: int | None = None,
                 preload: tuple[str, ...] = ()):
        self._own_scratch = scratch_dir is None
        self.scratch = Path(scratch_dir or tempfile.mkdtemp(prefix="ag-sandbox-")).resolve()
        self.scratch.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._counter = itertools.count()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._log = open(self.scratch / "zygote.log", "wb")
        grants_file = self.scratch / "grants.json"
        self.options = _env_options(namespaces, landlock_abi_max)
        # the zygote removes a scratch directory of its own when it ends, even when the
        # grader was killed and never called close()
        self.options["remove_on_exit"] = str(self.scratch) if self._own_scratch else None
        self.options["preload"] = [m for m in preload if _MODULE.fullmatch(m)]
        grants_file.write_text(json.dumps(dict(grants.worker_grants().to_dict(), options=self.options)),
                               encoding="utf-8")
        self.proc = subprocess.Popen(
            [python or sys.executable, "-I", "-B", str(WORKER), str(theirs.fileno()), str(grants_file)],
            pass_fds=(theirs.fileno(),), env=_clean_env(str(self.scratch)), cwd=self.scratch,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
            start_new_session=True)
        theirs.close()
        self._ctrl = ours
        self.info = self._recv(60)

    def _recv(self, timeout: float) -> dict:
        self._ctrl.settimeout(timeout)
        try:
            data = self._ctrl.recv(1 << 16)
        except OSError as e:
            data = b""
            why = str(e)
        else:
            why = "it exited"
        if not data:
            raise SandboxUnavailable(f"the sandbox zygote is not responding ({why}): {self._log_tail()}")
        return json.loads(data)

    def _log_tail(self) -> str:
        try:
            return (self.scratch / "zygote.log").read_text(errors="replace")[-1500:]
        except OSError:
            return ""

    def spawn(self, limits: Limits) -> tuple[int, socket.socket, Path]:
        """Fork a confined worker; returns (pid, channel socket, its scratch dir)."""
        ours, theirs = socket.socketpair()
        workdir = self.scratch / f"w{next(self._counter)}"
        req = {"op": "spawn", "workdir": str(workdir), "limits": limits.to_dict()}
        with self._lock:
            try:
                socket.send_fds(self._ctrl, [json.dumps(req).encode()], [theirs.fileno()])
            except OSError as e:
                raise SandboxUnavailable(f"the sandbox zygote is gone ({e})") from None
            reply = self._recv(30)
        theirs.close()
        return reply["pid"], ours, workdir

    def reap(self, pid: int, wait: float | None = None) -> dict:
        """Wait for a (killed) worker; returns {"signal": n} or {"exit": code}, or
        {"running": True} when it is still running after `wait` seconds."""
        with self._lock:
            try:
                self._ctrl.send(json.dumps({"op": "reap", "pid": pid, "wait": wait}).encode())
                return self._recv(30)
            except (OSError, SandboxUnavailable):
                return {"unknown": True}

    def close(self):
        try:
            self._ctrl.close()
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._log.close()
        if self._own_scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _doing(what: str) -> str:
    """'loading <cell 3>' stays; a function name becomes 'running rnn_forward'."""
    return what if what.startswith(("loading ", "reading ")) else f"running {what}"


def _kill(pid: int):
    for fn, target in ((os.killpg, pid), (os.kill, pid)):
        try:
            fn(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class Sandbox:
    """One student's code running in a confined worker process.

    Usage::

        with Sandbox(limits=Limits(call_seconds=5)) as sb:
            sb.load_source(code, "submission.py")     # raises StudentException, ...
            h, cache = sb.call("rnn_forward", x, h0, Wx, Wh, b, keep=(1,))
            grads = sb.call("rnn_backward", dh, cache)
            sb.get_value("answer")

    `call` returns plain data: float64 ndarrays, floats, ints, strs, lists/tuples of those,
    `wire.BadValue` for anything else, and `wire.Handle` for positions listed in `keep`
    (the object stays in the worker; pass the handle back as an argument). Failures raise
    subclasses of `SandboxError` with a `.message` for students. A crash or timeout kills
    the worker; the next request starts a fresh one and replays the loaded sources
    (handles from before are then stale).
    """

    def __init__(self, scratch_dir=None, limits: Limits | None = None, zygote: Zygote | None = None,
                 deadline: float | None = None):
        self.limits = limits or Limits()
        # time.monotonic() after which no request runs: one budget for everything a
        # submission runs, however many calls its checks make
        self.deadline = deadline
        self._own_zygote = zygote is None
        self._zygote = zygote or Zygote(scratch_dir)
        self._sources: list[tuple[str, str]] = []
        self._sock = None
        self._pid = None
        self.generation = 0
        self.protections: dict = {}
        self.restarts = 0
        self._seq = itertools.count(1)
        self.start()

    # -- life cycle ------------------------------------------------------------
    def start(self) -> dict:
        """Start a fresh worker; returns the protections it reports as active."""
        self._pid, self._sock, self.workdir = self._zygote.spawn(self.limits)
        self.generation += 1
        try:
            hello, _ = wire.recv_msg(self._sock, time.monotonic() + 30)
        except (TimeoutError, wire.PeerClosed, wire.ProtocolError, OSError) as e:
            self._stop()
            raise SandboxUnavailable(f"the sandbox worker did not start ({type(e).__name__})") from None
        self.protections = dict(hello.get("protections", {}),
                                session=True, env_scrubbed=True,
                                nproc_enforced=os.geteuid() != 0)
        return self.protections

    def _stop(self, grace: float | None = None) -> dict:
        """Kill the worker (after `grace` seconds for it to end by itself, when it closed its
        channel: its process in a pid namespace outlives it by a moment) and reap it."""
        status = {}
        if self._pid is not None and grace:
            status = self._zygote.reap(self._pid, wait=grace)
        if self._pid is not None and (not status or status.get("running")):
            _kill(self._pid)
            status = self._zygote.reap(self._pid)
        if self._sock is not None:
            self._sock.close()
        if self._pid is not None:   # what the worker wrote is for its own life only
            shutil.rmtree(self.workdir, ignore_errors=True)
        self._pid = self._sock = None
        return status

    def restart(self):
        """Replace the worker with a fresh one and reload the student's sources."""
        self._stop()
        self.restarts += 1
        self.start()
        for code, filename in list(self._sources):
            try:
                self._request({"op": "load", "source": code, "filename": filename}, [], "loading the submission")
            except (StudentException, StudentExit, MissingName):
                pass

    def close(self):
        self._stop()
        if self._own_zygote:
            self._zygote.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def alive(self) -> bool:
        return self._sock is not None

    # -- requests --------------------------------------------------------------
    def _request(self, header: dict, blobs: list, what: str, timeout: float | None = None):
        if not self.alive:
            self.restart()
        limit = timeout or self.limits.call_seconds
        cut = False
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0.05:
                raise CallTimeout(f"{what} was not run: the submission had used up its time",
                                  func=header.get("func"), budget=True)
            cut, limit = left < limit, min(limit, left)
        seq = next(self._seq)
        try:
            wire.send_msg(self._sock, dict(header, seq=seq), blobs)
            deadline = time.monotonic() + limit
            self._await_reply(deadline, what, header.get("func"))
            reply, out = wire.recv_msg(self._sock, deadline, max_total=self.limits.max_reply)
            self._check_disk(what, header.get("func"))
            if reply.get("seq") != seq:
                # student code wrote on the channel itself (the worker is all theirs): whatever
                # it sent, replies no longer match requests, so this worker is done
                raise wire.ProtocolError("it does not answer the request that was sent "
                                         "(something in the worker wrote on its channel to the grader)")
        except TimeoutError:
            self._stop()
            if cut:
                raise CallTimeout(f"{what} was stopped when the submission used up its time",
                                  func=header.get("func"), budget=True) from None
            raise CallTimeout(f"{what} ran longer than {limit:g} s", func=header.get("func")) from None
        except (wire.PeerClosed, OSError):
            raise self._crashed(what, header.get("func")) from None
        except wire.ProtocolError as e:
            self._stop()
            raise ReplyRejected(f"the reply from {what} was rejected: {e}", func=header.get("func")) from None
        if reply.get("ok") is True:
            return reply, out
        raise self._failure(reply, what, header.get("func"))

    def _await_reply(self, deadline: float, what: str, func) -> None:
        """Wait until the reply starts to arrive, measuring the scratch directory meanwhile;
        TimeoutError at the deadline."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._sock], [], [], min(left, DISK_POLL_SECONDS))
            if ready:
                return
            self._check_disk(what, func)

    def _check_disk(self, what: str, func) -> None:
        if self.protections.get("disk") == "tmpfs":
            return      # the kernel enforces the quota; the directory seen from here is empty
        why = disk.over_quota(str(self.workdir), self.limits.disk_bytes, self.limits.disk_entries)
        if why:
            self._stop()
            raise DiskQuotaExceeded(f"the worker {why} while {_doing(what)}, and was stopped", func=func)

    def _crashed(self, what, func) -> WorkerCrashed:
        status = self._stop(grace=1.0)
        doing = _doing(what)
        if "signal" in status:
            n = status["signal"]
            try:
                name = signal.Signals(n).name
            except ValueError:
                name = f"signal {n}"
            hint = {"SIGXCPU": " (CPU time limit)",
                    "SIGKILL": " (killed: by a resource limit or by its own code)",
                    "SIGSEGV": " (a crash in native code, e.g. a bad memory access through ctypes)",
                    "SIGSYS": " (a forbidden system call)"}.get(name, "")
            return WorkerCrashed(f"the worker process died with signal {name} while {doing}{hint}",
                                 func=func, signal=name)
        if "exit" in status:
            return WorkerCrashed(f"the worker process exited with code {status['exit']} while "
                                 f"{doing} (os._exit or a crash)", func=func, exit_code=status["exit"])
        return WorkerCrashed(f"the worker process died while {doing}", func=func)

    @staticmethod
    def _failure(reply, what, func):
        # the reply is the worker's word, i.e. the student's: only strings are used as text
        # (str() of a deeply nested list could recurse past the limit here)
        def text(key, n):
            v = reply.get(key, "")
            return v[:n] if isinstance(v, str) else ""

        kind, msg, tb, typ = text("kind", 40), text("message", 2000), text("traceback", 4000), text("type", 100)
        if kind == "exception":
            return StudentException(f"{what} raised {typ}: {msg}".rstrip(": "),
                                    func=func, traceback=tb, exc_type=typ)
        if kind == "exit":
            return StudentExit(f"{what} called sys.exit({text('code', 40)})", func=func, traceback=tb)
        if kind == "missing":
            return MissingName(f"the submission does not define {func or 'it'}: {msg}", func=func)
        return ReplyRejected(f"{what} failed inside the worker ({kind}: {msg})", func=func)

    def _encode_args(self, args, blobs):
        for a in args:
            if isinstance(a, wire.Handle) and a.generation != self.generation:
                raise StaleHandle("a value kept from an earlier call was lost when the worker restarted")
        return [wire.encode_arg(a, blobs) for a in args]

    def load_source(self, code: str, filename: str = "submission.py", timeout: float | None = None) -> None:
        """Execute student source inside the worker (raises StudentException on error)."""
        self._sources.append((code, filename))
        self._request({"op": "load", "source": code, "filename": filename}, [],
                      f"loading {filename}", timeout)

    def call_full(self, func: str, *args, keep=(), drop=(), writable: bool = False,
                  timeout: float | None = None, **scalars):
        """Like `call`, also returning the array arguments as they were after the call
        (only when `writable`; otherwise None). Arrays are passed read-only unless `writable`.
        Positions in `drop` of a returned tuple come back as None without being sent."""
        blobs: list = []
        header = {"op": "call", "func": func, "args": self._encode_args(args, blobs),
                  "kwargs": dict(zip(scalars, self._encode_args(scalars.values(), blobs))),
                  "keep": list(keep), "drop": list(drop), "writable": writable}
        reply, out = self._request(header, blobs, func, timeout)
        try:
            value = wire.decode(reply.get("value"), out, self.generation)
            after = ([wire.decode(d, out) for d in reply.get("inputs_after", [])] if writable else None)
        except wire.ProtocolError as e:
            self._stop()
            raise ReplyRejected(f"the reply from {func} was rejected: {e}", func=func) from None
        return value, after

    def call(self, func: str, *args, keep=(), drop=(), writable: bool = False, timeout: float | None = None,
             **scalars):
        """Call a student function on arrays / scalars / handles; returns plain data."""
        return self.call_full(func, *args, keep=keep, drop=drop, writable=writable, timeout=timeout,
                              **scalars)[0]

    def get_value(self, name: str, timeout: float | None = None):
        """A variable the student defined, as plain data (BadValue if it is not)."""
        reply, out = self._request({"op": "get", "name": name}, [], f"reading {name}", timeout)
        try:
            return wire.decode(reply.get("value"), out, self.generation)
        except wire.ProtocolError as e:
            self._stop()
            raise ReplyRejected(f"the value of {name} was rejected: {e}") from None

    def free(self, *handles):
        """Drop kept objects in the worker (best effort)."""
        ids = [h.id for h in handles if isinstance(h, wire.Handle) and h.generation == self.generation]
        if ids and self.alive:
            try:
                self._request({"op": "free", "ids": ids}, [], "free")
            except Exception:
                pass
