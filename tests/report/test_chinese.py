"""Every word of a Chinese bulletin is Chinese: the sentences, the reasons a statement
was left out, coverage notes, check names and details, rounding rules and the appendix.
Identifiers (dataset, query and field names) are shown as code, and codes are allowed."""

from __future__ import annotations

import pytest

from tests.report.latin import latin_words

CASES = [
    ("customs", "customs", "2023"),  # every statement answered
    ("customs", "national", "2023"),  # most statements left out: the grain lacks fields
    ("customs", "national", "2022-07..2023-06"),  # months missing on the base side
    ("platform", "platform", "2011"),  # a statement left out for want of seller places
    ("platform", "platform", "2010"),  # a base year without data: not comparable
]


@pytest.mark.parametrize("spec,dataset,period", CASES)
def test_the_chinese_bulletin_has_no_english_words(bulletins, spec, dataset, period):
    b = bulletins(spec, dataset, period, "zh")
    words = latin_words(b.to_html(), b.datasets)
    assert not words, words


def test_reasons_and_notes_say_in_chinese_what_the_english_says(bulletins):
    en = bulletins("customs", "national", "2023", "en")
    zh = bulletins("customs", "national", "2023", "zh")
    assert [n.statements for n in en.notes] == [n.statements for n in zh.notes]
    notes = {n.statements[0]: n.text for n in zh.notes if n.kind == "left_out"}
    # dataset 'national' has no enterprise_type (grain: period, flow), so it cannot
    # answer by 'enterprise_type' (query 'private')
    assert notes["private"] == (
        "`private`：数据集`national`没有企业性质（粒度：统计期、流向），无法按企业性质回答"
        "（查询`private`）"
    )
    assert "企业数需要按企业记录的数据，数据集`national`没有" in notes["enterprise_count"]
    md = zh.to_markdown()
    assert "- 未列入：`private`：数据集`national`没有企业性质" in md


def test_coverage_warnings_in_chinese(bulletins):
    zh = bulletins("customs", "national", "2022-07..2023-06", "zh")
    page = zh.to_html()
    assert "基期2021-07..2022-06缺少6个月的数据：2021-07、2021-08" in page


def test_check_details_and_rounding_rules_in_chinese(bulletins):
    zh = bulletins("customs", "customs", "2023", "zh")
    checks = {c.name: c for c in zh.checks}
    total = checks["加总：`exports` + `imports`对`total`"]
    assert total.detail == "1.92万亿元 + 9,550.0亿元 = 2.87万亿元，在修约范围内一致"
    growth = checks["增速：`total`"]
    # (2,871.5 - 2,556.7) / 2,556.7 bn in the fixture = 12.3127 %
    assert (
        growth.detail
        == "“增长12.3%”：(2871500000000.00 − 2556700000000.00) ÷ 2556700000000.00 = 12.3127%"
    )
    page = zh.to_html()
    assert "以万亿为单位，保留2位小数" in page and "百分数，保留1位小数" in page
    assert "within rounding" not in page and "not written" not in page


def test_a_pair_of_rates_going_the_same_way_names_the_direction_once(customs_zh):
    text = customs_zh.statement("regions").text
    exact = {f.source.ref: f.exact for f in customs_zh.figures}
    latam, africa = exact["regions.latam.growth_pct"], exact["regions.africa.growth_pct"]
    assert latam > 0 and africa > 0  # the fixture's pair: both rise
    assert f"分别增长{latam:.1f}%和{africa:.1f}%。" in text
    assert text.count("增长") == 1
