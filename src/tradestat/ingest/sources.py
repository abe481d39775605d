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
_SCANS: dict[tuple[str, int, int], tuple[str, int, bool, int, bool]] = {}
# where a space or tab may stand beside a quote outside a quoted field: DuckDB's CSV
# reader drops such spaces (` "USA"` reads USA), the row-numbering reader keeps them as
# text, so a file with one is left to the latter
_NEAR_QUOTE = (b' "', b'" ', b'\t"', b'"\t')


def scan(path: Path | str) -> tuple[str, int, bool, int, bool]:
    """(SHA-256, line breaks, ends with a line break, size, a space beside a quote
    outside a quoted field) of a file, from one read: the content hash and the CSV fast
    path's checks share it. Kept per path, size and modification time, so a file changed
    since is read again."""
    path = Path(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _SCANS:
        return _SCANS[key]
    h, lines, last, spaced, carry = hashlib.sha256(), 0, b"", False, b""
    text = path.suffix.lower() == ".csv"  # what the fast paths read: not Parquet's bytes
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            h.update(block)
            lines += block.count(b"\n")
            last = block
            if text and not spaced:  # whole lines only: a line may straddle two blocks
                cut = block.rfind(b"\n") + 1
                if b'"' in block or b'"' in carry:
                    spaced = _spaced_quote(carry + block[:cut])
                carry = block[cut:] if cut else carry + block
    spaced = spaced or (text and _spaced_quote(carry))
    if len(_SCANS) > 1024:
        _SCANS.clear()
    _SCANS[key] = result = (h.hexdigest(), lines, last.endswith(b"\n"), st.st_size, spaced)
    return result


def _spaced_quote(text: bytes) -> bool:
    """A line of ``text`` where a space or tab stands beside a quote outside a quoted
    field (``a, "b"`` or ``"b" ,c``); ``"CARD, "`` holds its space inside the quotes.
    Each line holding a space or tab beside a quote is parsed as one record (the fast
    path is only kept for files of one record per line)."""
    for pair in _NEAR_QUOTE:
        at = text.find(pair)
        while at >= 0:
            start = text.rfind(b"\n", 0, at) + 1
            end = text.find(b"\n", at)
            end = len(text) if end < 0 else end
            if _line_spaced(text[start:end].rstrip(b"\r")):
                return True
            at = text.find(pair, end)
    return False


def _line_spaced(line: bytes) -> bool:
    """Whether a space or tab stands beside a quote outside the quoted fields of one
    CSV line (comma-separated, quotes doubled inside a quoted field); an unclosed quote
    counts as such, so that line is left to the row-numbering reader."""
    i, n = 0, len(line)
    while True:  # at the start of a field
        j = i
        while j < n and line[j] in b" \t":
            j += 1
        if j < n and line[j] == 34:  # a quote
            if j > i:
                return True  # spaces before the opening quote
            j += 1
            while True:
                q = line.find(b'"', j)
                if q < 0:
                    return True  # not closed on this line
                if line[q + 1 : q + 2] == b'"':
                    j = q + 2
                    continue
                break
            k = q + 1
            while k < n and line[k] in b" \t":
                k += 1
            if k > q + 1 and (k == n or line[k] == 44):
                return True  # spaces after the closing quote
            comma = line.find(b",", k)
        else:
            comma = line.find(b",", i)
        if comma < 0:
            return False
        i = comma + 1
