"""The measured disk quota (the fallback without a scratch tmpfs) sees deep folders."""
import os

from autograder.sandbox import disk


def _deep(root, levels, name="d" * 200):
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):                      # beyond PATH_MAX: relative to each folder
        os.mkdir(name, dir_fd=fd)
        nfd = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    w = os.open("big", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd)
    os.write(w, b"x" * (2 << 20))
    os.close(w)
    os.close(fd)


def test_bytes_beyond_path_max_are_measured(tmp_path):
    _deep(str(tmp_path), 30)                      # 6 000 characters of path
    size, entries, deepest = disk.measure(str(tmp_path), 10_000)
    assert size >= 2 << 20 and entries == 31 and deepest == 30
    assert "MB" in disk.over_quota(str(tmp_path), 1 << 20, 10_000)


def test_folders_nested_too_deep_are_over_quota(tmp_path):
    _deep(str(tmp_path), disk.MAX_DEPTH + 2, name="d")
    assert "nested folders" in disk.over_quota(str(tmp_path), 1 << 30, 10_000)
