"""A Comtrade download read by DuckDB's parallel CSV reader, when that reads what the
row-numbering reader would."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradestat.ingest.options import SourceReport
from tradestat.ingest.readers.packaged import norm_header
from tradestat.ingest.readers.relations import SourceRows, one_utf8_header
from tradestat.ingest.readers.streams import column_names

if TYPE_CHECKING:
    from tradestat.ingest.formats.comtrade.adapter import ComtradeAdapter
    from tradestat.ingest.formats.comtrade.relation import Rules


def read_clean(
    adapter: ComtradeAdapter,
    con: Any,
    files: list[Path],
    report: SourceReport,
    rows: SourceRows,
    layouts: dict[tuple, Rules],
    aliases: dict[str, str],
) -> int:
    """A batch of one clean UTF-8 download read by DuckDB's ``read_csv`` on every core,
    under the conditions of the canonical CSV fast path (one record per line, no
    malformed or blank line, no space beside a quote outside a quoted field): what the
    row-numbering reader would give. The number of rows, or 0 to read it that way (a
    folder too: its files' notes need their index)."""
    from tradestat.ingest.formats.comtrade.relation import Rules
    from tradestat.ingest.readers.fast_csv import stage_csv_files

    shared = one_utf8_header(files, adapter.options.encoding) if len(files) == 1 else None
    if shared is None:
        return 0
    header, encodings = shared
    path = files[0]
    source = {aliases[norm_header(h)]: h for h in header if norm_header(h) in aliases}
    names = column_names(header)
    n = stage_csv_files(con, files, names, list(source.values()), "_ct_fast")
    if n is None:
        return 0
    key = tuple(source.items())
    table = rows.add_view(key, "_ct_fast", list(source.values()))  # dropped with the rows
    # checked once there are good rows, as the file-by-file path checks its first chunk
    adapter._check(path, source, header)
    report.encodings[path.name] = encodings[path.name]
    layouts[key] = Rules(adapter, source)
    layouts[key].add_file(con, table, 0, path, n, report)
    return n
