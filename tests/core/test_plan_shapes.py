"""Plans cached by query shape give exactly the figures and provenance a fresh plan gives.

One engine answers many distinct queries of each shape (so most are bound from a
template, which the test checks happened); each is also answered by a new engine that
has cached nothing. Every cell, the schema (with units) and the provenance must be
equal. A few figures are also checked against sums computed here from the rows.
"""

from __future__ import annotations

import csv
import random
from datetime import date

import pytest

PARTNERS = ["USA", "DEU", "FRA", "GBR", "JPN", "KOR", "VNM", "THA", "BRA", "ZAF"]
CODES = ["85076000", "87038000", "85414300", "61091000", "84713000", "94036000"]
MODES = ["0110", "9610", "1210", "9710", "0110"]
YEARS = range(2019, 2025)
ENTERPRISE_TYPES = ["private", "foreign_invested", "state_owned"]


def make_rows(seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for year in YEARS:
        for month in range(1, 13):
            for i in range(24):
                partner = rng.choice(PARTNERS)
                currency = "USD" if i % 5 == 0 else "CNY"
                rows.append({
                    "record_id": f"r{year}{month:02d}{i}", "period": f"{year}-{month:02d}",
                    "flow": "X" if i % 3 else "M", "hs_code": rng.choice(CODES),
                    "hs_edition": "HS2022", "partner": partner,
                    "region": rng.choice(["440300", "310000", "330100"]),
                    "enterprise_type": rng.choice(ENTERPRISE_TYPES),
                    "enterprise_id": f"E{rng.randrange(40)}", "trade_mode": rng.choice(MODES),
                    "zone": "", "value": f"{rng.randrange(100, 100000)}.{rng.randrange(100):02d}",
                    "currency": currency, "quantity": str(rng.randrange(1, 50)), "unit": "kg",
                    "is_return": "false", "vintage": f"{year + 1}-01-15",
                })  # fmt: skip
    return rows


def write(rows: list[dict], path) -> None:
    with open(path, "w", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)


@pytest.fixture(scope="module")
def shaped(tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("shapes")
    rows = make_rows()
    write(rows, folder / "trade.csv")
    w = tradestat.connect(folder / "w.duckdb")
    w.ingest(folder / "trade.csv", "trade")
    yield w, rows
    w.close()


def shapes_of_queries() -> list[tuple[dict, bool]]:
    """(query, confidential) in groups of one shape each, literals varying."""
    ds = {"dataset": "trade"}
    out: list[tuple[dict, bool]] = []
    for year in (2020, 2021, 2022, 2023, 2024):
        out.append(({**ds, "period": str(year), "by": ["flow"], "compare": ["growth"]}, True))
    for year, base in ((2024, 2021), (2023, 2019), (2022, 2020), (2024, 2020)):
        q = {**ds, "period": f"{year}-Q2", "base_period": f"{base}-Q2", "compare": ["growth"]}
        out.append((q, True))
    for top in (2, 3, 4, 5):
        q = {**ds, "period": "2023", "flow": "export", "by": ["partner"], "top": top,
             "currency": "USD", "compare": ["growth"]}  # fmt: skip
        out.append((q, True))
    for a, b in (("USA", "DEU"), ("FRA", "JPN"), ("KOR", "VNM"), ("GBR", "BRA")):
        q = {**ds, "period": "2022", "by": ["hs4"], "where": {"partner": [a, b]},
             "exclude": {"trade_mode": ["9610"]}, "compare": ["share"]}  # fmt: skip
        out.append((q, True))
    for threshold in (0, 10, -50, 25.5, -0.5):  # negatives bound too
        q = {**ds, "period": "2023", "by": ["partner"], "compare": ["growth"],
             "having": f"growth_pct >= {threshold} and value > 1000"}  # fmt: skip
        out.append((q, True))
    for as_of in ("2021-06-30", "2022-03-01", "2023-12-31", "2024-02-29"):
        q = {**ds, "period": "2021", "compare": ["growth"], "basis": {"as_of": as_of}}
        out.append((q, True))
    for top, year in ((5, 2023), (6, 2023), (7, 2023), (5, 2020), (6, 2020)):
        q = {
            **ds,
            "period": str(year),
            "by": ["partner_group"],
            "top": top,
            "where": {"partner_group": ["eu", "rcep", "asean"]},
            "compare": ["growth", "share"],
        }
        out.append((q, True))  # fmt: skip
    for year in (2021, 2022, 2023):
        q = {
            **ds,
            "period": str(year),
            "by": ["product_group"],
            "currency": "USD",
            "where": {"product_group": ["new_three", "electromechanical"]},
            "compare": ["growth"],
        }
        out.append((q, True))  # fmt: skip
    for top in (3, 4, 5):
        q = {**ds, "period": "2023", "by": ["month"], "top": top, "compare": ["growth"]}
        out.append((q, True))
    for year in (2021, 2022, 2023, 2024):  # a calendar table per period, rebuilt when bound
        q = {**ds, "period": f"{year}-01..{year}-06", "by": ["month"], "compare": ["growth"]}
        out.append((q, True))
    for cur, base in (("2023-Q2", "2023-Q1"), ("2022-Q4", "2022-Q3"), ("2024-Q3", "2024-Q2")):
        q = {**ds, "period": cur, "base_period": base, "by": ["quarter"], "compare": ["growth"]}
        out.append((q, True))
    for year in (2020, 2021, 2022):  # membership of each month's own composition
        q = {**ds, "period": str(year), "by": ["partner_group"], "composition": "historical",
             "where": {"partner_group": ["eu"]}, "compare": ["growth"]}  # fmt: skip
        out.append((q, True))
    for year in (2021, 2022, 2023, 2024):  # disclosure control: five plans per answer
        q = {**ds, "period": str(year), "by": ["partner"], "compare": ["growth", "share"]}
        out.append((q, False))
    for a, b in (("USA", "DEU"), ("FRA", "JPN"), ("KOR", "VNM")):
        q = {**ds, "period": "2023", "by": ["enterprise_type"], "where": {"partner": [a, b]},
             "compare": ["growth"]}  # fmt: skip
        out.append((q, False))
    for year in (2022, 2023, 2024):
        q = {**ds, "period": str(year), "measure": "enterprises", "by": ["flow"],
             "compare": ["growth"]}  # fmt: skip
        out.append((q, False))
    for year in (2022, 2023, 2024):
        q = {**ds, "period": str(year), "by": ["partner_group"], "currency": "USD",
             "where": {"partner_group": ["eu", "rcep"]}, "compare": ["growth"]}  # fmt: skip
        out.append((q, False))
    for year in (2021, 2022, 2023):  # HS2022 rows converted, then classified
        q = {**ds, "period": str(year), "by": ["end_use", "hs4"], "hs_edition": "HS2017",
             "where": {"partner": ["USA"]}, "compare": ["growth"]}  # fmt: skip
        out.append((q, True))
    for year in (2022, 2023, 2024):
        q = {**ds, "period": str(year), "by": ["sitc_section"], "compare": ["share"],
             "exclude": {"end_use": ["capital"]}}  # fmt: skip
        out.append((q, False))
    return out


def answer(engine, q: dict, confidential: bool):
    return engine.run(q, confidential=confidential)


def same(a, b) -> None:
    assert a.table.schema.equals(b.table.schema, check_metadata=True)
    assert a.table.to_pylist() == b.table.to_pylist()
    pa, pb = dict(a.provenance), dict(b.provenance)
    pa.pop("seconds"), pb.pop("seconds")
    assert pa == pb


def test_cached_plans_equal_fresh_plans(shaped):
    w, _ = shaped
    cached = w.new_engine()
    cached.check_shapes = True  # also: each bound SQL text equals the one Ibis compiles
    queries = shapes_of_queries()
    for _ in range(2):  # the second pass: every plan of a repeated query is cached too
        for q, confidential in queries:
            fresh = answer(w.new_engine(), q, confidential)  # caches nothing beforehand
            same(answer(cached, q, confidential), fresh)
    stats = cached.shape_stats
    # most distinct queries were bound from a template, none was refused a template
    assert stats["templates"] >= 15 and stats["uncacheable"] == 0
    assert stats["hits"] >= 40, stats


def test_bound_figures_against_plain_sql(shaped):
    """CNY values (USD records converted on ingest) of bound queries, against plain SQL."""
    w, _ = shaped
    engine = w.new_engine()
    sql = (
        "SELECT flow, sum(value_cny) FROM facts_trade WHERE is_latest AND year(period) = ? "
        "AND partner IN ('USA', 'DEU') GROUP BY flow"
    )
    for year in (2020, 2021, 2022, 2023):
        q = {"dataset": "trade", "period": str(year), "by": ["flow"],
             "where": {"partner": ["USA", "DEU"]}}  # fmt: skip
        got = {r["flow"]: r["value"] for r in engine.run(q).rows()}
        assert got == dict(w.con.execute(sql, [year]).fetchall())
    assert engine.shape_stats["hits"] == 2  # the 3rd and 4th, after the template was made


def test_a_bound_query_sums_its_own_rows(shaped):
    """Figures of queries bound from a template equal sums computed from the CSV rows."""
    w, rows = shaped
    engine = w.new_engine()
    for year, partner in ((2020, "USA"), (2021, "DEU"), (2022, "JPN"), (2023, "KOR")):
        q = {"dataset": "trade", "period": str(year), "measure": "quantity",
             "flow": "export", "where": {"partner": [partner]}}  # fmt: skip
        want = sum(
            int(r["quantity"]) for r in rows
            if r["period"].startswith(str(year)) and r["flow"] == "X" and r["partner"] == partner
        )  # fmt: skip
        assert engine.run(q).scalar() == want
    assert engine.shape_stats["hits"] == 2  # the 3rd and 4th, after the template was made


def test_template_dropped_on_ingest(shaped, tmp_path):
    w, rows = shaped
    q = {"dataset": "trade", "period": "2022", "measure": "quantity", "flow": "import"}
    for year in (2020, 2021):
        w.query({**q, "period": str(year)})
    hits = w.engine.shape_stats["hits"]
    first = w.query(q)  # bound from the shape's template
    before, counted = first.scalar(), first.provenance["coverage"]["current"]["rows_in_period"]
    assert w.engine.shape_stats["hits"] == hits + 1
    want = sum(
        int(r["quantity"]) for r in rows if r["period"].startswith("2022") and r["flow"] == "M"
    )
    assert before == want
    extra = [dict(rows[0], record_id="new1", period="2022-05", flow="M", quantity="7",
                  vintage="2023-01-15")]  # fmt: skip
    write(extra, tmp_path / "more.csv")
    assert w.ingest(tmp_path / "more.csv", "trade").rows_accepted == 1
    after = w.query(q)  # the catalog changed: resolved, planned and bound afresh
    assert after.scalar() == want + 7
    assert after.provenance["coverage"]["current"]["rows_in_period"] == counted + 1
    assert w.query({**q, "period": "2021"}).scalar() == sum(
        int(r["quantity"]) for r in rows if r["period"].startswith("2021") and r["flow"] == "M"
    )


def test_unusual_codes_are_not_bound(shaped):
    """A code whose text is not plain is compiled afresh (and still answered right)."""
    w, _ = shaped
    engine = w.new_engine()
    for codes in (["USA"], ["DEU"], ["O'X\\"], ["FRA"]):
        q = {"dataset": "trade", "period": "2023", "where": {"partner": codes}}
        fresh = w.new_engine().run(q)
        same(engine.run(q), fresh)
    assert engine.shape_stats["hits"] == 1  # FRA only; O'X\\ was compiled


def test_markers_never_in_results(shaped):
    """The marked plans only make templates: no marker literal reaches an answer."""
    w, _ = shaped
    engine = w.new_engine()
    for year in (2021, 2022, 2023):
        q = {"dataset": "trade", "period": str(year), "top": 3, "by": ["partner"],
             "basis": {"as_of": f"{year + 1}-06-30"}}  # fmt: skip
        sql = engine.run(q).provenance["sql"]
        assert "2101" not in sql and "987601" not in sql and "tsm" not in sql
        assert f"MAKE_DATE({year}, 1, 1)" in sql and "LIMIT 3" in sql
    assert date(2101, 1, 2) not in [r.get("period") for r in engine.run(q).rows()]
