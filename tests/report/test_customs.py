"""Each sentence of the customs bulletin: its figures against pandas over the fixture,
and its text against the figures written out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.report import expected as E

D = Decimal


@pytest.fixture(scope="module")
def df():
    return E.customs()


def figs(bulletin, statement: str) -> dict[str, object]:
    """'query.column' -> the figure as written, for one statement."""
    out = {}
    for f in bulletin.figures:
        if f.statement == statement:
            out[f.source.ref.split(".", 1)[1]] = f
    return out


def exact(bulletin, statement: str) -> dict[str, object]:
    return {k: f.exact for k, f in figs(bulletin, statement).items()}


def test_totals_sentence(customs_en, df):
    y23, y22 = E.year(df, 2023), E.year(df, 2022)
    x23, x22 = E.total(y23[y23.flow == "X"]), E.total(y22[y22.flow == "X"])
    m23, m22 = E.total(y23[y23.flow == "M"]), E.total(y22[y22.flow == "M"])
    usd23, usd22 = E.in_usd(y23, "CNY"), E.in_usd(y22, "CNY")
    got = exact(customs_en, "totals")
    assert got["total.value"] == x23 + m23 == D("2871500000000.00")
    assert got["total.growth_pct"] == pytest.approx(E.growth(x23 + m23, x22 + m22), rel=1e-12)
    assert got["exports.value"] == x23 and got["imports.value"] == m23
    assert got["exports.growth_pct"] == pytest.approx(E.growth(x23, x22), rel=1e-12)
    assert got["imports.growth_pct"] == pytest.approx(E.growth(m23, m22), rel=1e-12)
    assert got["balance.value"] == x23 - m23  # written as its absolute value
    assert got["total_usd.value"] == usd23
    assert got["total_usd.growth_pct"] == pytest.approx(E.growth(usd23, usd22), rel=1e-9)
    text = customs_en.statement("totals").text
    # worked out by hand from the exact figures above: 2,871.5 bn; 2022 revised base 2,556.6 bn
    assert text.startswith("In 2023, total trade in goods reached CNY 2.87 trillion, up 12.3%")
    assert (
        "Exports were CNY 1.92 trillion, up 21.7%, and imports CNY 955.0 billion, down 2.7%" in text
    )
    assert text.endswith("leaving a trade surplus of CNY 961.5 billion.")


def test_growth_uses_the_revised_base(customs_en, df):
    raw = E.read("declarations")
    first_22 = E.year(raw[raw.vintage <= "2023-01-13"], 2022)
    first_22 = first_22.loc[first_22.groupby("record_id")["vintage"].idxmin()]
    latest_22 = E.year(df, 2022)
    assert E.total(first_22) != E.total(latest_22)  # the fixture revises 2022
    run = customs_en.statement("totals").runs["total"]
    assert run.result.scalar("base_value") == E.total(latest_22)
    # 3 lines x 4 months revised in the 2024-01-12 release; the rest as first published
    vintages = run.result.provenance["coverage"]["base"]["vintages"]
    assert vintages["2024-01-12"] == 12 and set(vintages) == {"2023-01-13", "2024-01-12"}
    appendix = customs_en.to_markdown()
    assert "base `2022`: 2023-01-13 (69 rows), 2024-01-12 (12 rows)" in appendix


def test_quarter_sentence(customs_en, df):
    spans = (("2023-10", "2023-12"), ("2022-10", "2022-12"), ("2023-07", "2023-09"))
    q4, q4_22, q3 = (E.months(df, *s) for s in spans)
    got = exact(customs_en, "quarter")
    assert got["latest.value"] == E.total(q4)
    assert got["latest.growth_pct"] == pytest.approx(E.growth(E.total(q4), E.total(q4_22)))
    assert got["previous.growth_pct"] == pytest.approx(E.growth(E.total(q4), E.total(q3)))
    assert customs_en.statement("quarter").text.startswith("In the fourth quarter of 2023,")


def test_product_sentences(customs_en, df):
    x = df[df.flow == "X"]
    x23, x22 = E.year(x, 2023), E.year(x, 2022)

    def part(codes, frame):
        return E.total(frame[frame.hs_code.isin(codes)])

    got = exact(customs_en, "electromechanical")
    em, em22 = part(E.ELECTROMECHANICAL, x23), part(E.ELECTROMECHANICAL, x22)
    li = part(E.LABOUR_INTENSIVE, x23)
    assert got["em.value"] == em and got["li.value"] == li
    assert got["em.growth_pct"] == pytest.approx(E.growth(em, em22))
    assert got["em.share_pct"] == pytest.approx(float(em * 100 / E.total(x23)))
    assert got["li.share_pct"] == pytest.approx(float(li * 100 / E.total(x23)))
    got = exact(customs_en, "new_products")
    for name, codes in (("new_three", E.NEW_THREE), ("ships", E.SHIPS),
                        ("appliances", E.APPLIANCES)):  # fmt: skip
        want = E.growth(part(codes, x23), part(codes, x22))
        assert got[f"{name}.growth_pct"] == pytest.approx(want), name
    assert got["new_three.value"] == part(E.NEW_THREE, x23)


def test_enterprise_sentences(customs_en, df):
    y23, y22 = E.year(df, 2023), E.year(df, 2022)
    got = exact(customs_en, "enterprise_count")
    assert got["all.value"] == y23.enterprise_id.nunique() == 14
    assert got["private.value"] == y23[y23.enterprise_type == "private"].enterprise_id.nunique()
    p23 = E.total(y23[y23.enterprise_type == "private"])
    p22 = E.total(y22[y22.enterprise_type == "private"])
    share23, share22 = p23 * 100 / E.total(y23), p22 * 100 / E.total(y22)
    got = exact(customs_en, "private")
    assert got["private.value"] == p23
    assert got["private.share_pct"] == pytest.approx(float(share23))
    assert got["private.share_pp"] == pytest.approx(float(share23 - share22))
    text = customs_en.statement("private").text
    assert f"up {float(share23 - share22):.1f} percentage points on a year earlier" in text


def test_partner_sentences(customs_en, df):
    y23, y22, y21 = (E.year(df, y) for y in (2023, 2022, 2021))

    def with_(partners, frame):
        return E.total(frame[frame.partner.isin(partners)])

    got = exact(customs_en, "belt_and_road")
    assert got["bri.value"] == with_(E.BRI, y23)
    assert got["bri.growth_pct"] == pytest.approx(E.growth(with_(E.BRI, y23), with_(E.BRI, y22)))
    assert got["bri.share_pct"] == pytest.approx(float(with_(E.BRI, y23) * 100 / E.total(y23)))
    got = exact(customs_en, "rcep")  # against 2021, with the 2023 membership in both years
    cur, base = with_(E.RCEP_PARTNERS, y23), with_(E.RCEP_PARTNERS, y21)
    assert got["rcep.growth_pct"] == pytest.approx(E.growth(cur, base))
    assert customs_en.statement("rcep").text.endswith(f"up {E.growth(cur, base):.1f}% on 2021.")
    got = exact(customs_en, "regions")
    assert got["latam.growth_pct"] == pytest.approx(E.growth(with_(E.LATAM, y23),
                                                             with_(E.LATAM, y22)))  # fmt: skip
    assert got["africa.growth_pct"] == pytest.approx(E.growth(with_(E.AFRICA, y23),
                                                              with_(E.AFRICA, y22)))  # fmt: skip
    got = exact(customs_en, "major_partners")
    assert got["eu.value"] == with_(E.EU, y23) and got["us.value"] == with_({"USA"}, y23)
    q4, q4_22 = E.months(df, "2023-10", "2023-12"), E.months(df, "2022-10", "2022-12")
    assert got["us_q.growth_pct"] == pytest.approx(
        E.growth(with_({"USA"}, q4), with_({"USA"}, q4_22))
    )


def test_places_and_modes(customs_en, df):
    x23 = E.year(df[df.flow == "X"], 2023)
    ranking = x23.groupby("city")["value"].sum().sort_values(ascending=False)
    got = exact(customs_en, "cities")
    assert got["top.ranking"] == list(ranking.index[:5])
    assert customs_en.statement("cities").text == (
        "The leading exporting cities were Shenzhen, Jinhua, Shanghai, Dongguan and Guangzhou,"
        " in that order."
    )
    y23 = E.year(df, 2023)
    zones = y23[y23.zone != ""].groupby("zone")["value"].sum().sort_values(ascending=False)
    got = exact(customs_en, "zones")
    assert got["zones.rows"] == len(zones) == 3  # trade outside any zone is not a zone
    assert got["zones.ranking"] == list(zones.index[:3])
    # named from the pilot free trade zones' reference list (FTZ + province digits)
    names = {"FTZ31": "Shanghai", "FTZ32": "Jiangsu", "FTZ33": "Zhejiang"}
    named = [f"the {names[z]} Pilot Free Trade Zone" for z in zones.index[:3]]
    assert customs_en.statement("zones").text.endswith(
        f"the largest being {named[0]}, {named[1]} and {named[2]}."
    )
    got = exact(customs_en, "cbec")
    cb23 = E.total(y23[y23.trade_mode.isin(E.CBEC_MODES)])
    cb22 = E.total(E.year(df[df.trade_mode.isin(E.CBEC_MODES)], 2022))
    assert got["cbec.value"] == cb23
    assert got["cbec.growth_pct"] == pytest.approx(E.growth(cb23, cb22))


def test_chinese_sentences_use_the_same_figures(customs_en, customs_zh):
    en = {f.source.ref: f.exact for f in customs_en.figures}
    zh = {f.source.ref: f.exact for f in customs_zh.figures}
    assert en == zh
    text = customs_zh.statement("totals").text
    assert text.startswith("2023年，货物贸易进出口总值2.87万亿元，同比增长12.3%")
    assert "进口9,550.0亿元，下降2.7%；贸易顺差9,615.0亿元。" in text
    assert "比去年同期提升" in customs_zh.statement("private").text


def test_every_number_in_the_text_is_a_traced_figure(customs_en):
    import re

    from tradestat.report.templating import MARK

    for st in customs_en.statements():
        if st.left_out:
            continue
        untraced = MARK.sub("", st.marked_text).replace("14 RCEP", "RCEP")
        assert not re.search(r"\d", untraced.replace("2023", "").replace("2021", "")), st.id
