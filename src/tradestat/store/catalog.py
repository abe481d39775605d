"""Tables of the warehouse besides the facts, and the dataset registry."""

from __future__ import annotations

import json
from typing import Any

from tradestat.errors import DatasetError
from tradestat.model.dataset import Dataset, DisclosurePolicy, check_name, check_reporter
from tradestat.model.schema import FACT_COLUMNS, fact_table_ddl
from tradestat.store import distinct_values, record_keys

SCHEMA_VERSION = "1"

DDL = (
    "CREATE TABLE IF NOT EXISTS ts_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS datasets (
        name VARCHAR PRIMARY KEY, grain VARCHAR[], home_currency VARCHAR,
        description VARCHAR, published BOOLEAN DEFAULT false,
        min_enterprises INTEGER DEFAULT 3, dominance_pct DOUBLE DEFAULT 85,
        created_at TIMESTAMP DEFAULT current_timestamp, time_grain VARCHAR DEFAULT 'month',
        fx_basis VARCHAR DEFAULT 'market')""",
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
    # rates of a basis other than the market one (e.g. GAC's customs statistical rates)
    """CREATE TABLE IF NOT EXISTS fx_rates_basis (
        basis VARCHAR, currency VARCHAR, period DATE, per_usd DOUBLE, source VARCHAR,
        PRIMARY KEY (basis, currency, period))""",
)
# Columns added after a warehouse file may have been written: added when it is opened
# for writing; readers of an older file see the defaults.
ADDED_COLUMNS = (
    ("datasets", "time_grain", "VARCHAR DEFAULT 'month'"),
    ("datasets", "fx_basis", "VARCHAR DEFAULT 'market'"),
    ("datasets", "protection_pct", "DOUBLE DEFAULT 10"),
    ("datasets", "noise_min_pct", "DOUBLE DEFAULT 15"),
    ("datasets", "noise_max_pct", "DOUBLE DEFAULT 25"),
    ("datasets", "dominance_rule", "VARCHAR DEFAULT 'nk'"),
    ("datasets", "p_pct", "DOUBLE DEFAULT 10"),
    ("datasets", "reporter", "VARCHAR DEFAULT NULL"),
)
DATASET_COLUMNS = (
    "name, grain, home_currency, description, published, min_enterprises, dominance_pct, "
    "time_grain, fx_basis, protection_pct, noise_min_pct, noise_max_pct, dominance_rule, p_pct, "
    "reporter"
)
# the policy's fields besides min_enterprises and dominance_pct (columns added later)
POLICY_ADDED = ("protection_pct", "noise_min_pct", "noise_max_pct", "dominance_rule", "p_pct")


def create_tables(con: Any) -> None:
    for stmt in DDL:
        con.execute(stmt)
    for table, column, sql_type in ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {sql_type}")
    con.execute(record_keys.SEEDS_DDL)
    distinct_values.create_tables(con)
    con.execute(
        "INSERT INTO ts_meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
        [SCHEMA_VERSION],
    )


def upgrade_facts(con: Any, datasets: list[Dataset]) -> None:
    """Give fact tables written before a canonical field existed (e.g. ``reporter``)
    its column, NULL in the rows stored then."""
    for ds in datasets:
        have = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "AND database_name = current_database()",
                [ds.table],
            ).fetchall()
        }
        for f in FACT_COLUMNS:
            if have and f.name not in have:
                con.execute(f'ALTER TABLE "{ds.table}" ADD COLUMN "{f.name}" {f.sql}')


def list_datasets(con: Any) -> list[Dataset]:
    rows = con.execute(f"SELECT {dataset_columns(con)} FROM datasets ORDER BY name").fetchall()
    return [_dataset(r) for r in rows]


def get_dataset(con: Any, name: str) -> Dataset:
    check_name(name)
    row = con.execute(
        f"SELECT {dataset_columns(con)} FROM datasets WHERE name = ?", [name]
    ).fetchall()  # fetch to the end: DuckDB refuses new work while a result is unfinished
    row = row[0] if row else None
    if row is None:
        known = ", ".join(d.name for d in list_datasets(con)) or "none yet"
        raise DatasetError(f"unknown dataset {name!r} (datasets: {known})")
    return _dataset(row)


def dataset_columns(con: Any) -> str:
    """The dataset columns to select: a file opened read-only may predate some."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'datasets'"
        ).fetchall()
    }
    cols = [c.strip() for c in DATASET_COLUMNS.split(",")]
    defaults = {c: d.split("DEFAULT ", 1)[1] for _, c, d in ADDED_COLUMNS}
    return ", ".join(c if c in have else f"{defaults[c]} AS {c}" for c in cols)


