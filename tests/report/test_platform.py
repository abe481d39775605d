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
    y11 = E.year(orders, 2011)
    by = y11.groupby("partner")["value"].sum().sort_values(ascending=False)
    got = exact(platform_en, "top_buyers")
    assert got["top.ranking"] == list(by.index[:5])
    first = by.index[0]
    assert got[f"top.share_pct[partner={first}]"] == pytest.approx(
        float(by.iloc[0] * 100 / E.total(y11))
    )
    assert "United Kingdom alone took" in platform_en.statement("top_buyers").text


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


def test_seller_places_left_out_without_region(platform_en):
    st = platform_en.statement("seller_places")
    assert st.left_out and "has no region" in st.left_out
    assert "seller cities" not in platform_en.to_markdown().split("## Notes")[0]
