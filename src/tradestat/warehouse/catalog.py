"""Tables of the warehouse besides the facts, and the dataset registry."""

from __future__ import annotations

import json
from typing import Any

from tradestat.errors import DatasetError
from tradestat.model.dataset import Dataset, DisclosurePolicy, check_name
from tradestat.model.schema import fact_table_ddl
from tradestat.warehouse import record_keys

SCHEMA_VERSION = "1"

DDL = (
    "CREATE TABLE IF NOT EXISTS ts_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS datasets (
        name VARCHAR PRIMARY KEY, grain VARCHAR[], home_currency VARCHAR,
        description VARCHAR, published BOOLEAN DEFAULT false,
        min_enterprises INTEGER DEFAULT 3, dominance_pct DOUBLE DEFAULT 85,
        created_at TIMESTAMP DEFAULT current_timestamp)""",
    "CREATE SEQUENCE IF NOT EXISTS batch_seq START 1",
    """CREATE TABLE IF NOT EXISTS batches (
        batch_id BIGINT PRIMARY KEY, dataset VARCHAR, source VARCHAR, format VARCHAR,
        content_hash VARCHAR, rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT,
        rows_revised BIGINT, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR,
        message VARCHAR, details JSON)""",
    """CREATE TABLE IF NOT EXISTS rejects (
        batch_id BIGINT, dataset VARCHAR, file VARCHAR, row_number BIGINT,
        field VARCHAR, reason VARCHAR, raw VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS vintage_summary (
        dataset VARCHAR, period DATE, vintage DATE, rows BIGINT,
        latest_rows BIGINT, first_rows BIGINT)""",
    """CREATE TABLE IF NOT EXISTS fx_rates_user (
        currency VARCHAR, period DATE, per_usd DOUBLE, source VARCHAR,
        PRIMARY KEY (currency, period))""",
)


# Added after the first release; ADD COLUMN IF NOT EXISTS upgrades older warehouses.
POLICY_COLUMNS = (
    "protection_pct DOUBLE DEFAULT 10",
    "noise_min_pct DOUBLE DEFAULT 15",
    "noise_max_pct DOUBLE DEFAULT 25",
)
DATASET_COLUMNS = (
    "name, grain, home_currency, description, published, min_enterprises, dominance_pct, "
    "protection_pct, noise_min_pct, noise_max_pct"
)


def create_tables(con: Any) -> None:
    for stmt in DDL:
        con.execute(stmt)
    for column in POLICY_COLUMNS:
        con.execute(f"ALTER TABLE datasets ADD COLUMN IF NOT EXISTS {column}")
    con.execute(record_keys.SEEDS_DDL)
    con.execute(
        "INSERT INTO ts_meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
        [SCHEMA_VERSION],
    )


def list_datasets(con: Any) -> list[Dataset]:
    rows = con.execute(f"SELECT {DATASET_COLUMNS} FROM datasets ORDER BY name").fetchall()
    return [_dataset(r) for r in rows]


def get_dataset(con: Any, name: str) -> Dataset:
    check_name(name)
    row = con.execute(
        f"SELECT {DATASET_COLUMNS} FROM datasets WHERE name = ?", [name]
    ).fetchall()  # fetch to the end: DuckDB refuses new work while a result is unfinished
    row = row[0] if row else None
    if row is None:
        known = ", ".join(d.name for d in list_datasets(con)) or "none yet"
        raise DatasetError(f"unknown dataset {name!r} (datasets: {known})")
    return _dataset(row)


def _dataset(row: tuple) -> Dataset:
    name, grain, currency, description, published, *policy = row
    return Dataset(
        name=name,
        grain=tuple(grain),
        home_currency=currency,
        description=description or "",
        published=bool(published),
        disclosure=policy_of(*policy),
    )


def policy_of(min_ent: Any, dominance: Any, *rest: Any) -> DisclosurePolicy:
    """A DisclosurePolicy from stored columns (missing or None: the default)."""
    default = DisclosurePolicy()
    names = ("protection_pct", "noise_min_pct", "noise_max_pct")
    extra = {n: float(v) for n, v in zip(names, rest, strict=False) if v is not None}
    return DisclosurePolicy(int(min_ent), float(dominance), **{
        n: extra.get(n, getattr(default, n)) for n in names})  # fmt: skip


def add_dataset(con: Any, ds: Dataset) -> None:
    con.execute(
        f"INSERT INTO datasets ({DATASET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ds.name,
            list(ds.grain),
            ds.home_currency,
            ds.description,
            ds.published,
            ds.disclosure.min_enterprises,
            ds.disclosure.dominance_pct,
            ds.disclosure.protection_pct,
            ds.disclosure.noise_min_pct,
            ds.disclosure.noise_max_pct,
        ],
    )
    con.execute(fact_table_ddl(ds.table))
    record_keys.ensure(con, ds)


def update_dataset(con: Any, name: str, **changes: Any) -> None:
    allowed = {"description", "published", "min_enterprises", "dominance_pct"}
    allowed |= {"protection_pct", "noise_min_pct", "noise_max_pct"}
    for key in changes:
        if key not in allowed:
            raise DatasetError(f"cannot change {key!r} of a dataset")
    policy = {k: v for k, v in changes.items() if k in DisclosurePolicy.__dataclass_fields__}
    if policy:  # a policy that fails its own checks is refused before anything changes
        current = get_dataset(con, name).disclosure
        DisclosurePolicy(**{**current.__dict__, **policy})
    for key, value in changes.items():
        con.execute(f"UPDATE datasets SET {key} = ? WHERE name = ?", [value, name])


def dataset_stats(con: Any, ds: Dataset) -> dict[str, Any]:
    # vintage_summary is maintained on ingest, so this never scans the facts
    row = con.execute(
        "SELECT coalesce(sum(rows), 0), coalesce(sum(latest_rows), 0), min(period), "
        "max(period), count(DISTINCT vintage) FROM vintage_summary WHERE dataset = ?",
        [ds.name],
    ).fetchall()[0]
    return {
        "rows": row[0],
        "latest_rows": row[1],
        "first_period": row[2].strftime("%Y-%m") if row[2] else None,
        "last_period": row[3].strftime("%Y-%m") if row[3] else None,
        "vintages": row[4],
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