def dataset_from_row(row: dict[str, Any]) -> Dataset:
    """A Dataset from a row of ``datasets`` (as a dict; columns added later may lack)."""
    return Dataset(
        name=row["name"],
        grain=tuple(row["grain"]),
        home_currency=row["home_currency"],
        description=row["description"] or "",
        published=bool(row["published"]),
        disclosure=policy_of(row),
        time_grain=row.get("time_grain") or "month",
        fx_basis=row.get("fx_basis") or "market",
        reporter=row.get("reporter") or None,
    )


def _dataset(row: tuple) -> Dataset:
    names = [c.strip() for c in DATASET_COLUMNS.split(",")]
    return dataset_from_row(dict(zip(names, row, strict=True)))


def policy_of(row: dict[str, Any]) -> DisclosurePolicy:
    """A DisclosurePolicy from a ``datasets`` row (a column missing or None: the default)."""
    default = DisclosurePolicy()
    added = {n: row.get(n) for n in POLICY_ADDED}
    return DisclosurePolicy(
        int(row["min_enterprises"]),
        float(row["dominance_pct"]),
        **{n: getattr(default, n) if v is None else type(getattr(default, n))(v)
           for n, v in added.items()},
    )  # fmt: skip


def add_dataset(con: Any, ds: Dataset) -> None:
    values = [
        ds.name,
        list(ds.grain),
        ds.home_currency,
        ds.description,
        ds.published,
        ds.disclosure.min_enterprises,
        ds.disclosure.dominance_pct,
        ds.time_grain,
        ds.fx_basis,
        *(getattr(ds.disclosure, n) for n in POLICY_ADDED),
        ds.reporter,
    ]
    marks = ", ".join("?" * len(values))
    con.execute(f"INSERT INTO datasets ({DATASET_COLUMNS}) VALUES ({marks})", values)
    con.execute(fact_table_ddl(ds.table))
    record_keys.ensure(con, ds)
    distinct_values.mark_ready(con, ds.name)  # no facts yet: every value is kept from here on


def update_dataset(con: Any, name: str, **changes: Any) -> None:
    allowed = {"description", "published", "reporter", *DisclosurePolicy.__dataclass_fields__}
    for key in changes:
        if key not in allowed:
            raise DatasetError(f"cannot change {key!r} of a dataset")
    policy = {k: v for k, v in changes.items() if k in DisclosurePolicy.__dataclass_fields__}
    if policy:  # a policy that fails its own checks is refused before anything changes
        current = get_dataset(con, name).disclosure
        DisclosurePolicy(**{**current.__dict__, **policy})
    if changes.get("reporter") is not None:
        changes["reporter"] = check_reporter(changes["reporter"])
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
        "first_period": period_text(row[2], ds.time_grain),
        "last_period": period_text(row[3], ds.time_grain),
        "vintages": row[4],
    }


def stats_of_vintages(rows: list[dict[str, Any]], ds: Dataset) -> dict[str, Any]:
    """``dataset_stats`` from vintage_summary rows already read (the engine catalog's,
    on any backend)."""
    mine = [r for r in rows if r["dataset"] == ds.name]
    periods = [r["period"] for r in mine if r["period"] is not None]
    return {
        "rows": sum(r["rows"] or 0 for r in mine),
        "latest_rows": sum(r["latest_rows"] or 0 for r in mine),
        "first_period": period_text(min(periods, default=None), ds.time_grain),
        "last_period": period_text(max(periods, default=None), ds.time_grain),
        "vintages": len({r["vintage"] for r in mine if r["vintage"] is not None}),
    }


def dataset_info(ds: Dataset, stats: dict[str, Any]) -> dict[str, Any]:
    """A dataset's settings and the extent of its figures, as every warehouse gives them."""
    return {
        "name": ds.name,
        "grain": list(ds.grain),
        "time_grain": ds.time_grain,
        "home_currency": ds.home_currency,
        "fx_basis": ds.fx_basis,
        "reporter": ds.reporter,
        "description": ds.description,
        "published": ds.published,
        **stats,
    }


def period_text(first_day: Any, time_grain: str) -> str | None:
    """A row period as written at its grain: 2024, 2024-Q2 or 2024-05."""
    if first_day is None:
        return None
    if time_grain == "year":
        return f"{first_day.year}"
    if time_grain == "quarter":
        return f"{first_day.year}-Q{(first_day.month + 2) // 3}"
    return first_day.strftime("%Y-%m")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)
