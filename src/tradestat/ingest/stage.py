"""Staging: every file of a batch as one relation of text columns, ``_stage``.

A file DuckDB's reader staged by itself (a clean canonical CSV) stays the table that
reader filled, its row numbers derived from the table's row ids; files read chunk by
chunk (the general reader, the adapters that translate codes) go into ``_stage_rows``.
``_stage`` is a view over all of them, so no row is copied once more to be staged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import FILE_ROW, META_COLUMNS, Adapter
from tradestat.ingest.options import SourceReport
from tradestat.model.schema import FIELD_NAMES

STAGE = "_stage"  # the view every later stage reads
ROWS = "_stage_rows"  # rows staged chunk by chunk
DIRECT = "_stage_file"  # prefix of the tables a reader filled by itself, one per file
STAGE_META = ("_seq", "_file", "_row", "_reject_field", "_reject_reason", "_raw")


def create_stage(con: Any) -> None:
    drop_stage(con)
    cols = ", ".join(f'"{f}" VARCHAR' for f in FIELD_NAMES)
    con.execute(
        f"CREATE TEMP TABLE {ROWS} (_seq BIGINT, _file VARCHAR, _row BIGINT, "
        f"_reject_field VARCHAR, _reject_reason VARCHAR, _raw VARCHAR, {cols})"
    )
    con.execute(f"CREATE TEMP VIEW {STAGE} AS SELECT * FROM {ROWS}")


def drop_stage(con: Any) -> None:
    """Drop what staging and validation left: one catalog read, then only what exists."""
    from tradestat.ingest.commit import KEY_CHECKS, TYPED, VERDICT

    # _typed is an older version's; _stage was once a table, now a view; the duplicate
    # checks' keys are dropped too, so an idle warehouse holds none of a batch's rows
    fixed = [TYPED, VERDICT, STAGE, ROWS, *KEY_CHECKS]
    left = con.execute(
        "SELECT 'VIEW', view_name FROM duckdb_views() WHERE temporary "
        "AND (view_name IN $fixed OR starts_with(view_name, $direct)) UNION ALL "
        "SELECT 'TABLE', table_name FROM duckdb_tables() WHERE temporary "
        "AND (table_name IN $fixed OR starts_with(table_name, $direct)) ORDER BY 1 DESC",
        {"fixed": fixed, "direct": DIRECT},
    ).fetchall()
    for kind, name in left:  # views first ('VIEW' > 'TABLE'): they name the tables
        con.execute(f'DROP {kind} IF EXISTS "{name}"')


def _create_view(con: Any, direct: list[tuple[str, int, str, int, bool]], whole: list[str]) -> None:
    """``_stage`` over the chunked rows, every file a reader staged by itself (its
    record i is row i + first row of the file) and the tables an adapter staged a whole
    batch in (``whole``: they carry their own bookkeeping columns)."""
    parts = [f"SELECT * FROM {ROWS}"]
    for table in whole:  # its own working columns (if any) stay out of the stage
        keep = [c for c in _columns(con, table) if c in STAGE_META or c in FIELD_NAMES]
        parts.append(f"SELECT {', '.join(chr(34) + c + chr(34) for c in keep)} FROM {table}")
    for table, seq, file, first_row, view in direct:
        # a table's record number is its rowid; a view over a file carries its own
        every, number = (f"* EXCLUDE ({FILE_ROW})", FILE_ROW) if view else ("*", "rowid")
        parts.append(
            f"SELECT {every}, {number} + {int(seq)} AS _seq, {_lit(file)} AS _file, "
            f"{number} + {int(first_row)} AS _row FROM {table}"
        )
    con.execute(f"CREATE OR REPLACE TEMP VIEW {STAGE} AS {' UNION ALL BY NAME '.join(parts)}")


def _columns(con: Any, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stage_files(
    con: Any,
    adapter: Adapter,
    files: list[Path],
    report: SourceReport,
    progress: Callable[[str, int], None] | None = None,
) -> tuple[set[str], set[str]]:
    """Load every file's rows into the stage.

    Returns the canonical columns present in the files and those holding any value.
    A source without a single row is refused: committing it would create an empty
    dataset whose grain (period, flow) then refuses the real data.
    """
    import pyarrow as pa

    present: set[str] = set()
    seen: set[str] = set()
    staged_direct: list[tuple[str, int, str, int, bool]] = []
    seq = 0
    whole = f"{DIRECT}_all"
    staged = adapter.stage_all(con, files, report, whole)
    if staged is not None:  # the adapter staged the whole batch set-based
        report.files += [str(p) for p in files]
        seq, fields, filled = staged
        present.update(fields)
        seen.update(filled)
        if progress:
            progress(files[-1].name, seq)
        files_left: list[Path] = []
    else:
        files_left = files
    for path in files_left:
        report.files.append(str(path))
        table = f"{DIRECT}{len(staged_direct)}"
        direct = adapter.stage_direct(con, path, report, seq, table)
        if direct is not None:
            n, fields, first_row = direct
            columns = _columns(con, table)
            staged_direct.append((table, seq, path.name, first_row, FILE_ROW in columns))
            present.update(c for c in columns if c != FILE_ROW)
            seen.update(fields)
            seq += n
            if progress:
                progress(path.name, n)
            continue
        for chunk in adapter.read(path, report):
            n = chunk.num_rows
            if n == 0:
                continue
            if "_row" not in chunk.column_names:
                raise IngestError(f"adapter {adapter.name!r} gave rows without _row numbers")
            # malformed CSV lines arrive under the source's own header names (GAC, orders,
            # mapped): only canonical fields and bookkeeping columns go to the stage
            keep = [c for c in chunk.column_names if c in FIELD_NAMES or c in META_COLUMNS]
            if len(keep) < len(chunk.column_names):
                chunk = chunk.select(keep)
            fields = [c for c in chunk.column_names if c in FIELD_NAMES]
            present.update(fields)
            seen.update(c for c in fields if chunk[c].null_count < n)
            chunk = chunk.append_column("_seq", pa.array(range(seq, seq + n), pa.int64()))
            chunk = chunk.append_column("_file", pa.array([path.name] * n, pa.string()))
            seq += n
            con.register("_chunk", chunk)
            try:
                con.execute(f"INSERT INTO {ROWS} BY NAME SELECT * FROM _chunk")
            finally:
                con.unregister("_chunk")
            if progress:
                progress(path.name, n)
    report.rows_staged = seq
    if seq == 0:
        names = ", ".join(p.name for p in files)
        raise IngestError(f"{names}: no rows to ingest (empty file, or a header only)")
    if staged_direct or staged is not None:
        _create_view(con, staged_direct, [whole] if staged is not None else [])
    if not all(p.suffix.lower() == ".parquet" for p in files):
        # a Parquet file's columns are bound by name in its schema: a row holding the
        # column names is a bad row (the row rules reject it), never a shift of fields
        refuse_reordered_header(con, present)
    return present, seen


def refuse_reordered_header(con: Any, present: set[str]) -> None:
    """A row made of the column names again, in another order (two files pasted together
    with their columns swapped), would have every later row read into the wrong fields:
    the file is refused, naming the row. A repeat in the same order is only that row,
    and is rejected like any other bad row.

    The rows are first narrowed in SQL to those whose every text is blank or a column
    name, two at least: one test per column, chained in a CASE, after a count of the
    rows whose first column (the period, never a name in a data row) passes its test,
    which settles almost every file; a regular expression over every row's joined texts
    cost 8 times as much. The candidates are then judged
    column by column, as the rule says."""
    cols = sorted(present)
    if len(cols) < 2:
        return
    first = [c for c in ("period", "value") if c in present]
    ordered_cols = first + [c for c in cols if c not in first]
    names = ", ".join(_lit(c) for c in ["", *cols])

    def text(c: str) -> str:
        return f"lower(coalesce(trim(\"{c}\"), ''))"

    filled = " + ".join(f"CAST({text(c)} <> '' AS INTEGER)" for c in ordered_cols)
    tests = " ".join(f"WHEN NOT ({text(c)} IN ({names})) THEN false" for c in ordered_cols)
    only_names = f"CASE {tests} ELSE ({filled}) >= 2 END"
    texts = ", ".join(text(c) for c in cols)
    # DuckDB evaluates the whole CASE on every row even when its first test settles it
    # (130 ms per million rows against 40 ms for that test alone, measured), so the first
    # test alone comes first: a data file has no candidate at all
    if not con.execute(
        f"SELECT count(*) FROM {STAGE} WHERE {text(ordered_cols[0])} IN ({names})"
    ).fetchall()[0][0]:
        return
    offset = 0
    while True:
        found = con.execute(
            f"SELECT _file, _row, {texts} FROM {STAGE} WHERE _reject_field IS NULL "
            f"AND {only_names} ORDER BY _seq LIMIT 1000 OFFSET {offset}"
        ).fetchall()
        for file, row, *values in found:
            ordered = all(v in (c, "") for v, c in zip(values, cols, strict=True))
            if not ordered:
                raise IngestError(
                    f"{file}: row {row} repeats the header with the columns in another "
                    "order; the rows after it would be read into the wrong fields: split the "
                    "file there and ingest each part with its own header"
                )
        if len(found) < 1000:
            return
        offset += 1000
