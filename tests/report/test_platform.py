"""Each sentence of the platform bulletin against pandas over the orders fixture (GBP)."""

from __future__ import annotations

import pytest

from tests.report import expected as E
from tests.report.test_customs import exact


@pytest.fixture(scope="module")
def orders():
    return E.platform()


def test_transaction_volume_in_dollars_and_home_currency(platform_en, orders):
    y11, y10 = E.year(orders, 2011), E.year(orders, 2010)
    usd11, usd10 = E.in_usd(y11, "GBP"), E.in_usd(y10, "GBP")
    got = exact(platform_en, "gmv")
    assert got["gmv.value"] == usd11
    assert got["gmv.growth_pct"] == pytest.approx(E.growth(usd11, usd10), rel=1e-9)
    assert got["home.value"] == E.total(y11)
    assert got["home.growth_pct"] == pytest.approx(E.growth(E.total(y11), E.total(y10)))
    text = platform_en.statement("gmv").text
    assert text.startswith("In 2011, transaction volume on the platform was $")
    assert " in GBP, " in text


def test_orders_count_without_cancellations(platform_en, orders):
    def n(frame):
        return frame[~frame.is_return].order_id.nunique()

    got = exact(platform_en, "orders")
    cur, base = n(E.year(orders, 2011)), n(E.year(orders, 2010))
    assert got["orders.value"] == cur
    assert got["orders.growth_pct"] == pytest.approx((cur - base) * 100 / base)


def test_buyer_countries_and_markets_that_doubled(platform_en, orders):
    y11, y10 = E.year(orders, 2011), E.year(orders, 2010)
    cur, base = y11.groupby("partner")["value"].sum(), y10.groupby("partner")["value"].sum()
    doubled = [p for p in cur.index if p in base.index and E.growth(cur[p], base[p]) >= 100]
    got = exact(platform_en, "buyers")
    assert got["countries.value"] == y11.partner.nunique() == 15
    assert got["doubled.rows"] == len(doubled) == 8
    assert platform_en.statement("buyers").text.endswith("sales doubled in 8 of them.")


def test_largest_buyer_markets(platform_en, orders):
    """In US dollars, as every money figure of the charts (each line at its month's rate)."""
    y11 = E.year(orders, 2011)
    by = {p: E.in_usd(rows, "GBP") for p, rows in y11.groupby("partner")}
    ranked = sorted(by, key=by.get, reverse=True)
    got = exact(platform_en, "top_buyers")
    assert got["top.ranking"] == ranked[:5]
    first = ranked[0]
    assert got[f"top.share_pct[partner={first}]"] == pytest.approx(
        float(by[first] * 100 / sum(by.values())), rel=1e-9
    )
    assert "; the United Kingdom alone took" in platform_en.statement("top_buyers").text
    assert platform_en.statement("top_buyers").text.startswith(
        "The largest buyer markets were the United Kingdom, Germany, France, Ireland and "
        "the Netherlands;"
    )


def test_domestic_and_cross_border_sales_apart(platform_en, platform_zh, orders):
    """A UK shop: sales to UK buyers are domestic, the rest cross-border (in US dollars)."""
    y11, y10 = E.year(orders, 2011), E.year(orders, 2010)
    home11, home10 = (E.in_usd(y[y.partner == "GBR"], "GBP") for y in (y11, y10))
    cross11, cross10 = (E.in_usd(y[y.partner != "GBR"], "GBP") for y in (y11, y10))
    got = exact(platform_en, "domestic")
    assert got["cross.value"] == cross11
    assert got["cross.growth_pct"] == pytest.approx(E.growth(cross11, cross10), rel=1e-9)
    assert got["home_market.value[partner=GBR]"] == home11
    assert got["home_market.growth_pct[partner=GBR]"] == pytest.approx(
        E.growth(home11, home10), rel=1e-9
    )
    text = platform_en.statement("domestic").text
    assert text.startswith("Cross-border sales, to buyers outside the United Kingdom, were $")
    assert "domestic sales, to buyers in the United Kingdom, were $" in text
    assert platform_zh.statement("domestic").text.startswith("其中，跨境销售（英国以外的买家）")


def test_a_platform_without_a_home_market_says_why_it_cannot_split(report_wh):
    from tradestat.report import build_bulletin

    report_wh.update_dataset("platform", reporter=None)
    try:
        b = build_bulletin(report_wh, "platform", "platform", "2011")
    finally:
        report_wh.update_dataset("platform", reporter="GBR")
    assert b.statement("domestic").left_out == (
        "domestic: dataset 'platform' has no home market (reporter)"
    )
    assert not b.statement("gmv").left_out


def test_fast_growing_categories(platform_en, platform_zh, orders):
    y11, y10 = E.year(orders, 2011), E.year(orders, 2010)
    cur, base = y11.groupby("category")["value"].sum(), y10.groupby("category")["value"].sum()
    # a category with no 2010 sales (23084) has no growth rate and never counts
    fast = [c for c in cur.index if c in base.index and E.growth(cur[c], base[c]) >= 100]
    fast.sort(key=lambda c: cur[c], reverse=True)
    got = exact(platform_en, "sectors")
    assert "23084" in cur.index and "23084" not in base.index
    assert got["fast.rows"] == len(fast)
    assert got["lead.ranking"] == fast[:3]
    assert platform_zh.statement("sectors").text.startswith("销售额增长100%以上的商品品类有2个")
    # named from the source's item descriptions (the packaged list, read here as plain CSV)
    names = _category_names()
    en = platform_en.statement("sectors").text
    assert en.endswith(f"led by {names[fast[0]][0]} and {names[fast[1]][0]}.")
    assert names[fast[0]][0] == "White hanging heart T-light holder"  # 85123A in the source
    zh = platform_zh.statement("sectors").text
    assert zh.endswith(f"规模居前的是{names[fast[0]][1]}和{names[fast[1]][1]}。")


def _category_names() -> dict[str, tuple[str, str]]:
    import csv
    import gzip
    from pathlib import Path

    path = Path(E.__file__).resolve().parents[2] / "src" / "tradestat" / "reference" / "data"
    with gzip.open(path / "online_retail_categories.csv.gz", "rt", encoding="utf-8") as fh:
        return {r["code"]: (r["name_en"], r["name_zh"]) for r in csv.DictReader(fh)}


def test_seller_places_left_out_without_region(platform_en):
    st = platform_en.statement("seller_places")
    assert st.left_out and "has no region" in st.left_out
    assert "seller cities" not in platform_en.to_markdown().split("## Notes")[0]
