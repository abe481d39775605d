"""Units, scales and pandas-ready results, as an analyst with pandas uses them.

Expected figures come from the fixture CSVs read with plain pandas (latest vintage per
record), never from tradestat's output."""

from __future__ import annotations

import decimal
from pathlib import Path

import pandas as pd
import pytest

from tradestat.errors import QueryError
from tradestat.query.units import pick_scale, unit_label

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def national_latest() -> pd.DataFrame:
    """national.csv, the latest vintage of each (period, flow): the comparable basis."""
    df = pd.read_csv(FIX / "national.csv", dtype={"period": str})
    return df.sort_values("vintage").groupby(["period", "flow"]).tail(1)


def customs_latest() -> pd.DataFrame:
    df = pd.read_csv(FIX / "customs.csv", dtype={"region": str, "hs_code": str})
    return df.sort_values("vintage").groupby("record_id").tail(1)


def test_every_result_carries_its_unit(customs_wh):
    import pyarrow as pa

    r = customs_wh.query({"dataset": "customs", "period": "2023", "currency": "USD",
                          "compare": ["growth"]})  # fmt: skip
    schema = r.to_arrow().schema
    assert r.unit == "USD" and schema.metadata[b"unit"] == b"USD"
    assert schema.field("value").metadata[b"unit"] == b"USD"
    assert schema.field("growth_pct").metadata[b"unit"] == b"%"
    assert pa.types.is_decimal(schema.field("value").type)  # to_arrow stays exact
    home = customs_wh.query({"dataset": "customs", "period": "2023"})
    assert home.unit == "CNY"  # the dataset's home currency when none is asked for
    counts = customs_wh.query(
        {"dataset": "customs", "period": "2023", "measure": "enterprises", "by": ["partner"]}
    )
    assert counts.unit == "enterprises" and counts.units == {"value": "enterprises"}
    import json

    payload = json.loads(counts.to_json())
    assert payload["unit"] == "enterprises" and payload["provenance"]["unit"] == "enterprises"


def test_to_pandas_is_float64_and_works_as_pandas_users_expect(customs_wh):
    r = customs_wh.query({"dataset": "customs", "period": "2023", "by": ["month"],
                          "compare": ["growth"]})  # fmt: skip
    df = r.to_pandas()
    assert df["value"].dtype == "float64" and df["growth_pct"].dtype == "float64"
    data = customs_latest()
    data = data[data.period.str.startswith("2023")]
    data = data.assign(value=data.value.astype(float))
    # months whose records are all in CNY (the USD one is converted at its month's rate)
    in_cny = data.groupby("period")["currency"].agg(lambda c: set(c) == {"CNY"})
    expected = data.groupby("period")["value"].sum()[in_cny]
    got = df.set_index("month")["value"]
    assert got[expected.index].to_dict() == pytest.approx(expected.to_dict())
    # arithmetic and pct_change work without conversions
    first_two = expected.index[:2]
    assert (got[first_two] / 1e3).sum() == pytest.approx(expected[first_two].sum() / 1e3)
    changes = df.set_index("month")["value"].pct_change()
    assert changes.dtype == "float64"
    assert list(first_two) == ["2023-01", "2023-02"]
    assert changes["2023-02"] == pytest.approx(expected["2023-02"] / expected["2023-01"] - 1)
    # and plotting (matplotlib, no display)
    import matplotlib

    matplotlib.use("Agg")
    ax = df.plot(x="month", y="value")
    assert len(ax.lines[0].get_ydata()) == len(df)
    assert df.attrs["unit"] == "CNY" and "Total trade by month, 2023" in df.attrs["caption"]


def test_exact_keeps_decimals_and_scale_divides(customs_wh):
    r = customs_wh.query({"dataset": "national", "period": "2023", "compare": ["growth"]})
    exact = r.to_pandas(exact=True)
    assert isinstance(exact["value"][0], decimal.Decimal)
    nat = national_latest()
    total_2023 = nat[nat.period.str.startswith("2023")].value.sum()
    assert exact["value"][0] == decimal.Decimal(str(total_2023)).quantize(decimal.Decimal("0.01"))
    scaled = r.to_pandas(scale="trillion")
    assert scaled["value"][0] == pytest.approx(total_2023 / 1e12)
    assert scaled.attrs["unit_label"] == "CNY trillion"
    assert r.to_pandas(scale="亿", lang="zh")["value"][0] == pytest.approx(total_2023 / 1e8)
    # growth stays in percent whatever the scale
    assert scaled["growth_pct"][0] == pytest.approx(r.to_pandas()["growth_pct"][0])
    with pytest.raises(QueryError, match="scale"):
        r.to_pandas(scale="gazillion")


