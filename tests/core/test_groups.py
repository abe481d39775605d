"""Group dimensions: dated partner groups with the composition rule, product groups,
trade-mode groups. Expected figures are worked out by hand from the fixture rows and
the membership dates stated in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.core.expected import cny, customs_frame, in_year, latest

D = Decimal
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


@pytest.fixture(scope="module")
def frame():
    return latest(customs_frame())


@pytest.fixture(scope="module")
def rates():
    from tradestat import reference

    return {
        ("USD", p): reference.fx_rate("CNY", date.fromisoformat(p + "-01"))
        for p in ("2022-07", "2023-07")
    }


def test_eu_composition_follows_the_current_period(wh):
    # GBR left the EU on 2020-02-01: a member on 2020-01-31, not on 2020-03-31.
    wh.ingest(FIX / "eu.csv", "eu")
    base = {"dataset": "eu", "period": "2020-01..2020-03", "compare": ["growth"]}
    r = wh.query({**base, "where": {"partner_group": ["eu"]}}).rows()[0]
    # current: GBR Jan 110 + DEU Mar 70; base aligned month by month: GBR Jan 100 + DEU Mar 50
    assert (r["value"], r["base_value"]) == (D("180.00"), D("150.00"))
    r = wh.query({**base, "where": {"partner_group": ["eu"]}, "composition": "historical"})
    # historical: every 2019 month has GBR as a member: 100 + 200 + 50
    assert r.rows()[0]["base_value"] == D("350.00")


def test_eu_membership_as_a_breakdown(wh):
    wh.ingest(FIX / "eu.csv", "eu")
    rows = wh.query(
        {"dataset": "eu", "period": "2020-03", "by": ["partner_group"], "compare": ["share"],
         "where": {"partner_group": ["eu", "europe"]}}
    ).rows()  # fmt: skip
    got = {r["partner_group"]: (r["value"], round(r["share_pct"], 6)) for r in rows}
    # March 2020: DEU 70 in the EU; GBR 220 + DEU 70 in Europe; total 290
    assert got == {"eu": (D("70.00"), round(7000 / 290, 6)), "europe": (D("290.00"), 100.0)}


def test_rcep_growth_uses_the_same_composition_in_both_years(customs_wh, frame, rates):
    # RCEP entry into force: JPN 2022-01-01, KOR 2022-02-01, IDN 2023-01-02.
    members = ["JPN", "KOR", "IDN"]
    sub = frame[frame["partner"].isin(members)]
    query = {"dataset": "customs", "period": "2023", "compare": ["growth"],
             "where": {"partner_group": ["rcep"]}}  # fmt: skip
    r = customs_wh.query(query).rows()[0]
    assert r["value"] == cny(in_year(sub, 2023), rates)
    assert r["base_value"] == cny(in_year(sub, 2022), rates)  # IDN 2022 counted too
    hist = customs_wh.query({**query, "composition": "historical"}).rows()[0]
    no_idn = in_year(sub[sub["partner"] != "IDN"], 2022)
    assert hist["base_value"] == cny(no_idn, rates)


def test_new_three_product_group(customs_wh, frame, rates):
    # electric cars 870380, lithium-ion batteries 850760, solar cells 854142 (HS2022)
    prefixes = ("850760", "870380", "854142")
    sub = frame[frame["hs_code"].str.startswith(prefixes) & (frame["flow"] == "X")]
    r = customs_wh.query(
        {"dataset": "customs", "period": "2023", "flow": "export",
         "by": ["product_group"], "where": {"product_group": ["new_three"]},
         "compare": ["growth", "share"]}
    ).rows()  # fmt: skip
    assert [x["product_group"] for x in r] == ["new_three"]
    assert r[0]["value"] == cny(in_year(sub, 2023), rates)
    assert r[0]["base_value"] == cny(in_year(sub, 2022), rates)
    exports = frame[frame["flow"] == "X"]
    share = cny(in_year(sub, 2023), rates) * 100 / cny(in_year(exports, 2023), rates)
    assert r[0]["share_pct"] == pytest.approx(float(share))


def test_cross_border_ecommerce_trade_modes(customs_wh, frame, rates):
    sub = frame[frame["trade_mode"].isin(["9610", "1210", "1239", "9710", "9810"])]
    r = customs_wh.query(
        {"dataset": "customs", "period": "2023", "where": {"trade_mode_group": ["cbec"]},
         "compare": ["growth"]}
    ).rows()[0]  # fmt: skip
    assert (r["value"], r["base_value"]) == (
        cny(in_year(sub, 2023), rates),
        cny(in_year(sub, 2022), rates),
    )
    b2b = customs_wh.query(
        {"dataset": "customs", "period": "2023", "by": ["trade_mode_group"],
         "where": {"trade_mode_group": ["cbec_b2b_export"]}}
    ).rows()  # fmt: skip
    x = sub[sub["trade_mode"].isin(["9710", "9810"])]
    assert b2b[0]["value"] == cny(in_year(x, 2023), rates)


def test_unknown_group_is_a_clear_error(customs_wh):
    from tradestat.errors import QueryError

    with pytest.raises(QueryError, match=r"where\.partner_group: unknown group 'mercosurr'"):
        customs_wh.query({"dataset": "customs", "period": "2023",
                          "where": {"partner_group": ["mercosurr"]}})  # fmt: skip
