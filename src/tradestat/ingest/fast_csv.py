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
_LINE_BLOCK = 16 << 20


def stage_csv(
    con: Any, path: Path, names: list[str], keep: list[str], seq: int, stage: str
) -> int | None:
    """Stage ``path`` into ``stage`` (columns ``keep`` of header ``names``); the number of
    rows staged, or None when the general reader must do it (then nothing was staged)."""
    records = _records_by_lines(path)
    if records is None or records == 0:
        return None
    columns = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    con.execute("DROP TABLE IF EXISTS _fast_csv")
    try:
        # CREATE TABLE AS keeps the file's order (insertion order is preserved), so a
        # row's rowid is its record number
        con.execute(
            f"""CREATE TEMP TABLE _fast_csv AS SELECT * FROM read_csv({_lit(str(path))},
            columns = {columns}, header = false, skip = 1, auto_detect = false,
            delim = ',', quote = '"', escape = '"', nullstr = {_lit(_NO_NULL)},
            strict_mode = true, encoding = 'utf-8')"""
        )
        got = con.execute("SELECT count(*) FROM _fast_csv").fetchall()[0][0]
        if got != records or _has_blank_record(con, names):
            return None
        cols = ", ".join(_ident(c) for c in keep)
        con.execute(
            f"""INSERT INTO {stage} BY NAME SELECT {cols}, rowid + 2 AS _row,
            rowid + {int(seq)} AS _seq, {_lit(path.name)} AS _file FROM _fast_csv"""
        )
        return got
    except Exception:  # any reader error: the general reader explains it
        # (staging runs outside the batch transaction, so a failed statement aborts nothing)
        return None
    finally:
        con.execute("DROP TABLE IF EXISTS _fast_csv")


def _has_blank_record(con: Any, names: list[str]) -> bool:
    # the first column alone rules out almost every file cheaply
    first = f"trim({_ident(names[0])}) = ''"
    if not con.execute(f"SELECT count(*) FROM _fast_csv WHERE {first}").fetchall()[0][0]:
        return False
    blank = " AND ".join(f"trim({_ident(n)}) = ''" for n in names)
    return con.execute(f"SELECT count(*) FROM _fast_csv WHERE {blank}").fetchall()[0][0] > 0


def _records_by_lines(path: Path) -> int | None:
    """Lines after the header, counting a last line without a line break."""
    lines, last = 0, b""
    with open(path, "rb") as fh:
        while block := fh.read(_LINE_BLOCK):
            lines += block.count(b"\n")
            last = block
    if not last:
        return None
    if not last.endswith(b"\n"):
        lines += 1
    return lines - 1


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
