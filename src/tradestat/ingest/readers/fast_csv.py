"""Staging a clean UTF-8 CSV with DuckDB's parallel reader.

The general reader (``readers.stream_csv``) is single-threaded, because only that way
does it know the row number of every malformed line. Most large files have no such
line, so a canonical CSV is first read by DuckDB on every core; the result is kept only
when it is provably what the general reader would have staged:

- DuckDB read the file without an error (strict: a line with the wrong number of
  fields, a bad quote or invalid UTF-8 is an error, not a skipped row);
- it returned exactly one record per line after the header, so row N of the file is
  record N - 1 (no blank line skipped, no quoted line break);
- no record is entirely blank (the general reader drops those);
- no space or tab stands beside a double quote (DuckDB drops spaces around a quoted
  field, the general reader keeps them as text).

Otherwise nothing is kept and the caller stages the file the general way, so row
numbers and reject reasons are the same whichever path ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# A text no real field holds: DuckDB would read it as NULL. Empty fields stay '' as in
# the general reader (its strings cannot be null).
_NO_NULL = "\x01tradestat-no-null\x01"


def stage_csv(con: Any, path: Path, names: list[str], keep: list[str], table: str) -> int | None:
    """Stage the columns ``keep`` of ``path`` (header ``names``) as the temporary table
    ``table``, in file order (record i is row i + 2); the number of rows staged, or None
    when the general reader must do it (then no table is left)."""
    records = records_by_lines(path)
    if records is None or records == 0:
        return None
    columns = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    cols = ", ".join(_ident(c) for c in keep)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    try:
        # CREATE TABLE AS keeps the file's order (insertion order is preserved), so a
        # row's rowid is its record number; only the canonical columns are kept
        con.execute(
            f"""CREATE TEMP TABLE {table} AS SELECT {cols} FROM read_csv({_lit(str(path))},
            columns = {columns}, header = false, skip = 1, auto_detect = false,
            delim = ',', quote = '"', escape = '"', nullstr = {_lit(_NO_NULL)},
            strict_mode = true, encoding = 'utf-8')"""
        )
        got = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        if got != records or _has_blank_record(con, table, keep):
            con.execute(f"DROP TABLE IF EXISTS {table}")
            return None
        return got
    except Exception:  # any reader error: the general reader explains it
        # (staging runs outside the batch transaction, so a failed statement aborts nothing)
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return None


def stage_csv_files(
    con: Any, paths: list[Path], names: list[str], keep: list[str], view: str
) -> int | None:
    """Stage the columns ``keep`` of several CSV files sharing the header ``names`` as
    one relation, the temporary view ``view``, with ``_seq`` (the record's place in the
    batch: files in the given order, rows in file order), ``_file`` (the file's name)
    and ``_row`` (its row in the file, the header being row 1), under the conditions
    ``stage_csv`` checks for each file. Returns the number of records, or None (and
    nothing left) when the general reader must read them; ``drop_files`` drops it."""
    if any(c.startswith("_") for c in keep):
        return None  # a source column named like the view's own (_seq, _file, _row, _path)
    expected = [records_by_lines(p) for p in paths]
    if not paths or any(not n for n in expected):
        return None
    columns = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    files = "[" + ", ".join(_lit(str(p)) for p in paths) + "]"
    cols = ", ".join(_ident(c) for c in keep)
    raw = f"{view}_raw"
    try:
        # one read of every file (on every core); insertion order is kept, so rowid
        # follows the files in list order and each file's rows in file order
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {raw} AS SELECT {cols}, filename AS _path
            FROM read_csv({files}, columns = {columns}, header = false, skip = 1,
            auto_detect = false, delim = ',', quote = '"', escape = '"',
            nullstr = {_lit(_NO_NULL)}, strict_mode = true, encoding = 'utf-8',
            filename = true)"""
        )
        spans = con.execute(
            f"SELECT _path, min(rowid) AS first, count(*) FROM {raw} GROUP BY _path ORDER BY first"
        ).fetchall()
        wanted = [(str(p), n) for p, n in zip(paths, expected, strict=True)]
        if [(f, n) for f, _, n in spans] != wanted or _has_blank_record(con, raw, keep):
            drop_files(con, view)
            return None
        starts = ", ".join(
            f"({_lit(str(p))}, {_lit(p.name)}, {int(first)})"
            for p, (_, first, _) in zip(paths, spans, strict=True)
        )
        # a view: the one copy is the table the reader filled
        con.execute(
            f"""CREATE OR REPLACE TEMP VIEW {view} AS
            SELECT r.rowid AS _seq, f.name AS _file, r.rowid - f.first + 2 AS _row, {cols}
            FROM {raw} r JOIN (VALUES {starts}) f(path, name, first) ON r._path = f.path"""
        )
        return sum(expected)
    except Exception:  # any reader error: the general reader explains it
        drop_files(con, view)
        return None


def drop_files(con: Any, view: str) -> None:
    con.execute(f"DROP VIEW IF EXISTS {view}")
    con.execute(f"DROP TABLE IF EXISTS {view}_raw")


def _has_blank_record(con: Any, table: str, keep: list[str]) -> bool:
    """A record blank in every kept column: the general reader drops it when it is blank
    in the other columns too, which the kept columns cannot tell, so that (rare,
    hand-made) file goes to the general reader."""
    # the first column alone rules out almost every file cheaply
    first = f"trim({_ident(keep[0])}) = ''"
    if not con.execute(f"SELECT count(*) FROM {table} WHERE {first}").fetchall()[0][0]:
        return False
    blank = " AND ".join(f"trim({_ident(n)}) = ''" for n in keep)
    return con.execute(f"SELECT count(*) FROM {table} WHERE {blank}").fetchall()[0][0] > 0


def records_by_lines(path: Path) -> int | None:
    """Lines after the header, counting a last line without a line break (from the
    one read that also hashes the file for the batch's content hash); None for an empty
    file, or one where a space or tab stands beside a double quote (DuckDB's reader drops
    such spaces around a quoted field, the row-numbering reader keeps them)."""
    from tradestat.ingest.sources import scan

    _, lines, ends_with_newline, size, spaced_quote = scan(path)
    if not size or spaced_quote:
        return None
    return lines - 1 + (0 if ends_with_newline else 1)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
