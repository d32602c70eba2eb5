"""A worker's own identity and its own view of the file system, from Linux namespaces.

`isolate(workdir, readable, disk_bytes, disk_entries)` runs in the freshly forked worker
(before any student code) and unshares:

- a user namespace (so that the rest needs no privilege; the worker keeps its uid),
- a pid namespace: the worker's next child is pid 1 of a namespace in which the grader,
  the zygote and every other process of the machine have no pid at all, so no call can
  name them (kill, prlimit64, F_SETOWN, sched_*, ...);
- a mount namespace, in which the worker's root becomes a small tmpfs holding only the
  trees it may read (bind mounts, read-only) and its scratch directory, itself a tmpfs
  whose size and number of files the kernel enforces. Other students' files, the grader's
  checkout and its other scratch directories are then not even names for it (stat,
  inotify and the like see nothing);
- an IPC namespace, so that System V objects die with the worker.

Each step degrades on its own (CI runners often forbid user namespaces): `isolate` returns
what is in force, and the caller keeps the older protections for the rest. Standard
library only (imported by the worker under `python -I`).
"""
from __future__ import annotations

import ctypes
import os
import platform

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC = 0x00020000, 0x10000000, 0x20000000, 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE, MS_RELATIME = (
    32, 1024, 2048, 4096, 16384, 1 << 18, 1 << 21)
MNT_DETACH = 2
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
# statvfs flags that a bind remount must keep (the kernel refuses to clear locked ones)
KEPT_FLAGS = ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
              (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME),
              (os.ST_RELATIME, MS_RELATIME))
DEVICES = ("/dev/null", "/dev/urandom")
OLD_ROOT = ".old-root"

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _check(r: int, what: str):
    if r != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{what}: {os.strerror(e)}")


def _mount(src, target, fstype, flags, data=None):
    enc = (lambda s: s.encode() if isinstance(s, str) else s)
    _check(_libc.mount(enc(src), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _unshare(flags: int):
    _check(_libc.unshare(flags), "unshare")


def _write(path: str, text: str):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _inside(root: str, path: str) -> str:
    return os.path.join(root, path.lstrip("/"))


def _replicate(root: str, path: str, depth: int = 0) -> None:
    """Make `path` resolve inside `root` as it does outside: the symbolic links on its way
    (/lib -> usr/lib, a venv's lib64 -> lib) are recreated, directories created."""
    if depth > 16:
        return
    cur = "/"
    for part in [p for p in path.split("/") if p]:
        cur = os.path.join(cur, part)
        there = _inside(root, cur)
        try:
            if os.path.islink(cur):
                if not os.path.lexists(there):
                    os.symlink(os.readlink(cur), there)
                _replicate(root, os.path.realpath(cur), depth + 1)
                return _replicate(root, os.path.realpath(path), depth + 1)
            if not os.path.lexists(there) and os.path.isdir(cur):
                os.mkdir(there, 0o755)
        except OSError:
            return    # inside a read-only bind: it is there already, as it is outside


def _bind(root: str, path: str) -> bool:
    """Bind `path` (a real path) at the same place inside `root`, read-only. False when it
    does not exist."""
    if not os.path.exists(path):
        return False
    parent = os.path.dirname(path)
    _replicate(root, parent)
    there = _inside(root, path)
    if os.path.isdir(path):
        os.makedirs(there, 0o755, exist_ok=True)
    elif not os.path.lexists(there):
        os.close(os.open(there, os.O_WRONLY | os.O_CREAT, 0o644))
    _mount(path, there, None, MS_BIND | MS_REC)
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    try:
        kept = os.statvfs(path).f_flag
        flags |= sum(ms for st, ms in KEPT_FLAGS if kept & st)
        _mount(None, there, None, flags)
    except OSError:
        pass          # read-only is a second layer (Landlock decides writes); not fatal
    return True


def _scratch(target: str, disk_bytes: int, disk_entries: int):
    _mount("ag-scratch", target, "tmpfs", MS_NOSUID | MS_NODEV,
           f"size={max(disk_bytes, 1 << 20)},nr_inodes={max(disk_entries, 16)},mode=0700")


def _view(workdir: str, readable, disk_bytes: int, disk_entries: int, links=()) -> None:
    """The worker's root: a tmpfs over `workdir` (outside, nothing is left in it) holding
    the readable trees and the scratch tmpfs at `workdir`, then pivot_root into it.
    `links`: paths the worker uses that may pass through symbolic links (sys.path)."""
    root = workdir
    _mount("ag-root", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=4m,nr_inodes=65536,mode=0755")
    bound: list[str] = []
    for p in sorted(set(readable) | set(DEVICES), key=len):
        if any(p == q or p.startswith(q.rstrip("/") + "/") for q in bound):
            continue                      # inside a tree bound already
        if _bind(root, p):
            bound.append(p)
    for p in links:
        _replicate(root, p)
    os.makedirs(_inside(root, workdir), 0o700, exist_ok=True)
    _scratch(_inside(root, workdir), disk_bytes, disk_entries)
    os.mkdir(_inside(root, OLD_ROOT), 0o700)
    nr = SYS_PIVOT_ROOT[platform.machine()]
    _check(_libc.syscall(ctypes.c_long(nr), root.encode(), _inside(root, OLD_ROOT).encode()), "pivot_root")
    os.chdir("/")
    _check(_libc.umount2(("/" + OLD_ROOT).encode(), MNT_DETACH), "umount old root")
    os.rmdir("/" + OLD_ROOT)
    _mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def isolate(workdir: str, readable, disk_bytes: int, disk_entries: int, links=()) -> dict:
    """Unshare what the kernel allows; returns the report:
    {"pid_namespace": the worker's next child is alone in a pid namespace,
     "user_namespace": ..., "private_view": its root holds only what it may read,
     "disk": "tmpfs" (kernel-enforced) or "measured" (the trusted side measures),
     "disk_kernel": the same as a flag,
     "namespace_error": why something was not possible}."""
    report = {"pid_namespace": False, "user_namespace": False, "private_view": False,
              "disk": "measured"}
    if platform.machine() not in SYS_PIVOT_ROOT:
        report["namespace_error"] = f"not supported on {platform.machine()}"
        return report
    uid, gid = os.getuid(), os.getgid()
    errors = []
    for flags in (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC,
                  CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC):   # as root without user namespaces
        try:
            _unshare(flags)
        except OSError as e:
            errors.append(str(e))
            continue
        if flags & CLONE_NEWUSER:
            try:
                _write("/proc/self/setgroups", "deny")
                _write("/proc/self/uid_map", f"{uid} {uid} 1")
                _write("/proc/self/gid_map", f"{gid} {gid} 1")
            except OSError as e:
                errors.append(f"uid map: {e}")
            report["user_namespace"] = True
        report["pid_namespace"] = True
        break
    if not report["pid_namespace"]:
        report["namespace_error"] = "; ".join(errors)
        return report
    try:
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
    except OSError as e:
        report["namespace_error"] = str(e)
        return report
    try:
        _view(workdir, readable, disk_bytes, disk_entries, links)
        report.update(private_view=True, disk="tmpfs")
    except OSError as e:
        errors.append(f"private view: {e}")
        try:
            _libc.umount2(workdir.encode(), MNT_DETACH)
            os.chdir(workdir)
            _scratch(workdir, disk_bytes, disk_entries)
            report["disk"] = "tmpfs"
        except OSError as e2:
            errors.append(f"scratch tmpfs: {e2}")
    if errors:
        report["namespace_error"] = "; ".join(errors)
    report["disk_kernel"] = report["disk"] == "tmpfs"
    return report
