"""How much a worker has written to its scratch directory (trusted side), where the kernel
does not enforce it (no mount namespace for a scratch tmpfs: see namespaces.py).

rlimits bound one file's size, not how many files a worker writes; a loop of 16 MB files
would fill the grader's disk within a cell's time limit. The trusted side therefore
measures the scratch directory while it waits for a reply. The walk goes by directory
descriptors, so folders nested beyond PATH_MAX are measured too, and refuses folders
nested deeper than `MAX_DEPTH` (no honest submission nests 64 folders); it stops after
`max_entries` entries, so a directory of a million empty files costs no more to measure
than one of ten thousand. Files unlinked while open have no name and are not seen: that
needs the kernel's quota.
"""
from __future__ import annotations

import os
import stat

MAX_DEPTH = 64
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def measure(root: str, max_entries: int) -> tuple[int, int, int]:
    """(bytes allocated, entries seen, deepest level) under root; stops when entries passes
    max_entries or the depth passes MAX_DEPTH."""
    total, entries, deepest = 0, 0, 0

    def walk(dfd: int, depth: int) -> bool:          # False: stop, a limit is passed
        nonlocal total, entries, deepest
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return False
        try:
            names = os.listdir(dfd)
        except OSError:
            return True
        for name in names:
            entries += 1
            if entries > max_entries:
                return False
            try:
                st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
            except OSError:
                continue
            total += st.st_blocks * 512
            if stat.S_ISDIR(st.st_mode):
                try:
                    child = os.open(name, _DIR_FLAGS, dir_fd=dfd)
                except OSError:
                    continue
                try:
                    if not walk(child, depth + 1):
                        return False
                finally:
                    os.close(child)
        return True

    try:
        top = os.open(root, _DIR_FLAGS)
    except OSError:
        return 0, 0, 0
    try:
        walk(top, 0)
    finally:
        os.close(top)
    return total, entries, deepest


def usage(root: str, max_entries: int) -> tuple[int, int]:
    """(bytes allocated, entries seen) under root; entries stops at max_entries + 1."""
    return measure(root, max_entries)[:2]


def over_quota(root: str, max_bytes: int, max_entries: int) -> str:
    """A sentence when the directory is over its quota, else ''."""
    size, entries, deepest = measure(root, max_entries)
    if entries > max_entries:
        return f"created more than {max_entries} files and folders in its scratch directory"
    if deepest > MAX_DEPTH:
        return f"nested folders more than {MAX_DEPTH} deep in its scratch directory"
    if size > max_bytes:
        return f"wrote more than {max_bytes >> 20} MB to its scratch directory"
    return ""
