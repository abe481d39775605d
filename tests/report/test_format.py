"""Formatting helpers: customs rounding and wording in English and Chinese."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from tradestat.report import format as fmt

D = Decimal


@pytest.mark.parametrize(
    "module",
    ["tradestat.report.format.numbers", "tradestat.report.format.words",
     "tradestat.report.spec.placeholders", "tradestat.report.render.markdown",
     "tradestat.report.format.chinese", "tradestat.report.charts", "tradestat.reference.zones",
     "tradestat.reference.categories", "tradestat.reference.partners",
     "tradestat.query.words"],
)  # fmt: skip
def test_doctests(module):
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    "value,currency,lang,text",
    [
        (D("41757000000000"), "CNY", "en", "CNY 41.76 trillion"),
        (D("41757000000000"), "CNY", "zh", "41.76万亿元"),
        (D("1690000000000"), "CNY", "zh", "1.69万亿元"),
        (D("261500000000"), "USD", "en", "$261.5 billion"),
        (D("261500000000"), "USD", "zh", "2,615.0亿美元"),
        (D("2380000000000"), "CNY", "en", "CNY 2.38 trillion"),
        (D("999960000000"), "CNY", "en", "CNY 1.00 trillion"),  # unit chosen after rounding
        (D("99995000"), "CNY", "zh", "1.0亿元"),
        (D("8912345.67"), "GBP", "en", "£8.9 million"),
        (D("8912345.67"), "GBP", "zh", "891.2万英镑"),
        (D("954.50"), "EUR", "en", "€955"),
        (D("-5780000000000"), "CNY", "en", "-CNY 5.78 trillion"),
        (D("12000"), "JPY", "en", "JPY 12,000"),
    ],
)
def test_money(value, currency, lang, text):
    assert fmt.money(value, currency, lang) == text


@pytest.mark.parametrize(
    "x,lang,text",
    [
        (0.2, "en", "up 0.2%"),
        (-0.3, "en", "down 0.3%"),
        (0.04, "en", "flat"),
        (-0.049, "en", "flat"),
        (0.05, "en", "up 0.1%"),  # half up, as a person rounds the printed number
        (101.0, "en", "up 101.0%"),
        (0.2, "zh", "增长0.2%"),
        (-0.3, "zh", "下降0.3%"),
        (0.0, "zh", "持平"),
        (D("-31.15"), "zh", "下降31.2%"),
    ],
)
def test_change(x, lang, text):
    assert fmt.change(x, lang) == text


@pytest.mark.parametrize(
    "fn,x,lang,text",
    [
        (fmt.pp, 3.1, "en", "3.1 percentage points"),
        (fmt.pp, 3.1, "zh", "3.1个百分点"),
        (fmt.pp_change, 3.14, "en", "up 3.1 percentage points"),
        (fmt.pp_change, -0.96, "zh", "下降1.0个百分点"),
        (fmt.pp_change, 0.01, "zh", "持平"),
        (fmt.count, 556000, "en", "556,000"),
        (fmt.count, 556000, "zh", "55.6万"),
        (fmt.count, 600000, "zh", "60万"),
        (fmt.count, 137, "zh", "137"),
        (fmt.over, 137, "en", "over 100"),
        (fmt.over, 137, "zh", "超过100"),
        (fmt.over, 645000, "en", "over 600,000"),
        (fmt.over, 100, "en", "100"),  # exactly 100 is not "over 100"
        (fmt.over, 7, "en", "7"),
    ],
)
def test_points_and_counts(fn, x, lang, text):
    assert fn(x, lang) == text


def test_lists_and_periods():
    cities = ["Shenzhen", "Guangzhou", "Jinhua", "Dongguan", "Ningbo"]
    assert fmt.join_list(cities) == "Shenzhen, Guangzhou, Jinhua, Dongguan and Ningbo"
    assert fmt.join_list(["深圳", "广州", "宁波"], "zh") == "深圳、广州和宁波"
    assert fmt.period_label("2025-01..2025-06", "zh") == "2025年上半年"
    assert fmt.period_label("2023-Q2") == "the second quarter of 2023"
    assert fmt.period_label("2023-03") == "March 2023"


def test_written_figures_carry_their_rounding():
    w = fmt.money(D("25454537240000"), "CNY")
    assert w == "CNY 25.45 trillion"
    assert w.rounded.value == D("25450000000000")
    assert w.rounded.low == D("25445000000000") and w.rounded.high == D("25455000000000")
    assert w.rounded.admits(D("25454537240000"))
    assert fmt.over(137).rounded.low == 100 and fmt.over(137).rounded.high == 200
    assert fmt.change(0.04).rounded.admits(-0.05) and not fmt.change(0.04).rounded.admits(0.051)


def test_independent_rounding_of_parts_is_within_rounding():
    # 2024 exports 25.45 + imports 18.39 = 43.84 vs published total 43.85 (GAC, 2025-01-13)
    x, m, t = (fmt.money(v, "CNY") for v in (D("25454537240000"), D("18392255340000"),
                                             D("43846792580000")))  # fmt: skip
    assert (x, m, t) == ("CNY 25.45 trillion", "CNY 18.39 trillion", "CNY 43.85 trillion")
    low = x.rounded.low + m.rounded.low
    high = x.rounded.high + m.rounded.high
    assert low <= t.rounded.high and high >= t.rounded.low


@pytest.mark.parametrize(
    "value,currency,lang,text",
    [
        (D("836228.99"), "USD", "en", "$0.84 million"),  # beside "$4.8 million"
        (D("350000"), "USD", "en", "$0.35 million"),
        (D("-350000"), "CNY", "en", "-CNY 0.35 million"),
        (D("4999.99"), "USD", "en", "$5,000"),  # reads 0.00: stays whole
        (D("5000"), "GBP", "en", "£0.01 million"),  # half up
        (D("4800000"), "USD", "en", "$4.8 million"),  # at or above the unit: as always
        (D("350000"), "CNY", "zh", "35.0万元"),  # Chinese: 万 as always
        (D("5000"), "CNY", "zh", "5,000元"),
    ],
)
def test_money_below_a_million_in_a_million_sentence(value, currency, lang, text):
    assert fmt.money(value, currency, lang, floor="million") == text


def test_the_floor_is_the_smallest_unit_when_amounts_straddle_it():
    assert fmt.sentence_floor([D("4770490.77"), D("836228.99")]) == "million"
    assert fmt.sentence_floor([D("43.85e12"), D("20000")]) == "million"
    assert fmt.sentence_floor([D("836228.99"), D("12345")]) is None  # all whole units
    assert fmt.sentence_floor([D("4.8e6"), D("2.1e9")]) is None  # all in units
    assert fmt.sentence_floor([D("4.8e6"), D("350000")], "zh") is None


SMALL_SPEC = {
    "id": "small",
    "title": {"en": "Trade in {{ period }}", "zh": "{{ period }}进出口"},
    "sections": [{"id": "s", "title": {"en": "S", "zh": "S"}, "statements": [
        {"id": "mixed",
         "queries": {"x": {"flow": "export"}, "m": {"flow": "import"}},
         "en": "Exports were {{ x.value|money }} and imports {{ m.value|money }}.",
         "zh": "出口{{ x.value|money }}，进口{{ m.value|money }}。"},
        {"id": "small",
         "queries": {"m": {"flow": "import"}},
         "en": "Imports were {{ m.value|money }}.",
         "zh": "进口{{ m.value|money }}。"},
    ]}],
}  # fmt: skip


def test_a_sentence_keeps_one_scale(tmp_path):
    """Exports CNY 4,800,000 and imports CNY 350,000 in one sentence: 'CNY 4.8 million'
    and 'CNY 0.35 million' (hand-computed); imports alone stay whole; Chinese in 万."""
    import tradestat
    from tradestat.report import build_bulletin

    csv = tmp_path / "t.csv"
    csv.write_text("period,flow,value,currency\n2023,X,4800000,CNY\n2023,M,350000,CNY\n")
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(csv, "t")
        en = build_bulletin(w, SMALL_SPEC, "t", "2023", lang="en")
        zh = build_bulletin(w, SMALL_SPEC, "t", "2023", lang="zh")
    mixed = "Exports were CNY 4.8 million and imports CNY 0.35 million."
    assert en.statement("mixed").text == mixed
    assert en.statement("small").text == "Imports were CNY 350,000."
    assert zh.statement("mixed").text == "出口480.0万元，进口35.0万元。"
    written = {f.text: f.rounding for f in en.figures}
    assert written["CNY 0.35 million"] == "2 decimals in million"  # the appendix says so
