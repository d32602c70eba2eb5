"""The untrusted side: a zygote that imports numpy once and forks one worker per sandbox.

Run as `python -I -B worker.py FD` with a scrubbed environment. FD is a Unix socket to the
trusted process; over it the zygote receives `spawn` requests (with a fresh socket for
the worker, passed by SCM_RIGHTS) and `reap` requests. Each forked worker takes its own
session, drops to its limits, applies Landlock and seccomp, and only then serves
`load` / `call` / `get` / `free` requests on its socket. Replies are plain data (wire.py).
Standard library + numpy only.
"""
from __future__ import annotations

import builtins
import json
import linecache
import os
import resource
import signal
import socket
import struct
import sys
import time
import traceback
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402  (the point of the zygote: imported once)

import caps  # noqa: E402
import landlock  # noqa: E402
import limits as limits_mod  # noqa: E402
import namespaces  # noqa: E402
import seccomp  # noqa: E402
import wire  # noqa: E402

del sys.path[0]


class Worker:
    """Holds the student's namespace and the objects kept by handle (their caches)."""

    def __init__(self, sock):
        self.sock = sock
        self.module = types.ModuleType("submission")
        self.module.__dict__["__builtins__"] = builtins
        sys.modules["submission"] = self.module
        self.filenames: set[str] = set()
        self.handles: dict[int, object] = {}
        self.next_handle = 1

    # -- errors --------------------------------------------------------------
    def student_traceback(self, exc: BaseException) -> str:
        """The traceback restricted to frames in the student's own files."""
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.filenames]
        lines = traceback.format_list(frames)
        try:
            tail = traceback.format_exception_only(type(exc), exc)
        except BaseException:  # a hostile __str__
            tail = [f"{type(exc).__name__}\n"]
        text = ("Traceback (most recent call last):\n" if frames else "") + "".join(lines + tail)
        return text[-4000:]

    def error(self, kind: str, exc: BaseException | None = None, **extra) -> dict:
        out = {"ok": False, "kind": kind, **extra}
        if exc is not None:
            out["type"] = type(exc).__name__[:100]
            try:
                out["message"] = str(exc)[:2000]
            except BaseException:
                out["message"] = ""
            out["traceback"] = self.student_traceback(exc)
        return out

    # -- operations ----------------------------------------------------------
    def op_load(self, req, blobs):
        filename = str(req["filename"])
        source = str(req["source"])
        self.filenames.add(filename)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        code = compile(source, filename, "exec")
        exec(code, self.module.__dict__)
        return {"ok": True}, []

    def _arg(self, d, blobs, writable):
        if d.get("t") == "handle":
            return self.handles[d["id"]]
        if d.get("t") == "array":
            arr = np.frombuffer(blobs[d["blob"]], dtype=np.dtype(d["dtype"])).reshape(d["shape"])
            return arr.copy() if writable else arr  # frombuffer(bytes) is read-only
        return wire.decode(d, blobs)

    def op_call(self, req, blobs):
        name = req["func"]
        fn = self.module.__dict__.get(name)
        if fn is None:
            return self.error("missing", message=f"no function named {name}"), []
        if not callable(fn):
            return self.error("missing", message=f"{name} is not a function"), []
        writable = bool(req.get("writable"))
        args = [self._arg(d, blobs, writable) for d in req["args"]]
        kwargs = {k: self._arg(d, blobs, writable) for k, d in req.get("kwargs", {}).items()}
        result = fn(*args, **kwargs)
        keep = set(req.get("keep", ()))
        drop = set(req.get("drop", ()))
        out_blobs: list = []
        if type(result) is tuple and (keep or drop):
            items = []
            for k, item in enumerate(result):
                if k in keep:
                    self.handles[self.next_handle] = item
                    items.append({"t": "handle", "id": self.next_handle})
                    self.next_handle += 1
                elif k in drop:
                    items.append({"t": "none"})
                else:
                    items.append(wire.encode(item, out_blobs))
            desc = {"t": "tuple", "items": items}
        else:
            desc = wire.encode(result, out_blobs)
        reply = {"ok": True, "value": desc}
        if writable:
            reply["inputs_after"] = [wire.encode(a, out_blobs) if isinstance(a, np.ndarray) else {"t": "none"}
                                     for a in args]
        return reply, out_blobs

    def op_get(self, req, blobs):
        name = req["name"]
        if name not in self.module.__dict__:
            return self.error("missing", message=f"no variable named {name}"), []
        out_blobs: list = []
        return {"ok": True, "value": wire.encode(self.module.__dict__[name], out_blobs)}, out_blobs

    def op_free(self, req, blobs):
        for i in req.get("ids", ()):
            self.handles.pop(i, None)
        return {"ok": True}, []

    def serve(self):
        ops = {"load": self.op_load, "call": self.op_call, "get": self.op_get, "free": self.op_free}
        while True:
            try:
                req, blobs = wire.recv_msg(self.sock)
            except (wire.PeerClosed, OSError, wire.ProtocolError):
                return
            op = ops.get(req.get("op"))
            try:
                reply, out = op(req, blobs) if op else (self.error("bad_request"), [])
            except SystemExit as e:
                reply, out = self.error("exit", e, code=str(e.code)[:100]), []
            except BaseException as e:  # the student's exception, reported as data
                reply, out = self.error("exception", e), []
            seq = req.get("seq")        # echoed, so that a reply forged by student code is noticed
            try:
                wire.send_msg(self.sock, dict(reply, seq=seq), out)
            except BaseException:
                try:  # e.g. the encoded reply hit a limit; say so instead of dying silently
                    wire.send_msg(self.sock, self.error("unsendable", message="reply could not be sent", seq=seq))
                except BaseException:
                    return


