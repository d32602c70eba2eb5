"""Pictures inside the HTML reports as data: URIs, so that the one file carries them
(a report mailed or uploaded alone keeps its plots)."""
from __future__ import annotations

import base64
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 4 << 20      # a feedback plot is tens of kB; anything far larger is not ours


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def embedded(folder: Path, name: str) -> str | None:
    """The PNG `name` (relative to a student's report folder) as a data: URI, or None when
    it is missing, outside the folder, too large or not a PNG."""
    folder = Path(folder).resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        png = path.read_bytes()
    except OSError:
        return None
    return data_uri(png) if png.startswith(PNG_SIGNATURE) else None
