"""The figures of TradeQuery, each checked against an independent pandas computation
of the fixture (tests/core/expected.py) or a value worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.core.expected import cny, customs_frame, in_year, latest

D = Decimal


@pytest.fixture(scope="module")
def rates():
    from tradestat import reference

    return {
        ("USD", p): reference.fx_rate("CNY", date.fromisoformat(p + "-01"))
        for p in ("2022-07", "2023-07")
    }


@pytest.fixture(scope="module")
def frame():
    return latest(customs_frame())


def q(wh, **kw):
    return wh.query({"dataset": "customs", **kw})


def pct(a, b):
    return float((a - b) * 100 / b)


def test_total_trade_with_growth(customs_wh, frame, rates):
    cur, base = cny(in_year(frame, 2023), rates), cny(in_year(frame, 2022), rates)
    r = q(customs_wh, period="2023", compare=["growth"]).rows()[0]
    assert r["value"] == cur and r["base_value"] == base
    assert r["growth_pct"] == pytest.approx(pct(cur, base), rel=1e-12)


@pytest.mark.parametrize("flow,code", [("export", "X"), ("import", "M")])
def test_flows(customs_wh, frame, rates, flow, code):
    sub = frame[frame["flow"] == code]
    r = q(customs_wh, period="2023", flow=flow).scalar()
    assert r == cny(in_year(sub, 2023), rates)


def test_balance_is_exports_minus_imports(customs_wh):
    x = q(customs_wh, period="2023", flow="export").scalar()
    m = q(customs_wh, period="2023", flow="import").scalar()
    assert q(customs_wh, period="2023", flow="balance").scalar() == x - m


def test_usd_figures_convert_each_month_at_its_own_rate(customs_wh, frame):
    from tradestat import reference

    sub = in_year(frame, 2023)
    expected = D(0)
    for _, r in sub.iterrows():
        if r["currency"] == "USD":
            expected += r["value"]
        else:
            rate = reference.fx_rate("CNY", date.fromisoformat(r["period"] + "-01"))
            expected += D(str(round(float(r["value"]) / rate, 2)))
    assert q(customs_wh, period="2023", currency="USD").scalar() == expected


def test_comparable_basis_uses_the_revised_base(customs_wh):
    # 2022 first published 42.07 trn (vintage 2023-01-13), revised to 41.68 trn
    # (vintage 2024-01-12); 2023 = 41.76 trn. By hand: 41.76/41.68 - 1 = +0.19 %,
    # naive 41.76/42.07 - 1 = -0.74 %.
    base = {"dataset": "national", "period": "2023", "compare": ["growth"]}
    r = customs_wh.query(base).rows()[0]
    assert r["base_value"] == D("41680000000000.00")
    assert round(r["growth_pct"], 2) == 0.19
    r = customs_wh.query({**base, "basis": "first_published"}).rows()[0]
    assert r["base_value"] == D("42070000000000.00")
    assert round(r["growth_pct"], 2) == -0.74
    r = customs_wh.query({**base, "basis": {"as_of": "2023-06-30"}}).rows()[0]
    assert r["base_value"] == D("42070000000000.00") and r["value"] is None


def test_returns_net_gross_only(customs_wh, frame, rates):
    sub = in_year(frame, 2023)
    gross = q(customs_wh, period="2023", returns="gross").scalar()
    only = q(customs_wh, period="2023", returns="only").scalar()
    net = q(customs_wh, period="2023").scalar()
    assert gross == cny(sub[~sub["is_return"]], rates)
    assert only == D("-50.00")
    assert net == gross + only


def test_shares_sum_to_100_and_contributions_to_growth(customs_wh):
    r = q(customs_wh, period="2023", by=["flow"], compare=["growth", "share", "contribution"])
    rows = r.rows()
    tot = q(customs_wh, period="2023", compare=["growth"]).rows()[0]
    assert sum(x["share_pct"] for x in rows) == pytest.approx(100)
    assert sum(x["contribution_pp"] for x in rows) == pytest.approx(tot["growth_pct"])
    assert sum(x["value"] for x in rows) == tot["value"]


def test_share_and_pp_change_of_one_enterprise_type(customs_wh, frame, rates):
    query = dict(period="2023", by=["enterprise_type"], where={"enterprise_type": ["private"]})
    r = q(customs_wh, **query, compare=["share", "share_pp"]).rows()
    assert [x["enterprise_type"] for x in r] == ["private"]
    priv = frame[frame["enterprise_type"] == "private"]
    s23 = cny(in_year(priv, 2023), rates) * 100 / cny(in_year(frame, 2023), rates)
    s22 = cny(in_year(priv, 2022), rates) * 100 / cny(in_year(frame, 2022), rates)
    assert r[0]["share_pct"] == pytest.approx(float(s23))
    assert r[0]["share_pp"] == pytest.approx(float(s23 - s22))


def test_share_without_breakdown_is_of_the_unfiltered_total(customs_wh, frame, rates):
    r = q(customs_wh, period="2023", flow="export", where={"partner": ["USA"]}, compare=["share"])
    x = frame[frame["flow"] == "X"]
    usa = cny(in_year(x[x["partner"] == "USA"], 2023), rates)
    assert r.rows()[0]["share_pct"] == pytest.approx(
        float(usa * 100 / cny(in_year(x, 2023), rates))
    )


def test_a_share_alone_reads_no_base_period(customs_wh, frame, rates):
    # a share is of the period's own total: no base_value column, no base-period vintages
    # (the base year was scanned and shown before); asked for, the base is there
    r = q(customs_wh, period="2023", by=["partner"], compare=["share"])
    assert r.columns == ["partner", "value", "share_pct"]
    assert list(r.provenance["coverage"]) == ["current"]
    total = cny(in_year(frame, 2023), rates)
    usa = cny(in_year(frame[frame["partner"] == "USA"], 2023), rates)
    assert next(x for x in r.rows() if x["partner"] == "USA")["share_pct"] == pytest.approx(
        float(usa * 100 / total)
    )
    asked = q(customs_wh, period="2023", base_period="2022", by=["partner"], compare=["share"])
    assert asked.columns == ["partner", "value", "base_value", "share_pct"]
    usa22 = cny(in_year(frame[frame["partner"] == "USA"], 2022), rates)
    assert next(x for x in asked.rows() if x["partner"] == "USA")["base_value"] == usa22
    # a share ordered or filtered by base_value reads the base, as it did before
    ordered = q(customs_wh, period="2023", by=["partner"], compare=["share"],
                order_by=["-base_value"]).rows()  # fmt: skip
    base = {p: cny(g, rates) for p, g in in_year(frame, 2022).groupby("partner")}
    shown = [x["base_value"] for x in ordered]
    assert shown == sorted(shown, reverse=True)
    assert all(x["base_value"] == base[x["partner"]] for x in ordered if x["partner"])
    kept = q(customs_wh, period="2023", by=["partner"], compare=["share"],
             having="base_value > 1000").rows()  # fmt: skip
    assert sorted(x["partner"] for x in kept) == sorted(p for p, v in base.items() if v > 1000)


def test_explicit_base_period(customs_wh, frame, rates):
    r = q(customs_wh, period="2023-Q4", base_period="2023-Q3", compare=["growth"]).rows()[0]
    months = lambda ms: frame[frame["period"].isin(ms)]  # noqa: E731
    cur = cny(months(["2023-10", "2023-11", "2023-12"]), rates)
    base = cny(months(["2023-07", "2023-08", "2023-09"]), rates)
    assert (r["value"], r["base_value"]) == (cur, base)


def test_monthly_breakdown_aligns_each_month_with_its_base(customs_wh, frame, rates):
    rows = q(customs_wh, period="2023-01..2023-03", by=["month"], compare=["growth"]).rows()
    assert [r["month"] for r in rows] == ["2023-01", "2023-02", "2023-03"]
    for r in rows:
        base_month = "2022" + r["month"][4:]
        assert r["base_value"] == cny(frame[frame["period"] == base_month], rates)
        assert r["value"] == cny(frame[frame["period"] == r["month"]], rates)


def test_quarter_and_year_breakdowns(customs_wh, frame, rates):
    rows = q(customs_wh, period="2022..2023", by=["year", "quarter"]).rows()
    assert len(rows) == 8
    assert sum(r["value"] for r in rows) == cny(frame, rates)
    q4 = next(r for r in rows if r["quarter"] == "2023-Q4")
    assert q4["year"] == "2023"
    assert q4["value"] == cny(frame[frame["period"].isin(["2023-10", "2023-11", "2023-12"])], rates)


def test_top_having_and_order(customs_wh, frame, rates):
    rows = q(customs_wh, period="2023", by=["partner"], top=3).rows()
    sub = in_year(frame, 2023)
    by_partner = {p: cny(g, rates) for p, g in sub.groupby("partner")}
    expected = sorted(by_partner.items(), key=lambda kv: -kv[1])[:3]
    assert [(r["partner"] or "", r["value"]) for r in rows] == expected
    grown = q(customs_wh, period="2023", by=["partner"], compare=["growth"],
              having="growth_pct >= 100", order_by=["partner"]).rows()  # fmt: skip
    base = {p: cny(g, rates) for p, g in in_year(frame, 2022).groupby("partner")}
    doubled = sorted(p for p, v in by_partner.items() if p in base and v >= 2 * base[p])
    assert [r["partner"] for r in grown] == doubled


def test_exclude_keeps_rows_without_a_value(customs_wh, frame, rates):
    r = q(customs_wh, period="2023", exclude={"partner": ["USA"]}).scalar()
    sub = in_year(frame, 2023)
    assert r == cny(sub[sub["partner"] != "USA"], rates)  # includes c27, partner unknown


def test_distinct_counts(customs_wh, frame):
    sub = in_year(frame, 2023)
    assert (
        q(customs_wh, period="2023", measure="enterprises").scalar()
        == sub["enterprise_id"].nunique()
    )
    partners = sub.loc[sub["partner"] != "", "partner"].nunique()
    assert q(customs_wh, period="2023", measure="partners").scalar() == partners
    assert q(customs_wh, period="2023", measure="records").scalar() == len(sub)
    qty = q(customs_wh, period="2023", measure="quantity", flow="export").scalar()
    assert qty == pytest.approx(sub[sub["flow"] == "X"]["quantity"].sum())


def test_province_and_city_roll_up(customs_wh, frame, rates):
    rows = {r["province"]: r["value"] for r in q(customs_wh, period="2023", by=["province"]).rows()}
    sub = in_year(frame, 2023)
    gd = sub[sub["region"].str.startswith("44")]
    assert rows["440000"] == cny(gd, rates)
    cities = {r["city"]: r["value"] for r in q(customs_wh, period="2023", by=["city"]).rows()}
    assert cities["440300"] == cny(sub[sub["region"] == "440300"], rates)
    assert cities[None] == cny(sub[sub["region"] == "310000"], rates)  # Shanghai: no city level
