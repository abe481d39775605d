"""Staging a clean UTF-8 CSV with DuckDB's parallel reader.

The general reader (``readers.stream_csv``) is single-threaded, because only that way
does it know the row number of every malformed line. Most large files have no such
line, so a canonical CSV is first read by DuckDB on every core; the result is kept only
when it is provably what the general reader would have staged:

- DuckDB read the file without an error (strict: a line with the wrong number of
  fields, a bad quote or invalid UTF-8 is an error, not a skipped row);
- it returned exactly one record per line after the header, so row N of the file is
  record N - 1 (no blank line skipped, no quoted line break);
- no record is entirely blank (the general reader drops those).

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
    records = _records_by_lines(path)
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


def _records_by_lines(path: Path) -> int | None:
    """Lines after the header, counting a last line without a line break (from the
    one read that also hashes the file for the batch's content hash)."""
    from tradestat.ingest.sources import scan

    lines, ends_with_newline, size = scan(path)[1:]
    if not size:
        return None
    return lines - 1 + (0 if ends_with_newline else 1)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