def confine(workdir: str, lim: dict, grants: dict) -> dict:
    """Everything between fork and the first line of student code."""
    os.chdir(workdir)
    os.environ.clear()
    os.environ.update({"HOME": workdir, "TMPDIR": workdir, "PATH": "/usr/bin:/bin"})
    report = {"rlimits": limits_mod.apply_rlimits(lim)}
    try:
        report.update(landlock.restrict(grants["readable"], [workdir, "/dev/null"], grants["listable"],
                                        grants.get("options", {}).get("landlock_abi_max")))
    except OSError as e:
        report.update(landlock_error=str(e))
    if not report.get("fs"):
        landlock.no_new_privs()
    report["capabilities_dropped"] = caps.drop_all()
    # the filter also decides which pids this worker may name: itself only
    report["seccomp"] = seccomp.install(os.getpid())
    report.update(sockets_blocked=report["seccomp"], signals_seccomp=report["seccomp"],
                  others_untouchable=report["seccomp"], memfd_blocked=report["seccomp"],
                  inotify_blocked=report["seccomp"])
    return report


def serve(chan, req, grants: dict, isolation: dict):
    report = confine(req["workdir"], req["limits"], grants)
    report.update(isolation)
    wire.send_msg(chan, {"ok": True, "protections": report})
    Worker(chan).serve()


PR_SET_PDEATHSIG = 1


def _die_with_parent():
    import ctypes
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def in_pid_namespace(chan, run) -> int:
    """Called right after unshare(CLONE_NEWPID): fork the namespace's pid 1, which forks the
    worker (pid 2: pid 1 would ignore the signals it sends itself, even SIGKILL), and end
    as the worker ended, so that the zygote reports its death as before. Returns an exit
    code; a signal is passed on by dying of it."""
    r, w = os.pipe()
    init = os.fork()
    if init == 0:
        os.close(r)
        _die_with_parent()
        worker = os.fork()
        if worker == 0:
            os.close(w)
            _die_with_parent()          # the namespace ends with its pid 1 anyway
            run()
            return 0
        chan.close()                    # the grader sees EOF when the worker dies
        while True:
            pid, status = os.waitpid(-1, 0)
            if pid == worker:
                break
        os.write(w, struct.pack("i", status))
        os._exit(0)
    os.close(w)
    chan.close()
    data = b""
    while True:
        try:
            chunk = os.read(r, 4 - len(data))
        except InterruptedError:
            continue
        if not chunk or len(data + chunk) == 4:
            data += chunk
            break
        data += chunk
    _, status = os.waitpid(init, 0)
    if len(data) == 4:
        status = struct.unpack("i", data)[0]
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass                        # SIGKILL: neither blocked nor handled
        os.kill(os.getpid(), sig)
        return 128 + sig
    return os.WEXITSTATUS(status)


