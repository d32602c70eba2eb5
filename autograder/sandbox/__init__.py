"""Running untrusted student code in its own confined process.

Public API (stable; the notebook pipeline relies on it):

- `Zygote(scratch_dir=None)`: a process that imported numpy once and forks workers; share
  one across many submissions, `close()` it at the end.
- `Sandbox(scratch_dir=None, limits=Limits(), zygote=None)`: one confined worker.
  `.load_source(code, filename)`, `.call(func, *arrays, keep=(), writable=False,
  timeout=None, **scalars)`, `.call_full(...) -> (value, inputs_after)`,
  `.get_value(name)`, `.free(*handles)`, `.restart()`, `.close()`, `.protections`.
- `Limits(call_seconds, cpu_seconds, address_space, file_size, open_files, processes, max_reply,
  disk_bytes, disk_entries)`: the scratch directory's size is watched by the trusted side.
- Errors: `SandboxError` and its subclasses in `errors`; values `BadValue`, `Handle`.

`Sandbox.protections` says what is active in the worker: `landlock_abi`, `fs` (reads only
the Python installation and system libraries, writes only its scratch dir), `net` (no TCP
bind/connect, ABI >= 4), `signals` (cannot signal outside itself, ABI >= 6), `seccomp`
(the filter of seccomp.py is active: no fork/exec/ptrace, no foreign syscall ABI),
`sockets_blocked` (no new sockets, no io_uring; by seccomp), `signals_seccomp` (kill/tgkill
only to itself, no sigqueue/pidfd/process_vm; by seccomp), `capabilities_dropped` (no
Linux capability left, which matters when grading as root), `rlimits`, `nproc_enforced`
(False as root), `session`, `env_scrubbed`; `others_untouchable` (no call may name another
process; by seccomp), `memfd_blocked`, `inotify_blocked`; `pid_namespace`,
`user_namespace`, `private_view` (its root holds only what it may read), `disk` ("tmpfs":
the kernel enforces the scratch quota; "measured": the trusted side does), `disk_kernel`.
Missing kernel features degrade to fewer protections, never to an error; `Zygote(
namespaces=False, landlock_abi_max=N)` withholds them as an older machine would.
"""
from .client import Sandbox, Zygote, read_only_paths
from .errors import (BadReturnValue, CallTimeout, DiskQuotaExceeded, MissingName, ReplyRejected, SandboxError,
                     SandboxUnavailable, StaleHandle, StudentException, StudentExit, WorkerCrashed)
from .limits import Limits
from .wire import BadValue, Handle

__all__ = ["Sandbox", "Zygote", "Limits", "read_only_paths", "BadValue", "Handle", "SandboxError",
           "StudentException", "StudentExit", "CallTimeout", "WorkerCrashed", "DiskQuotaExceeded", "MissingName",
           "BadReturnValue", "ReplyRejected", "StaleHandle", "SandboxUnavailable"]