@pytest.mark.parametrize(
    ("value", "lang", "label"),
    [
        (43_846_792_580_000, "en", "CNY trillion"),
        (43_846_792_580_000, "zh", "万亿元"),
        (2_615_000_000, "en", "CNY billion"),
        (2_615_000_000, "zh", "亿元"),
        (61_500, "zh", "万元"),
        (999, "en", "CNY"),
    ],
)
def test_auto_scale_picks_the_largest_step_reached(value, lang, label):
    assert unit_label("CNY", pick_scale("auto", [value, -1], "CNY", lang), lang) == label


def test_auto_leaves_counts_whole():
    assert pick_scale("auto", [5_000_000], "orders").factor == 1
    assert unit_label("orders", pick_scale("million", [], "orders")) == "million orders"


def test_caption_in_words(customs_wh):
    r = customs_wh.query({"dataset": "customs", "period": "2023", "flow": "export",
                          "by": ["province"]})  # fmt: skip
    assert r.caption() == "Exports by province, 2023, CNY"
    assert r.caption("zh") == "按省份分的出口，2023，元"
    html = r._repr_html_()
    assert "<caption>Exports by province, 2023, CNY</caption>" in html
    assert "value (CNY)" in html


def test_a_filtered_figure_says_its_filter(customs_wh):
    # the same caption for a partner's trade and the total would let one pass for the other
    q = {"dataset": "customs", "period": "2023"}
    total = customs_wh.query(q)
    kor = customs_wh.query({**q, "where": {"partner": ["KOR"]}})
    not_kor = customs_wh.query({**q, "exclude": {"partner": ["KOR"]}})
    assert kor.scalar() + not_kor.scalar() == total.scalar() and kor.scalar() != 0
    assert total.caption() == "Total trade, 2023, CNY"
    assert kor.caption() == "Total trade, partner KOR, 2023, CNY"
    assert not_kor.caption() == "Total trade, excluding partner KOR, 2023, CNY"
    assert kor.caption("zh") == "进出口，贸易伙伴KOR，2023，元"
    assert not_kor.caption("zh") == "进出口，不含贸易伙伴KOR，2023，元"
    assert "<caption>Total trade, partner KOR, 2023, CNY</caption>" in kor._repr_html_()
    many = {"partner": ["AUS", "DEU", "JPN", "KOR", "USA"], "province": ["44"]}
    r = customs_wh.query({**q, "by": ["province"], "where": many})
    assert r.caption() == (
        "Total trade by province, partner AUS/DEU/JPN and 2 more, province 440000, 2023, CNY"
    )
    assert r.caption("zh") == "按省份分的进出口，贸易伙伴AUS/DEU/JPN等5项，省份440000，2023，元"


def test_notebook_rounds_percentages(customs_wh):
    r = customs_wh.query({"dataset": "customs", "period": "2023", "by": ["partner"],
                          "compare": ["share"]})  # fmt: skip
    shares = [row["share_pct"] for row in r.rows()]
    html = r._repr_html_()
    for share in shares:
        assert f"<td>{share:,.2f}</td>" in html


def test_plot_draws_the_natural_chart_with_units(customs_wh):
    monthly = customs_wh.query({"dataset": "customs", "period": "2023", "by": ["month"],
                                "compare": ["growth"]})  # fmt: skip
    fig = monthly.plot()
    bars, growth = fig.axes  # value bars, growth on a second axis
    assert bars.get_ylabel() == "CNY" and "growth" in growth.get_ylabel()
    heights = [p.get_height() for p in bars.patches]
    assert heights == pytest.approx([float(v) for v in monthly.to_pandas()["value"]])
    assert "Total trade by month, 2023" in bars.get_title(loc="left")
    # the growth line's 0 is level with the bars' 0 (it fell at ~400 CNY before)
    growths = [g for g in monthly.to_pandas()["growth_pct"] if g == g]
    assert min(growths) < 0 < max(growths)  # both signs: the axes must be aligned
    zero_bars = bars.transData.transform((0, 0))[1]
    zero_growth = growth.transData.transform((0, 0))[1]
    assert zero_growth == pytest.approx(zero_bars, abs=0.5)  # in pixels
    assert growth.get_ylim()[0] <= min(growths) and growth.get_ylim()[1] >= max(growths)
    breakdown = customs_wh.query({"dataset": "national", "period": "2023", "by": ["flow"]})
    ax = breakdown.plot(lang="zh").axes[0]
    assert ax.get_xlabel() == "万亿元"  # national figures are trillions of yuan
    nat = national_latest()
    widths = sorted(p.get_width() for p in ax.patches)
    expected = nat[nat.period.str.startswith("2023")].value.sort_values() / 1e12
    assert widths == pytest.approx(list(expected))
