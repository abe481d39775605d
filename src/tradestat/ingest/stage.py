"""Staging: adapter chunks go into one temporary table of text columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.adapters.base import META_COLUMNS, Adapter, SourceReport
from tradestat.model.schema import FIELD_NAMES

STAGE = "_stage"


def create_stage(con: Any) -> None:
    cols = ", ".join(f'"{f}" VARCHAR' for f in FIELD_NAMES)
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    con.execute(
        f"CREATE TEMP TABLE {STAGE} (_seq BIGINT, _file VARCHAR, _row BIGINT, "
        f"_reject_field VARCHAR, _reject_reason VARCHAR, _raw VARCHAR, {cols})"
    )


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
    seq = 0
    for path in files:
        report.files.append(str(path))
        direct = adapter.stage_direct(con, path, report, seq, STAGE)
        if direct is not None:
            n, fields = direct
            present.update(fields)
            seen.update(fields)  # text fields of a CSV are never null ('' when empty)
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
                con.execute(f"INSERT INTO {STAGE} BY NAME SELECT * FROM _chunk")
            finally:
                con.unregister("_chunk")
            if progress:
                progress(path.name, n)
    if seq == 0:
        names = ", ".join(p.name for p in files)
        raise IngestError(f"{names}: no rows to ingest (empty file, or a header only)")
    refuse_reordered_header(con, present)
    return present, seen


def refuse_reordered_header(con: Any, present: set[str]) -> None:
    """A row made of the column names again, in another order (two files pasted together
    with their columns swapped), would have every later row read into the wrong fields:
    the file is refused, naming the row. A repeat in the same order is only that row,
    and is rejected like any other bad row."""
    cols = sorted(present)
    if len(cols) < 2:
        return
    names = ", ".join(f"'{c}'" for c in cols)

    def text(c: str) -> str:
        return f"lower(coalesce(trim(\"{c}\"), ''))"

    all_names = " AND ".join(f"({text(c)} IN ({names}) OR {text(c)} = '')" for c in cols)
    filled = " + ".join(f"({text(c)} <> '')::INT" for c in cols)
    in_order = " AND ".join(f"{text(c)} IN ('{c}', '')" for c in cols)
    row = con.execute(
        f"SELECT _file, _row FROM {STAGE} WHERE _reject_field IS NULL AND {all_names} "
        f"AND {filled} >= 2 AND NOT ({in_order}) ORDER BY _seq LIMIT 1"
    ).fetchall()
    if row:
        raise IngestError(
            f"{row[0][0]}: row {row[0][1]} repeats the header with the columns in another "
            "order; the rows after it would be read into the wrong fields: split the file "
            "there and ingest each part with its own header"
        )
