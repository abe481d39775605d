"""Source files of a batch and the content hash that makes re-ingest idempotent."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tradestat.ingest.options import IngestOptions


def content_hash(fmt: str, files: list[Path], options: IngestOptions) -> str:
    """Hash of format, options that change the rows, and every file's bytes."""
    h = hashlib.sha256()
    settings = {
        "format": fmt,
        "flow": options.flow,
        "period": options.period,
        "currency": options.currency,
        "vintage": options.vintage.isoformat() if options.vintage else None,
        "encoding": options.encoding,
        "mapping": _file_digest(options.mapping) if options.mapping else None,
        "extra": options.extra,
    }
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in files:
        h.update(path.name.encode())
        h.update(_file_digest(path).encode())
    return h.hexdigest()


def _file_digest(path: Path | str) -> str:
    return scan(path)[0]


_BLOCK = 16 << 20
_SCANS: dict[tuple[str, int, int], tuple[str, int, bool, int]] = {}


def scan(path: Path | str) -> tuple[str, int, bool, int]:
    """(SHA-256, line breaks, ends with a line break, size) of a file, from one read: the
    content hash and the CSV fast path's line count share it. Kept per path, size and
    modification time, so a file changed since is read again."""
    path = Path(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _SCANS:
        return _SCANS[key]
    h, lines, last = hashlib.sha256(), 0, b""
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            h.update(block)
            lines += block.count(b"\n")
            last = block
    if len(_SCANS) > 1024:
        _SCANS.clear()
    _SCANS[key] = result = (h.hexdigest(), lines, last.endswith(b"\n"), st.st_size)
    return result
