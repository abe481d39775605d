"""The warehouse as Parquet files, one per table: what a Spark (or any Parquet) engine
reads. The list of tables is kept here once, for the writer and for the readers of an
export whose folder cannot be listed (a remote root)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tradestat.store import distinct_values

# the distinct values ingest keeps, and the marks saying they are complete: an engine
# reading the export plans from them instead of scanning the facts
KEPT = tuple(k.table for k in distinct_values.KINDS.values())
FIXED = ("datasets", "vintage_summary", "fx_rates_user", "fx_rates_basis", *KEPT, "ts_meta")
REQUIRED = ("datasets", "vintage_summary")  # without these a folder is no export


def fact_tables(datasets: list[str]) -> list[str]:
    return [f"facts_{d}" for d in datasets]


def tables(datasets: list[str]) -> list[str]:
    """Every table an export of ``datasets`` holds."""
    return [*FIXED, *fact_tables(datasets)]


def write(cur: Any, out: Path, datasets: list[str], every: bool) -> list[Path]:
    """One zstd Parquet file per table of ``datasets``; ``every``: all the warehouse's
    datasets, so the shared tables are written whole."""
    out.mkdir(parents=True, exist_ok=True)
    listed = ", ".join(repr(d) for d in datasets)
    written = []
    for table in tables(datasets):
        target = out / f"{table}.parquet"
        where = ""
        if table == "ts_meta":
            marks = ", ".join(repr(distinct_values.READY + d) for d in datasets)
            where = f" WHERE key IN ({marks})"
        elif table in ("datasets", "vintage_summary", *KEPT) and not every:
            col = "name" if table == "datasets" else "dataset"
            where = f" WHERE {col} IN ({listed})"
        cur.execute(
            f"COPY (SELECT * FROM \"{table}\"{where}) TO '{target}' "
            "(FORMAT parquet, COMPRESSION zstd)"
        )
        written.append(target)
    return written
