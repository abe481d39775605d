"""Reference code lists as temporary tables, so validation is a join, not a Python loop."""

from __future__ import annotations

from typing import Any


def load_reference_tables(con: Any) -> None:
    import pyarrow as pa

    from tradestat import reference

    lists = {
        "_ref_partners": sorted(reference.partner_codes()),
        "_ref_regions": sorted(reference.region_codes()),
        "_ref_enterprise_types": list(reference.enterprise_type_ids()),
    }
    for table, codes in lists.items():
        con.register("_codes", pa.table({"code": pa.array(codes, pa.string())}))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT code FROM _codes")
        con.unregister("_codes")
    load_rates(con)


def load_rates(con: Any) -> None:
    """``_rates``: bundled monthly rates overlaid by the warehouse's user rates."""
    from tradestat import reference

    con.register("_bundled_rates", reference.fx_rates())
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _rates AS
        SELECT currency, period, per_usd FROM fx_rates_user
        UNION ALL
        SELECT b.currency, CAST(b.period AS DATE), b.per_usd FROM _bundled_rates b
        WHERE NOT EXISTS (SELECT 1 FROM fx_rates_user u
                          WHERE u.currency = b.currency AND u.period = CAST(b.period AS DATE))
        UNION ALL SELECT 'USD', DATE '1900-01-01', 1.0 WHERE false"""
    )
    con.unregister("_bundled_rates")
