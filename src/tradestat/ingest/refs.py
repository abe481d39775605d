"""Reference code lists as temporary tables, so validation is a join, not a Python loop."""

from __future__ import annotations

from typing import Any

from tradestat.ingest.validate import q
from tradestat.model.dataset import MONTHS_PER_GRAIN, Dataset

LOADED = "_refs_loaded"  # which code lists and rates the temporary tables hold


def load_reference_tables(con: Any, ds: Dataset | None = None) -> None:
    """The code lists and the rates as temporary tables, kept for the connection's
    next batches while what they are made from is unchanged (rebuilding them took
    about 10 ms of a small batch): the lists are rebuilt when the reference data's
    change, the rates when the reference rates, the warehouse's own rates, the basis
    or the time grain do. A batch that rolls back takes its rebuilt tables and their
    marks with it."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {LOADED} (name VARCHAR, key VARCHAR)")
    loaded = dict(con.execute(f"SELECT name, key FROM {LOADED}").fetchall())
    lists = _code_lists()
    codes_key = str(hash(tuple(lists.values())))
    if loaded.get("codes") != codes_key:
        for table, codes in lists.items():
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT unnest(?::VARCHAR[]) AS code",
                [sorted(codes)],
            )
        _mark(con, "codes", codes_key)
    basis, grain = (ds.fx_basis, ds.time_grain) if ds else ("market", "month")
    rates_key = f"{basis}|{grain}|{_own_rates_state(con, basis)}"
    if loaded.get("rates") != rates_key:
        load_rates(con, basis, grain)
        _mark(con, "rates", rates_key)


def _code_lists() -> dict[str, frozenset[str]]:
    from tradestat import reference

    return {
        "_ref_partners": reference.partner_codes(),
        "_ref_regions": reference.region_codes(),
        "_ref_enterprise_types": frozenset(reference.enterprise_type_ids()),
    }


def _own_rates_state(con: Any, basis: str) -> str:
    """A fingerprint of the rates ``basis`` converts at: the warehouse's own (any
    imported, changed or removed rate changes it) and the reference ones."""
    from tradestat import reference

    table, where = ("fx_rates_user", "") if basis == "market" else ("fx_rates_basis", "basis = ?")
    row = con.execute(
        f"SELECT count(*), coalesce(sum(hash(currency, period, per_usd)), 0) FROM {table}"
        + (f" WHERE {where}" if where else ""),
        [basis] if where else [],
    ).fetchall()[0]
    return f"{row[0]}:{row[1]}:{reference.fx_fingerprint()}"


def _mark(con: Any, name: str, key: str) -> None:
    con.execute(f"DELETE FROM {LOADED} WHERE name = ?", [name])
    con.execute(f"INSERT INTO {LOADED} VALUES (?, ?)", [name, key])


def load_rates(con: Any, basis: str = "market", time_grain: str = "month") -> None:
    """``_rates``: the rates of ``basis`` at the dataset's time grain, one per row period.

    A monthly row converts at its month's rate; a quarterly row at the average of its
    three months' rates; an annual row at the year's average (market basis: the bundled
    annual average of daily rates, or the mean of the warehouse's own monthly rates for
    that year; another basis: the mean of its twelve months). Never at one month's."""
    _bundled_rates_tables(con)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _rates_monthly AS {monthly_rates_sql(basis)}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _rates AS {_grain_rates_sql(basis, time_grain)}")
    finally:
        con.execute("DROP TABLE IF EXISTS _bundled_rates")
        con.execute("DROP TABLE IF EXISTS _bundled_annual")


def _bundled_rates_tables(con: Any) -> None:
    """The reference rates as ``_bundled_rates`` (currency, period, per_usd) and
    ``_bundled_annual`` (currency, year, per_usd). Passed as lists, not Arrow tables:
    building one from Python values makes pyarrow import pandas (a quarter of a second
    of a new process's first batch, measured)."""
    from tradestat import reference

    for table, rates, name, kind in (
        ("_bundled_rates", reference.fx_monthly_map(), "period", "DATE"),
        ("_bundled_annual", reference.fx_annual_map(), "year", "INTEGER"),
    ):
        items = sorted(rates.items())
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {table} AS SELECT unnest(?::VARCHAR[]) AS currency,
            unnest(?::{kind}[]) AS {name}, unnest(?::DOUBLE[]) AS per_usd""",
            [[c for (c, _), _v in items], [k for (_c, k), _v in items], [v for _k, v in items]],
        )


def _grain_rates_sql(basis: str, time_grain: str) -> str:
    if time_grain == "month":
        return "SELECT * FROM _rates_monthly"
    means = f"""SELECT currency, date_trunc({q(time_grain)}, period) AS period,
        avg(per_usd) AS per_usd FROM _rates_monthly GROUP BY ALL
        HAVING count(*) = {MONTHS_PER_GRAIN[time_grain]}"""
    if time_grain == "quarter" or basis != "market":
        return means
    return f"""
        WITH means AS ({means}),
          own AS (SELECT DISTINCT currency, year(period) AS year FROM fx_rates_user)
        SELECT m.currency, m.period,
          CASE WHEN o.currency IS NULL AND a.per_usd IS NOT NULL THEN a.per_usd
            ELSE m.per_usd END AS per_usd
        FROM means m
        LEFT JOIN _bundled_annual a ON a.currency = m.currency AND a.year = year(m.period)
        LEFT JOIN own o ON o.currency = m.currency AND o.year = year(m.period)
        UNION ALL
        SELECT a.currency, make_date(a.year, 1, 1), a.per_usd FROM _bundled_annual a
        WHERE NOT EXISTS (SELECT 1 FROM means m
                          WHERE m.currency = a.currency AND year(m.period) = a.year)"""


def monthly_rates_sql(basis: str) -> str:
    """SQL of the monthly rates (currency, period, per_usd) of ``basis``: for ``market``,
    the bundled rates (the temporary table ``_bundled_rates``) overlaid by the warehouse's own;
    for another basis, only the rates imported for it (no fallback: bases never mix)."""
    if basis != "market":
        return f"""SELECT currency, period, per_usd FROM fx_rates_basis WHERE basis = {q(basis)}
            UNION ALL SELECT DISTINCT 'USD', period, 1.0 FROM fx_rates_basis
            WHERE basis = {q(basis)} AND currency <> 'USD'"""
    return """SELECT currency, period, per_usd FROM fx_rates_user
        UNION ALL
        SELECT b.currency, CAST(b.period AS DATE), b.per_usd FROM _bundled_rates b
        WHERE NOT EXISTS (SELECT 1 FROM fx_rates_user u
                          WHERE u.currency = b.currency AND u.period = CAST(b.period AS DATE))"""
