"""The canonical format: CSV or Parquet whose columns are canonical field names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import FILE_ROW, META_COLUMNS, Adapter, register
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.readers.fast_csv import stage_csv
from tradestat.ingest.readers.streams import (
    column_names,
    detect_encoding,
    read_header,
    stream_csv,
    stream_parquet,
)
from tradestat.model.schema import FIELD_NAMES

REQUIRED = ("period", "flow", "value")


@register
class CanonicalAdapter(Adapter):
    name = "canonical"
    description = "CSV or Parquet with canonical column names (see README, Data model)"
    suffixes = (".csv", ".parquet")

    def __init__(self, options: IngestOptions) -> None:
        super().__init__(options)
        # header checks per file: a CSV the fast path hands back is read without
        # detecting its encoding and reading its header a second time
        self._checked: dict[Path, list[str]] = {}

    def fields(self, path: Path) -> set[str]:
        return set(self._columns(path)) & set(FIELD_NAMES)

    def _columns(self, path: Path, encoding: str | None = None) -> list[str]:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            try:
                return list(pq.read_schema(path).names)
            except Exception as exc:
                raise IngestError(f"{path}: not a readable Parquet file ({exc})") from None
        return read_header(path, encoding or detect_encoding(path, self.options.encoding))

    def stage_direct(
        self, con: Any, path: Path, report: SourceReport, seq: int, stage: str
    ) -> tuple[int, list[str], int] | None:
        if path.suffix.lower() == ".parquet":
            return self._stage_parquet(con, path, report, stage)
        if path.suffix.lower() != ".csv":
            return None
        columns = self._checked_columns(path, report)
        utf8 = report.encodings.get(path.name) in ("utf-8", "utf-8-sig")  # BOM: in the header
        if not columns or not utf8 or len(set(columns)) < len(columns):
            return None  # the general reader handles (and reports) these
        names = column_names(columns)
        keep = [c for c in names if c in FIELD_NAMES]
        n = stage_csv(con, path, names, keep, stage)
        return None if n is None else (n, keep, 2)  # row 1 is the header

    def _stage_parquet(
        self, con: Any, path: Path, report: SourceReport, stage: str
    ) -> tuple[int, list[str], int] | None:
        """A Parquet file staged by DuckDB's reader: its columns as text, cast by DuckDB
        as the general path's insert of Arrow chunks casts them; its record number is the
        reader's ``file_row_number``. The stage is a view over the file, not a copy:
        reading a column of a Parquet file again costs less than holding every column
        once more as text (a million rows staged in 1 s less) — when DuckDB reads the
        file on every core. It reads a row group per thread, so a large file of fewer
        row groups than threads (pandas and pyarrow write up to a million rows as one)
        would be read by one thread in every later statement: such a file is copied
        once into a table, whose row groups of ``TABLE_ROW_GROUP`` rows they read on
        every core."""
        columns = self._checked_columns(path, report)
        if not columns or any(c in META_COLUMNS for c in columns):
            return None  # bookkeeping columns of its own: the general reader decides
        keep = [c for c in columns if c in FIELD_NAMES]
        cols = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in keep)
        source = "'" + str(path).replace("'", "''") + "'"
        kind = "TABLE" if _read_by_one_thread(con, path) else "VIEW"
        try:
            con.execute(
                f"CREATE TEMP {kind} {stage} AS SELECT {cols}, file_row_number AS {FILE_ROW} "
                f"FROM read_parquet({source}, file_row_number = true)"
            )
            counts = _filled_from_statistics(path, keep, columns)
            if counts is None:
                filled = "".join(f', count("{c}")' for c in keep)
                counts = con.execute(f"SELECT count(*){filled} FROM {stage}").fetchall()[0]
        except Exception:  # an unreadable file: the general reader explains it
            con.execute(f"DROP {kind} IF EXISTS {stage}")
            return None
        if not counts[0]:
            con.execute(f"DROP {kind} {stage}")
            return None
        # a column holding no value does not widen the dataset's grain
        return counts[0], [c for c, n in zip(keep, counts[1:], strict=True) if n], 1

    def read(self, path: Path, report: SourceReport) -> Iterator[object]:
        columns = self._checked_columns(path, report)
        if not columns:
            report.note(f"{path.name}: empty file, no rows")
            return
        if path.suffix.lower() == ".parquet":
            chunks = stream_parquet(path)
        else:
            chunks = (table for _, table in stream_csv(path, report.encodings[path.name]))
        keep = [*FIELD_NAMES, *META_COLUMNS]
        for table in chunks:
            yield table.select([c for c in table.column_names if c in keep])

    def _checked_columns(self, path: Path, report: SourceReport) -> list[str]:
        """The header, refused without the required fields; notes ignored columns and
        the encoding in the report."""
        if path in self._checked:
            return self._checked[path]
        csv = path.suffix.lower() != ".parquet"
        encoding = detect_encoding(path, self.options.encoding) if csv else None
        columns = self._columns(path, encoding)
        if not columns:
            return columns
        present = set(columns)
        missing = [f for f in REQUIRED if f not in present and not self._implied(f)]
        if missing:
            from tradestat.ingest.formats.mapped.suggest import hint

            raise IngestError(
                f"{path}: missing column(s) {missing}; canonical files need "
                f"{', '.join(REQUIRED)} (header: {', '.join(columns)}){_separator_hint(columns)}"
                f"{hint(columns, path)}"
            )
        ignored = [c for c in columns if c and c not in FIELD_NAMES and not c.startswith("_")]
        if ignored:
            report.ignored_columns[path.name] = ignored
        if encoding:
            report.encodings[path.name] = encoding
        self._checked[path] = columns
        return columns

    def _implied(self, field: str) -> bool:
        return (field == "flow" and self.options.flow is not None) or (
            field == "period" and self.options.period is not None
        )


TABLE_ROW_GROUP = 122_880  # rows of a DuckDB table's row group, its unit of parallel scans


def _read_by_one_thread(con: Any, path: Path) -> bool:
    """Whether DuckDB would read the file's rows with fewer threads than it has, and a
    table of them with more: fewer row groups than threads, more rows than one table
    row group."""
    meta = _metadata(path)
    if meta is None:
        return False
    threads = int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])
    return meta.num_row_groups < threads and meta.num_rows > TABLE_ROW_GROUP


def _metadata(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.read_metadata(path)
    except Exception:  # unreadable: DuckDB's reader, or the general reader, says why
        return None


def _filled_from_statistics(
    path: Path, keep: list[str], columns: list[str]
) -> tuple[int, ...] | None:
    """The file's rows and each kept column's values (rows less nulls) from the footer's
    statistics, which writers record per column chunk, so no scan of the file is needed;
    None when a chunk of a kept column has no null count, or when two of the file's
    ``columns`` differ only in case (DuckDB binds a name to the first of them): the
    counts are then read."""
    meta = _metadata(path)
    if meta is None or len({c.lower() for c in columns}) < len(columns):
        return None
    nulls, chunks = dict.fromkeys(keep, 0), 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for i in range(group.num_columns):
            chunk = group.column(i)
            if chunk.path_in_schema not in nulls:
                continue
            stats = chunk.statistics
            if stats is None or not stats.has_null_count:
                return None
            nulls[chunk.path_in_schema] += stats.null_count
            chunks += 1
    if chunks != len(keep) * meta.num_row_groups:  # a nested column: its parts, not it
        return None
    return (meta.num_rows, *(meta.num_rows - nulls[c] for c in keep))


def _separator_hint(columns: list[str]) -> str:
    """A one-column header holding ';' or tabs is a file with another separator."""
    if len(columns) == 1:
        for sep, name in ((";", "';'"), ("\t", "tabs"), ("|", "'|'")):
            if sep in columns[0]:
                return (
                    f"; the header is one column containing {name}: canonical CSV is "
                    "comma-separated (decimal point, not comma) — convert the file"
                )
    return ""
