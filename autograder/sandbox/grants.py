"""Which paths a worker may read: the Python installation, numpy and the system
libraries, minus the grader's secrets wherever they sit inside those trees.

Landlock only grants, it cannot deny below a grant. So a granted tree that contains a
secret (a non-editable install puts the `autograder` package, with the assignments'
hidden checks and the references, inside site-packages) is carved: each directory on the
way down to the secret may only be listed, and everything beside that way is granted
whole. The secret itself is then neither readable nor executable; only the names of its
entries can be listed. Trusted side only.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]      # the installed `autograder` package
REPO_ROOT = PACKAGE_DIR.parent                          # a checkout: authored notebooks (solutions), tests/, ...


@dataclass
class Grants:
    readable: list[str] = field(default_factory=list)    # read files, list, execute, beneath
    listable: list[str] = field(default_factory=list)    # list this directory only

    def to_dict(self) -> dict:
        return {"readable": self.readable, "listable": self.listable}


def _contains(outer: Path, inner: Path) -> bool:
    return outer == inner or outer in inner.parents


def carve(candidates, secrets) -> Grants:
    """Grant each candidate tree, except the secrets: a candidate that is a secret or lies
    inside one is granted only if it does not contain a secret itself (the repository's
    own venv is fine; the repository is not)."""
    secrets = [Path(os.path.realpath(s)) for s in secrets]
    out = Grants()
    seen: set[Path] = set()

    def grant(path: Path):
        if path in seen or not path.exists():
            return
        seen.add(path)
        inner = [s for s in secrets if path != s and _contains(path, s)]
        if any(path == s for s in secrets):
            return
        if not inner:
            out.readable.append(str(path))
            return
        if not path.is_dir():
            return
        out.listable.append(str(path))
        try:
            children = sorted(path.iterdir())
        except OSError:
            return
        for child in children:
            grant(Path(os.path.realpath(child)))

    for c in candidates:
        grant(Path(os.path.realpath(c)))
    return out


def secrets() -> list[Path]:
    """What no worker may read: the grader's package, and the checkout it may live in."""
    out = [PACKAGE_DIR]
    if (REPO_ROOT / "pyproject.toml").is_file():
        out.append(REPO_ROOT)
    return out


def candidates() -> list[str]:
    numpy_dir = os.path.dirname(os.path.dirname(importlib.util.find_spec("numpy").origin))
    return [sys.base_prefix, sys.prefix, sys.base_exec_prefix, sys.exec_prefix, numpy_dir,
            "/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib", "/lib64",   # shared libraries
            "/etc/ld.so.cache", "/dev/urandom"]


def worker_grants() -> Grants:
    return carve(candidates(), secrets())
