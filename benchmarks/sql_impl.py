"""The SQL a DuckDB expert would write for each question, over the warehouse table.

Same semantics as tradestat: latest vintages, net of returns, CNY, a breakdown cell
empty on one side counts as zero, growth is NULL on a zero base, shares are of the
unfiltered total.
"""

from __future__ import annotations

from questions import AS_OF, BASE, CBEC_MODES, CUR, TABLE

CUR_M = f"period BETWEEN DATE '{CUR}-01-01' AND DATE '{CUR}-12-01'"
BOTH_M = f"period BETWEEN DATE '{BASE}-01-01' AND DATE '{CUR}-12-01'"
V = f"coalesce(sum(value_cny) FILTER (WHERE {CUR_M}), 0) AS value"
B = f"coalesce(sum(value_cny) FILTER (WHERE NOT {CUR_M}), 0) AS base_value"
GROWTH = "CAST(value - base_value AS DOUBLE) * 100 / nullif(CAST(base_value AS DOUBLE), 0)"


def pct(num: str, den: str) -> str:
    return f"CAST({num} AS DOUBLE) * 100 / nullif(CAST({den} AS DOUBLE), 0)"


def setup(con, lookups) -> None:
    """Lookup tables as the expert would have them (not timed)."""
    for name, path in lookups.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM read_parquet('{path}')")


SQL = {
    "totals": f"""
        SELECT flow, value, base_value, {GROWTH} AS growth_pct FROM (
          SELECT flow, {V}, {B} FROM {TABLE} WHERE is_latest AND {BOTH_M} GROUP BY flow)
        ORDER BY flow""",
    "top_cities": f"""
        SELECT city, value, base_value, {GROWTH} AS growth_pct FROM (
          SELECT city, {V}, {B} FROM {TABLE}
          WHERE is_latest AND flow = 'X' AND {BOTH_M} GROUP BY city)
        ORDER BY value DESC NULLS LAST, city NULLS LAST LIMIT 10""",
    "product_groups": f"""
        WITH f AS (SELECT hs_code, coalesce(hs_edition, '') AS edition, period, value_cny
                   FROM {TABLE} WHERE is_latest AND flow = 'X' AND {BOTH_M}),
          g AS (SELECT pg.grp AS product_group, {V}, {B}
                FROM f JOIN pg ON f.hs_code = pg.code AND f.edition = pg.edition GROUP BY 1),
          t AS (SELECT {V} FROM f)
        SELECT product_group, g.value, base_value,
          {pct("g.value - base_value", "base_value")} AS growth_pct,
          {pct("g.value", "t.value")} AS share_pct
        FROM g, t ORDER BY product_group""",
    "partners_doubled": f"""
        SELECT * FROM (
          SELECT partner, value, base_value, {GROWTH} AS growth_pct FROM (
            SELECT partner, {V}, {B} FROM {TABLE}
            WHERE is_latest AND flow = 'X' AND {BOTH_M} GROUP BY partner))
        WHERE growth_pct >= 100 ORDER BY partner""",
    "monthly_cube": f"""
        SELECT strftime(period, '%Y-%m') AS month, partner, hs2, sum(value_cny) AS value
        FROM {TABLE} WHERE is_latest AND period BETWEEN DATE '2019-01-01' AND DATE '2024-12-01'
        GROUP BY period, partner, hs2 ORDER BY month, partner, hs2""",
    # an expert who knows the warehouse's flags windows only over revised records
    "as_of_growth": f"""
        SELECT value, base_value, {GROWTH} AS growth_pct FROM (
          SELECT {V}, {B} FROM (
            SELECT period, value_cny FROM {TABLE}
            WHERE is_first AND is_latest AND vintage <= DATE '{AS_OF}'
            UNION ALL
            SELECT period, value_cny FROM (
              SELECT period, value_cny, vintage,
                max(vintage) OVER (PARTITION BY record_id) AS newest
              FROM {TABLE} WHERE NOT (is_first AND is_latest) AND vintage <= DATE '{AS_OF}')
            WHERE vintage = newest)
          WHERE {BOTH_M})""",
    # distinct (type, enterprise) pairs first: 2.3x faster than COUNT(DISTINCT) FILTER
    "enterprises": f"""
        SELECT enterprise_type, value, base_value, {GROWTH} AS growth_pct FROM (
          SELECT enterprise_type,
            count(*) FILTER (WHERE cur AND enterprise_id IS NOT NULL) AS value,
            count(*) FILTER (WHERE base AND enterprise_id IS NOT NULL) AS base_value
          FROM (SELECT enterprise_type, enterprise_id, bool_or({CUR_M}) AS cur,
                  bool_or(NOT {CUR_M}) AS base
                FROM {TABLE} WHERE is_latest AND {BOTH_M} GROUP BY ALL)
          GROUP BY enterprise_type)
        ORDER BY enterprise_type""",
    "cbec_modes": f"""
        SELECT trade_mode, value, base_value, {GROWTH} AS growth_pct FROM (
          SELECT trade_mode, {V}, {B} FROM {TABLE}
          WHERE is_latest AND {BOTH_M} AND trade_mode IN {CBEC_MODES} GROUP BY trade_mode)
        ORDER BY trade_mode""",
    "province_shares": f"""
        SELECT province, value, base_value,
          {pct("value", "sum(value) OVER ()")} AS share_pct,
          {pct("value", "sum(value) OVER ()")} - {pct("base_value", "sum(base_value) OVER ()")}
            AS share_pp
        FROM (SELECT province, {V}, {B} FROM {TABLE} WHERE is_latest AND {BOTH_M}
              GROUP BY province)
        ORDER BY province""",
    "enterprise_type_shares": f"""
        SELECT enterprise_type, value, base_value, {GROWTH} AS growth_pct,
          {pct("value", "sum(value) OVER ()")} AS share_pct,
          {pct("value", "sum(value) OVER ()")} - {pct("base_value", "sum(base_value) OVER ()")}
            AS share_pp
        FROM (SELECT enterprise_type, {V}, {B} FROM {TABLE} WHERE is_latest AND {BOTH_M}
              GROUP BY enterprise_type)
        ORDER BY enterprise_type""",
    "partner_groups": f"""
        WITH f AS (SELECT partner, period, value_cny FROM {TABLE} WHERE is_latest AND {BOTH_M}),
          g AS (SELECT pgm.grp AS partner_group, {V}, {B}
                FROM f JOIN pgm ON f.partner = pgm.member AND f.period = pgm.month GROUP BY 1),
          t AS (SELECT {V} FROM f)
        SELECT partner_group, g.value, base_value,
          {pct("g.value - base_value", "base_value")} AS growth_pct,
          {pct("g.value", "t.value")} AS share_pct
        FROM g, t ORDER BY partner_group""",
}
