"""The data-only channel between the trusted process and a worker.

A message is a 4-byte big-endian length, a UTF-8 JSON header, then raw binary blobs
whose sizes the header lists. Values are described in JSON ("t" = type tag); arrays
travel as raw bytes plus dtype string and shape. Nothing is ever unpickled.

This module is imported by the worker under `python -I`, so it uses only the standard
library and numpy, and no package-relative imports.
"""
from __future__ import annotations

import json
import socket
import struct
import time

import numpy as np

# Plain numeric dtypes accepted from a worker; anything else is a bad value.
ARRAY_DTYPES = frozenset(np.dtype(c).str for c in "?bBhHiIlLqQefd")
MAX_ITEMS = 10_000          # elements of lists/tuples encoded as JSON
MAX_DEPTH = 8
MAX_STR = 100_000


class ProtocolError(Exception):
    """The peer sent something that is not a well-formed message."""


class PeerClosed(Exception):
    """The peer closed the channel (usually: the worker died)."""


def send_msg(sock: socket.socket, header: dict, blobs=()) -> None:
    blobs = [memoryview(b).cast("B") for b in blobs]
    header = dict(header, blobs=[len(b) for b in blobs])
    raw = json.dumps(header).encode()
    sock.sendall(struct.pack(">I", len(raw)) + raw)
    for b in blobs:
        sock.sendall(b)


def _recv_exact(sock, n: int, deadline: float | None) -> bytes:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise PeerClosed
        got += k
    return bytes(buf)


def recv_msg(sock, deadline: float | None = None, max_header: int = 4 << 20,
             max_total: int = 1 << 40) -> tuple[dict, list[bytes]]:
    """Read one message. Raises TimeoutError, PeerClosed or ProtocolError."""
    (n,) = struct.unpack(">I", _recv_exact(sock, 4, deadline))
    if n > max_header:
        raise ProtocolError(f"reply header of {n} bytes exceeds the {max_header}-byte limit")
    try:
        header = json.loads(_recv_exact(sock, n, deadline))
    except ValueError as e:
        raise ProtocolError(f"reply header is not JSON: {e}") from None
    except RecursionError:          # e.g. "[" * 100000: the parser recurses once per level
        raise ProtocolError("reply header is nested too deeply") from None
    sizes = header.get("blobs") if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes):
        raise ProtocolError("reply header has no valid blob list")
    if sum(sizes) > max_total:
        raise ProtocolError(f"reply of {sum(sizes)} bytes exceeds the {max_total}-byte limit")
    return header, [_recv_exact(sock, s, deadline) for s in sizes]


# -- values -------------------------------------------------------------------

def describe(obj) -> str:
    """Name what an object is without calling any of its (possibly hostile) methods."""
    t = type(obj)
    name = t.__qualname__ if t.__module__ in ("builtins", None) else f"{t.__module__}.{t.__qualname__}"
    if isinstance(obj, np.ndarray):
        if t is not np.ndarray:
            return f"an ndarray subclass ({name[:80]})"
        return f"an ndarray of dtype {obj.dtype.str} (not a plain number type)"
    if t.__name__ == "generator":
        return "a generator (perhaps a missing list(...) or a stray yield)"
    return f"an object of type {name[:80]}"


def encode(obj, blobs: list, depth: int = 0, budget: list | None = None) -> dict:
    """Describe `obj` as JSON-able data, appending array bytes to `blobs` (worker side)."""
    budget = budget if budget is not None else [MAX_ITEMS]
    t = type(obj)
    if obj is None:
        return {"t": "none"}
    if t is bool or t is np.bool_:
        return {"t": "bool", "v": bool(obj)}
    if t is int or (t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)):
        v = int(obj)
        return {"t": "int", "v": v} if v.bit_length() <= 64 else {"t": "float", "v": float(v)}
    if t is float or t in (np.float16, np.float32, np.float64):
        return {"t": "float", "v": float(obj)}
    if t is str:
        return {"t": "str", "v": obj[:MAX_STR], "cut": len(obj) > MAX_STR}
    if t is np.ndarray and obj.dtype.str in ARRAY_DTYPES:
        blobs.append(np.ascontiguousarray(obj).tobytes())
        return {"t": "array", "dtype": obj.dtype.str, "shape": list(obj.shape), "blob": len(blobs) - 1}
    if (t is list or t is tuple) and depth < MAX_DEPTH:
        budget[0] -= len(obj)
        if budget[0] < 0:
            return {"t": "bad", "desc": f"a {t.__name__} too long to send back"}
        return {"t": t.__name__, "items": [encode(x, blobs, depth + 1, budget) for x in obj]}
    return {"t": "bad", "desc": describe(obj)}


class BadValue:
    """Stands for a returned value that is not plain data; `desc` says what it was."""

    def __init__(self, desc: str):
        self.desc = desc

    def __repr__(self):
        return f"BadValue({self.desc!r})"


class Handle:
    """Refers to an object kept inside a worker (e.g. a student's cache)."""

    def __init__(self, id: int, generation: int):
        self.id, self.generation = id, generation

    def __repr__(self):
        return f"Handle({self.id}, gen={self.generation})"


def decode(d, blobs: list[bytes], generation: int = 0, depth: int = 0):
    """Rebuild a value sent by a worker, validating everything (trusted side).

    Arrays come back as fresh, writable, plain float64 ndarrays."""
    if not isinstance(d, dict) or depth > MAX_DEPTH + 1:
        raise ProtocolError("malformed value")
    t = d.get("t")
    v = d.get("v")
    if t == "none":
        return None
    if t == "bool" and type(v) is bool:
        return v
    if t == "int" and type(v) is int:
        return v
    if t == "float" and type(v) in (float, int):
        return float(v)
    if t == "str" and type(v) is str:
        return v
    if t == "bad" and type(d.get("desc")) is str:
        return BadValue(d["desc"][:200])
    if t == "handle" and type(d.get("id")) is int:
        return Handle(d["id"], generation)
    if t in ("list", "tuple") and isinstance(d.get("items"), list):
        items = [decode(x, blobs, generation, depth + 1) for x in d["items"]]
        return items if t == "list" else tuple(items)
    if t == "array":
        dtype, shape, k = d.get("dtype"), d.get("shape"), d.get("blob")
        if dtype not in ARRAY_DTYPES:
            return BadValue(f"an array of unsupported dtype {str(dtype)[:40]}")
        if (not isinstance(shape, list) or len(shape) > 32
                or not all(type(s) is int and s >= 0 for s in shape)
                or type(k) is not int or not 0 <= k < len(blobs)):
            raise ProtocolError("malformed array description")
        dt = np.dtype(dtype)
        if int(np.prod(shape, dtype=object)) * dt.itemsize != len(blobs[k]):
            raise ProtocolError("array byte count does not match its shape")
        return np.frombuffer(blobs[k], dtype=dt).reshape(shape).astype(np.float64).copy()
    raise ProtocolError(f"unknown value tag {str(t)[:20]!r}")


def encode_arg(value, blobs: list) -> dict:
    """Describe a trusted-side argument (array, scalar or Handle) for a request."""
    if isinstance(value, Handle):
        return {"t": "handle", "id": value.id}
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value, dtype=np.float64)
        blobs.append(arr.tobytes())
        return {"t": "array", "dtype": arr.dtype.str, "shape": list(arr.shape), "blob": len(blobs) - 1}
    return encode(value, blobs)
