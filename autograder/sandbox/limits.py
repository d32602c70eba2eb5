"""Resource limits for a worker, and applying them (inside the worker)."""
from __future__ import annotations

import dataclasses
import resource


@dataclasses.dataclass
class Limits:
    """Per-worker limits. Times in seconds, sizes in bytes."""

    call_seconds: float = 10.0          # wall clock per call, enforced by the trusted side
    cpu_seconds: int = 60               # RLIMIT_CPU for the worker's whole life
    address_space: int = 2 << 30        # RLIMIT_AS
    file_size: int = 16 << 20           # RLIMIT_FSIZE
    open_files: int = 64                # RLIMIT_NOFILE
    processes: int = 0                  # RLIMIT_NPROC (not enforced by the kernel for root)
    max_reply: int = 256 << 20          # bytes of one reply
    disk_bytes: int = 128 << 20         # all files in the scratch dir, watched by the trusted side
    disk_entries: int = 10_000          # files and folders in the scratch dir, likewise

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def apply_rlimits(lim: dict) -> list[str]:
    """Set the rlimits from a Limits dict; return the names that were applied."""
    done = []
    for name, value in (("RLIMIT_AS", lim["address_space"]),
                        ("RLIMIT_CPU", lim["cpu_seconds"]),
                        ("RLIMIT_FSIZE", lim["file_size"]),
                        ("RLIMIT_NOFILE", lim["open_files"]),
                        ("RLIMIT_NPROC", lim["processes"]),
                        ("RLIMIT_CORE", 0)):
        try:
            hard = value + 1 if name == "RLIMIT_CPU" else value  # SIGXCPU before SIGKILL
            resource.setrlimit(getattr(resource, name), (value, hard))
            done.append(name)
        except (ValueError, OSError):
            pass
    return done
