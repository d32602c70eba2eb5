"""The trusted side of the channel rejects malformed messages cleanly (ProtocolError),
whatever a hostile worker writes."""
import json
import socket
import struct
import threading
import time

import pytest

from autograder.sandbox import wire


def _received(raw: bytes):
    a, b = socket.socketpair()
    writer = threading.Thread(target=a.sendall, args=(raw,), daemon=True)   # larger than the buffer
    writer.start()
    try:
        return wire.recv_msg(b, deadline=time.monotonic() + 5)
    finally:
        b.close()
        writer.join(5)
        a.close()


def _framed(header: bytes) -> bytes:
    return struct.pack(">I", len(header)) + header


@pytest.mark.parametrize("header", [b"[" * 100_000, b"{\"a\":" * 50_000, b"not json", b"\xff\xfe",
                                    b"[1, 2]", b"{\"ok\": true}", b"{\"blobs\": [-1]}",
                                    b"{\"blobs\": [1.5]}"])
def test_malformed_headers_are_protocol_errors(header):
    with pytest.raises(wire.ProtocolError):
        _received(_framed(header))


def test_oversized_header_and_reply_are_refused_before_reading():
    with pytest.raises(wire.ProtocolError, match="exceeds"):
        _received(struct.pack(">I", 1 << 31))
    with pytest.raises(wire.ProtocolError, match="exceeds"):
        a, b = socket.socketpair()
        a.sendall(_framed(json.dumps({"blobs": [1 << 40]}).encode()))
        try:
            wire.recv_msg(b, max_total=1 << 20)
        finally:
            a.close()
            b.close()


def test_nested_values_are_bounded_when_decoded():
    d = {"t": "none"}
    for _ in range(50):
        d = {"t": "list", "items": [d]}
    with pytest.raises(wire.ProtocolError):
        wire.decode(d, [])


def test_a_forged_array_must_match_its_bytes():
    with pytest.raises(wire.ProtocolError):
        wire.decode({"t": "array", "dtype": "<f8", "shape": [10**9], "blob": 0}, [b"\0" * 8])
    assert isinstance(wire.decode({"t": "array", "dtype": "|O", "shape": [1], "blob": 0}, [b""]),
                      wire.BadValue)
