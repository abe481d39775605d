"""Place hierarchy on the GAC by-location sheets: a province is never added to its own
cities; a province without its own row is the sum of its cities, marked partial."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.truth.conftest import workbook_sheet

SHEETS = {  # as in src/tradestat/samples/gac-monthly-by-location.yaml
    "北京市": "110000", "上海市": "310000", "浙江省": "330000", "深圳市": "440300",
    "南京市": "320100", "合肥市": "340100", "杭州市": "330100", "宁波市": "330200",
    "温州市": "330300", "湖州市": "330500", "金华市": "330700", "台州市": "331000",
}  # fmt: skip
PROVINCE_ROWS = {"110000", "310000", "330000"}
ZHEJIANG_CITIES = {"330100", "330200", "330300", "330500", "330700", "331000"}


def exports_2024() -> dict[str, Decimal]:
    """Each sheet's 2024 exports (January-to-December, column labelled 进口), in yuan."""
    out = {}
    for sheet, code in SHEETS.items():
        df = workbook_sheet(sheet)
        out[code] = Decimal(int(df.loc[df.month == "2024-12", "进口_年初至今"].iloc[0])) * 10_000
    return out


Q = {"dataset": "gac_regions", "period": "2024", "flow": "export"}


def test_provinces_use_their_own_row_never_their_cities_added(gac):
    want = exports_2024()
    rows = {r["province"]: r["value"] for r in gac.query({**Q, "by": ["province"]}).rows()}
    assert rows["330000"] == want["330000"]  # 3.91 trn, not 6.86 (own row + its cities)
    assert round(rows["330000"] / Decimal(10) ** 12, 2) == Decimal("3.91")
    assert rows["440000"] == want["440300"]  # Guangdong: only Shenzhen is in the data
    assert set(rows) == {"110000", "310000", "320000", "330000", "340000", "440000"}


def test_a_province_made_of_some_cities_is_marked_partial(gac):
    r = gac.query({**Q, "by": ["province"]})
    assert r.provenance["places"]["partial"] == {
        "320000": ["320100"], "340000": ["340100"], "440000": ["440300"],
    }  # fmt: skip
    assert any("440000 Guangdong is partial" in w and "440300 Shenzhen" in w
               for w in r.provenance["warnings"])  # fmt: skip


def test_the_total_and_shares_use_the_non_overlapping_rows(gac):
    want = exports_2024()
    coarsest = sum(v for k, v in want.items() if k not in ZHEJIANG_CITIES)
    assert gac.query(Q).scalar() == coarsest
    rows = gac.query({**Q, "by": ["province"], "compare": ["share"]}).rows()
    assert sum(r["share_pct"] for r in rows) == pytest.approx(100)
    zj = next(r for r in rows if r["province"] == "330000")
    assert zj["share_pct"] == pytest.approx(float(want["330000"] * 100 / coarsest))


def test_cities_use_city_rows(gac):
    want = exports_2024()
    rows = {r["city"]: r["value"] for r in gac.query({**Q, "by": ["city"]}).rows()}
    cities = {k: v for k, v in want.items() if k not in PROVINCE_ROWS}
    assert rows == cities
    top = gac.query({**Q, "by": ["city"], "top": 1}).rows()[0]
    assert top["city"] == max(cities, key=cities.get)  # not a "not stated" city


def test_regions_show_every_place_with_shares_of_the_whole(gac):
    want = exports_2024()
    coarsest = sum(v for k, v in want.items() if k not in ZHEJIANG_CITIES)
    rows = gac.query({**Q, "by": ["region"], "compare": ["share"]}).rows()
    assert {r["region"]: r["value"] for r in rows} == want
    hz = next(r for r in rows if r["region"] == "330100")
    assert hz["share_pct"] == pytest.approx(float(want["330100"] * 100 / coarsest))


def test_a_filter_on_a_province_reads_its_own_row(gac):
    want = exports_2024()
    got = gac.query({**Q, "where": {"province": ["33"]}}).scalar()
    assert got == want["330000"]


def test_records_at_a_province_and_at_its_counties_are_all_counted(wh, tmp_path):
    """Declarations: one place per record, so nothing overlaps; a record without a place
    stays in the total and is listed after the real members, never ranked first."""
    src = tmp_path / "d.csv"
    src.write_text(
        "period,flow,region,enterprise_id,value,currency\n"
        "2024-01,X,440000,E1,100,CNY\n2024-01,X,440306,E2,50,CNY\n"
        "2024-01,X,330100,E3,70,CNY\n2024-01,X,,E4,900,CNY\n",
        encoding="utf-8",
    )
    wh.ingest(src, "decl")
    q = {"dataset": "decl", "period": "2024-01"}
    rows = wh.query({**q, "by": ["province"], "top": 2}).rows()
    assert [(r["province"], r["value"]) for r in rows] == [("440000", 150), ("330000", 70)]
    everything = wh.query({**q, "by": ["province"], "order_by": ["-value"]}).rows()
    assert everything[-1]["province"] is None and everything[-1]["value"] == 900
    assert wh.query(q).scalar() == 1120
