"""What the generated declarations look like once ingested: zero rejects, real codes,
trade modes, returns, revisions, enterprises, concentration."""

from __future__ import annotations

import pytest

from tradestat import reference
from tradestat.synth.codes import CHINA_CODE_YEAR

pytestmark = pytest.mark.usefixtures("synth_wh")


def sql(w, text: str) -> list[tuple]:
    return w.con.execute(text.replace("{F}", '"facts_synthetic"')).fetchall()


def test_generated_parquet_ingests_with_zero_rejects(synth_wh):
    report = synth_wh.synth_report
    assert report.status == "ok" and report.rows_rejected == 0
    assert report.rows_accepted == report.rows_read == 200_000


def test_codes_are_real(synth_wh):
    hs = dict(sql(synth_wh, "SELECT hs_edition, list(DISTINCT hs_code) FROM {F} GROUP BY 1"))
    for edition, found in hs.items():
        known = set(reference.china_codes(CHINA_CODE_YEAR[edition]).column("code8").to_pylist())
        assert set(found) <= known
    partners = {r[0] for r in sql(synth_wh, "SELECT DISTINCT partner FROM {F}")}
    assert partners <= set(reference.partner_codes()) and len(partners) > 100
    regions = {r[0] for r in sql(synth_wh, "SELECT DISTINCT region FROM {F}")}
    assert regions <= set(reference.region_codes())
    assert {"440300", "310100", "320500"} <= regions  # Shenzhen, Shanghai, Suzhou


def test_trade_modes_and_cross_border_e_commerce(synth_wh):
    rows = dict(sql(synth_wh, "SELECT trade_mode, count(*) FROM {F} GROUP BY 1"))
    value = dict(sql(synth_wh, "SELECT trade_mode, sum(value_cny) FROM {F} GROUP BY 1"))
    assert {"0110", "0615", "0214", "9610", "1210", "1239", "9710", "9810", "4561"} <= set(rows)
    cbec = ("9610", "1210", "1239", "9710", "9810")
    total = sum(value.values())
    assert 0.03 < float(sum(value[m] for m in cbec) / total) < 0.08
    assert float(value["0110"] / total) > 0.5  # general trade dominates by value
    assert sum(rows[m] for m in cbec) / sum(rows.values()) > 0.15  # ... e-commerce by lines
    only_x = sql(synth_wh, "SELECT DISTINCT flow FROM {F} WHERE trade_mode IN ('9710', '9810')")
    assert only_x == [("X",)]


def test_returns_are_negative_records(synth_wh):
    (n, bad, share) = sql(
        synth_wh,
        "SELECT count(*) FILTER (is_return), count(*) FILTER (is_return AND value >= 0), "
        "avg(is_return::INT) FILTER (trade_mode = '9610') FROM {F}",
    )[0]
    assert n > 0 and bad == 0 and 0.03 < share < 0.1
    net = synth_wh.query({"dataset": "synthetic", "period": "2023"}).scalar()
    gross = synth_wh.query({"dataset": "synthetic", "period": "2023", "returns": "gross"}).scalar()
    assert net < gross


def test_revisions_reuse_record_ids_with_a_later_vintage(synth_wh):
    rows = sql(
        synth_wh,
        "SELECT year, count(DISTINCT record_id), min(n), max(n) FROM ("
        "  SELECT record_id, any_value(year) AS year, count(*) AS n"
        " FROM {F} GROUP BY record_id)"
        " WHERE n > 1 GROUP BY year ORDER BY year",
    )
    assert [r[0] for r in rows] == [2019, 2020, 2021, 2022, 2023]  # 2024 not yet revised
    assert all(r[2] == r[3] == 2 for r in rows)
    later = sql(
        synth_wh,
        "SELECT count(*) FROM {F} a JOIN {F} b USING (record_id) WHERE a.is_first AND b.is_latest "
        "AND a.vintage < b.vintage AND NOT a.is_latest AND year(b.vintage) = a.year + 1",
    )[0][0]
    revised = sql(synth_wh, "SELECT count(*) FROM {F} WHERE NOT is_latest")[0][0]
    assert later == revised > 0.05 * 200_000 * 5 / 6 * 0.9


def test_enterprises_have_one_type_region_and_zone(synth_wh):
    (mixed,) = sql(
        synth_wh,
        "SELECT count(*) FROM (SELECT enterprise_id FROM {F} GROUP BY 1 HAVING "
        "count(DISTINCT enterprise_type) > 1 OR count(DISTINCT region) > 1 "
        "OR count(DISTINCT coalesce(zone, '')) > 1)",
    )[0]
    assert mixed == 0
    counts = dict(sql(synth_wh, "SELECT enterprise_type, count(DISTINCT enterprise_id) FROM {F} "
                                "GROUP BY 1"))  # fmt: skip
    assert counts["private"] > 0.7 * sum(counts.values())  # private majority by number
    shares = synth_wh.query(
        {"dataset": "synthetic", "period": "2023", "by": ["enterprise_type"],
         "compare": ["share", "share_pp"]}
    ).to_pandas().set_index("enterprise_type")  # fmt: skip
    assert 45 < shares.loc["private", "share_pct"] < 62
    assert shares.loc["private", "share_pp"] > 0  # private share rises, as in the releases


def test_concentration_is_zipf_like(synth_wh):
    top = synth_wh.query(
        {"dataset": "synthetic", "period": "2023", "by": ["hs6"], "compare": ["share"],
         "top": 50}
    ).to_pandas()  # fmt: skip
    assert 15 < top["share_pct"].sum() < 80  # 50 of ~5 000 subheadings
    partners = synth_wh.query(
        {"dataset": "synthetic", "period": "2023", "by": ["partner"], "top": 1}
    ).to_pandas()  # fmt: skip
    assert partners["partner"].tolist() == ["USA"]
    cities = synth_wh.query(
        {"dataset": "synthetic", "period": "2023", "by": ["city"], "compare": ["share"],
         "top": 2}
    ).to_pandas()  # fmt: skip
    assert set(cities["city"]) == {"310100", "440300"}  # Shanghai and Shenzhen
