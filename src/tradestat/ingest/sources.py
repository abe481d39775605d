"""Source files of a batch and the content hash that makes re-ingest idempotent."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tradestat.ingest.adapters.base import IngestOptions


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


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()