def spawn(ctrl, req, chan, grants: dict) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        ctrl.close()
        os.setsid()
        null = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        _die_with_parent()              # a worker never outlives its zygote
        os.makedirs(req["workdir"], exist_ok=True)
        lim = req["limits"]
        isolation = {"pid_namespace": False, "private_view": False, "disk": "measured", "disk_kernel": False}
        if grants.get("options", {}).get("namespaces", True):
            isolation = namespaces.isolate(req["workdir"], grants["readable"], lim["disk_bytes"],
                                           lim["disk_entries"], links=[p for p in sys.path if p])
        if isolation["pid_namespace"]:
            code = in_pid_namespace(chan, lambda: serve(chan, req, grants, isolation))
        else:
            serve(chan, req, grants, isolation)
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def reap(pid: int, wait: float | None) -> dict:
    """Wait for a worker to end (at most `wait` seconds when given)."""
    end = time.monotonic() + wait if wait else None
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG if end else 0)
            if done:
                break
            if time.monotonic() >= end:
                return {"running": True}
            time.sleep(0.005)
    except ChildProcessError:
        return {"unknown": True}
    return {"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {"exit": os.WEXITSTATUS(status)}


def main(fd: int, grants_file: str, preloading: bool = True):
    # what workers may read, computed once by the trusted side (it can be long: a carved
    # site-packages lists every package)
    with open(grants_file, encoding="utf-8") as f:
        grants = json.load(f)
    modules = grants.get("options", {}).get("preload", []) if preloading else []
    running = threads()
    preloaded = preload(modules) if modules else []
    if modules and threads() > running:
        # a thread (a preloaded module's) would be copied into every fork in the middle of
        # whatever it holds: start again, as a fresh process that preloads nothing
        print("preloading started a thread: the zygote starts again without preloading",
              file=sys.stderr, flush=True)
        os.set_inheritable(fd, True)
        os.execv(sys.executable, [sys.executable, "-I", "-B", os.path.abspath(__file__), str(fd), grants_file,
                                  "--no-preload"])
    ctrl = socket.socket(fileno=fd)
    ctrl.send(json.dumps({"ready": True, "pid": os.getpid(), "landlock_abi": landlock.abi_version(),
                          "preloaded": preloaded}).encode())
    try:
        serve_zygote(ctrl, grants)
    finally:
        # the grader is gone (closed, or killed): nothing of its workers may stay behind
        for pid in CHILDREN:
            try:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
        scratch = grants.get("options", {}).get("remove_on_exit")
        if scratch:
            import shutil
            shutil.rmtree(scratch, ignore_errors=True)


CHILDREN: set[int] = set()      # workers not reaped yet


def preload(modules: list[str]) -> list[str]:
    """Import the trusted side's modules once, for every worker forked later; returns those
    imported. A file a module left open would be inherited by each worker, beyond what
    Landlock grants it: closed."""
    import importlib

    before = set(os.listdir("/proc/self/fd"))
    done = []
    for name in modules:
        try:
            importlib.import_module(name)
            done.append(name)
        except BaseException as e:      # a missing module only makes the workers slower
            print(f"preload {name}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
    for fd in set(os.listdir("/proc/self/fd")) - before:
        try:
            os.close(int(fd))
        except OSError:
            pass
    return done


def threads() -> int:
    """Threads of this process (the kernel's count: a library's native threads too)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading
        return threading.active_count()


def serve_zygote(ctrl, grants: dict):
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(ctrl, 1 << 16, 4)
        except OSError:
            return
        if not msg:
            return
        req = json.loads(msg)
        if req["op"] == "spawn":
            chan = socket.socket(fileno=fds[0])
            pid = spawn(ctrl, req, chan, grants)
            CHILDREN.add(pid)
            chan.close()
            reply = {"pid": pid}
        elif req["op"] == "reap":
            reply = reap(req["pid"], req.get("wait"))
            if "running" not in reply:
                CHILDREN.discard(req["pid"])
        else:
            reply = {"error": "unknown op"}
        ctrl.send(json.dumps(reply).encode())


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], preloading="--no-preload" not in sys.argv[3:])
