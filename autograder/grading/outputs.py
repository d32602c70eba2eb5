"""Where a class's results go: every output path is checked before any grading (a class
graded for an hour must not be lost to a typo in `--json`), and files are written whole
or not at all (a temporary file beside the target, then a rename)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputProblem(ValueError):
    """An output path that cannot be written (a usage error, reported before grading)."""


def _probe(folder: Path, option: str, given: str) -> None:
    """Create and remove a file in `folder`: the only test that holds for every cause
    (permissions, a read-only filesystem, root on a pseudo-filesystem)."""
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".autograder-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputProblem(f"{option} {given}: cannot write in {folder} ({e.strerror or e})") from None


def check_file(given: str, option: str) -> Path:
    """A file to be (re)written: its folder exists and takes new files; it is not a folder."""
    path = Path(given)
    folder = path.parent
    if path.is_dir():
        raise OutputProblem(f"{option} {given}: is a directory, not a file")
    if not folder.is_dir():
        what = "is not a directory" if folder.exists() else "does not exist"
        raise OutputProblem(f"{option} {given}: {folder} {what}")
    _probe(folder, option, given)
    return path


def check_dir(given: str, option: str) -> Path:
    """A folder to write into: created now if it is missing, and it takes new files."""
    path = Path(given)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputProblem(f"{option} {given}: is a file, not a directory") from None
    except OSError as e:
        raise OutputProblem(f"{option} {given}: cannot create this directory ({e.strerror or e})") from None
    _probe(path, option, given)
    return path


def write_atomic(path: str | os.PathLike, text: str | bytes, *, durable: bool = True) -> None:
    """Write `text` (or bytes) to `path` so that a reader (or a crash) sees the old file or
    the new one, never a part: a temporary file in the same folder, renamed over it.
    `durable`: synced to disk before and after the rename (about 10 ms a file here). The
    many files of a class's reports are written without, then flushed together by
    `sync_filesystem` once the class is done."""
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        sync_dir(path.parent)


def sync_filesystem(folder: str | os.PathLike) -> None:
    """Flush every file written to the filesystem that holds `folder` (syncfs(2); sync(2)
    where that is missing): one flush for a class's reports instead of two per file."""
    import ctypes

    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        if ctypes.CDLL(None, use_errno=True).syncfs(fd) != 0:
            os.sync()
    except (AttributeError, OSError):
        os.sync()
    finally:
        os.close(fd)


def sync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (best effort where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
