"""Pictures inside the HTML reports as data: URIs, so that the one file carries them
(a report mailed or uploaded alone keeps its plots). In an <img>, an SVG can neither run
a script nor fetch anything."""
from __future__ import annotations

import base64
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_START = b"<svg xmlns='http://www.w3.org/2000/svg'"     # as numeric/plots.py writes it
MAX_BYTES = 4 << 20      # a feedback picture is a few kB; anything far larger is not ours


def data_uri(picture: bytes) -> str:
    kind = "svg+xml" if picture.startswith(SVG_START) else "png"
    return f"data:image/{kind};base64," + base64.b64encode(picture).decode("ascii")


def embedded(folder: Path, name: str) -> str | None:
    """The picture `name` (relative to a student's report folder) as a data: URI, or None
    when it is missing, outside the folder, too large, or neither a PNG nor our SVG."""
    folder = Path(folder).resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        picture = path.read_bytes()
    except OSError:
        return None
    return data_uri(picture) if picture.startswith((PNG_SIGNATURE, SVG_START)) else None
