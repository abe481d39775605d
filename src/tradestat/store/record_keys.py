"""Record keys for disclosure noise: one fixed pseudo-random number per stored row.

A row's key is the first 32 bits of ``md5(seed | enterprise_id)`` modulo 2^31 (the
record_id when a row has no enterprise), with a secret seed per dataset kept in the
warehouse (never in an export). Every row of an enterprise carries its enterprise's
key, which picks the enterprise's noise factor (tradestat.engine.noise). The key is
stored in the fact table's ``record_key`` column when the row is written, so:

- re-ingesting a file, and revising a record, keep the key (same enterprise);
- DuckDB and Spark read the same stored keys (the Parquet export carries the column).

A warehouse written before record keys existed gets the column, a seed and every
row's key the first time it is opened for writing (one UPDATE per fact table).
"""

from __future__ import annotations

import secrets
from typing import Any

from tradestat.model.dataset import Dataset

COLUMN = "record_key"
MODULUS = 2**31  # keys and cell keys are integers in [0, MODULUS); sums stay exact
SEEDS_DDL = (
    "CREATE TABLE IF NOT EXISTS record_key_seeds (dataset VARCHAR PRIMARY KEY, seed VARCHAR)"
)


def key_sql(seed: str) -> str:
    """SQL for a row's key (it runs once, on ingest, in DuckDB; every engine reads it)."""
    text = f"'{seed}' || '|' || coalesce(enterprise_id, 'record:' || record_id, '')"
    return f"(CAST('0x' || substr(md5({text}), 1, 8) AS BIGINT) % {MODULUS})"


def seed_of(con: Any, dataset: str) -> str:
    """The dataset's secret seed, created on first use."""
    con.execute(SEEDS_DDL)
    row = con.execute("SELECT seed FROM record_key_seeds WHERE dataset = ?", [dataset]).fetchall()
    if row:
        return row[0][0]
    seed = secrets.token_hex(16)  # hex digits only: safe inside the SQL literal above
    con.execute("INSERT INTO record_key_seeds VALUES (?, ?)", [dataset, seed])
    return seed


def has_column(con: Any, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT 1 FROM duckdb_columns() WHERE table_name = ? AND column_name = ? "
            "AND database_name = current_database()",
            [table, COLUMN],
        ).fetchall()
    )


def ensure(con: Any, ds: Dataset) -> str:
    """Give the dataset's fact table its key column, filled for rows stored without one;
    returns the dataset's seed."""
    seed = seed_of(con, ds.name)
    if not has_column(con, ds.table):
        con.execute(f'ALTER TABLE "{ds.table}" ADD COLUMN {COLUMN} BIGINT')
        con.execute(f'UPDATE "{ds.table}" SET {COLUMN} = {key_sql(seed)}')
    return seed


def upgrade(con: Any, datasets: list[Dataset]) -> None:
    """Add record keys to every dataset of an older warehouse, in one transaction."""
    missing = [ds for ds in datasets if not has_column(con, ds.table)]
    if not missing:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for ds in missing:
            ensure(con, ds)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
