"""How much a worker has written to its scratch directory (trusted side).

rlimits bound one file's size, not how many files a worker writes; a loop of 16 MB files
would fill the grader's disk within a cell's time limit. The trusted side therefore
measures the scratch directory while it waits for a reply. The walk stops after
`max_entries` entries, so a directory of a million empty files costs no more to measure
than one of ten thousand.
"""
from __future__ import annotations

import os


def usage(root: str, max_entries: int) -> tuple[int, int]:
    """(bytes allocated, entries seen) under root; entries stops at max_entries + 1."""
    total, entries = 0, 0
    stack = [root]
    while stack:
        try:
            it = os.scandir(stack.pop())
        except OSError:
            continue
        with it:
            for entry in it:
                entries += 1
                if entries > max_entries:
                    return total, entries
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                total += st.st_blocks * 512
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return total, entries


def over_quota(root: str, max_bytes: int, max_entries: int) -> str:
    """A sentence when the directory is over its quota, else ''."""
    size, entries = usage(root, max_entries)
    if entries > max_entries:
        return f"created more than {max_entries} files and folders in its scratch directory"
    if size > max_bytes:
        return f"wrote more than {max_bytes >> 20} MB to its scratch directory"
    return ""
