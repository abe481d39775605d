"""Markdown snapshots, self-contained HTML, Markdown with chart files, and charts."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

EXPECTED = Path(__file__).parent / "expected"
UPDATE = os.environ.get("TRADESTAT_UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize(
    "name,args",
    [
        ("customs_en", ("customs", "customs", "2023", "en")),
        ("customs_zh", ("customs", "customs", "2023", "zh")),
        ("platform_en", ("platform", "platform", "2011", "en")),
    ],
)
def test_markdown_snapshot(bulletins, name, args):
    """The whole Markdown, appendix included, compared exactly with the committed file.
    It also depends on reference data (names, exchange rates): after a reference update,
    review the diff and rerun with TRADESTAT_UPDATE_SNAPSHOTS=1."""
    text = bulletins(*args).to_markdown()
    path = EXPECTED / f"{name}.md"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_html_is_self_contained(customs_zh, cjk_font):
    page = customs_zh.to_html()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\((?!#)", page)  # only in-page references: url(#clip)
    assert "<link" not in page and "<script" not in page
    assert page.count("<svg") == len(customs_zh.charts()) == 5
    assert '<html lang="zh-Hans">' in page


def test_html_links_every_figure_to_the_appendix(customs_en):
    page = customs_en.to_html()
    for f in customs_en.figures:
        assert f'href="#fig-{f.number}"' in page and f'id="fig-{f.number}"' in page
    assert 'id="q-totals.total"' in page
    assert "CNY 2.87 trillion</a>" in page


def test_write_markdown_with_chart_files(platform_en, tmp_path):
    path = platform_en.write(tmp_path / "report.md")
    charts = sorted(p.name for p in (tmp_path / "report_charts").iterdir())
    assert charts == ["gmv.svg", "top_buyers.svg"]
    assert "![Monthly transaction volume (USD) and growth year on year](report_charts/gmv.svg)" in (
        path.read_text(encoding="utf-8")
    )


def test_charts_are_deterministic_svg(bulletins, cjk_font):
    from tradestat.report.charts import draw

    b = bulletins("customs", "customs", "2023", "zh")
    st = b.statement("totals")
    one = draw(st.chart, st.runs["monthly"], "CNY", "zh")
    two = draw(st.chart, st.runs["monthly"], "CNY", "zh")
    assert one == two and one.startswith("<svg") and "<metadata>" not in one
    assert "<text" not in one  # text is drawn as outlines: no font needed to view it


def test_unknown_suffix(customs_en, tmp_path):
    from tradestat.report import ReportError

    with pytest.raises(ReportError, match=r"\.md, \.html or \.pdf"):
        customs_en.write(tmp_path / "x.docx")


def test_growth_words_name_an_explicit_base(bulletins):
    """'year on year' / 同比 only when the base is the same span a year earlier."""
    default = bulletins("platform", "platform", "2011").to_markdown()
    assert "orders, up 1.1% year on year." in default
    en = bulletins("platform", "platform", "2011-H2", "en", "2011-H1").to_markdown()
    assert "year on year" not in en
    assert "on the first half of 2011" in en
    zh = bulletins("platform", "platform", "2011-H2", "zh", "2011-H1").to_markdown()
    assert "同比" not in zh and "比2011年上半年" in zh
    same = bulletins("platform", "platform", "2011", "en", "2010").to_markdown()
    assert "year on year" in same  # an explicit base a year earlier is still year on year


def test_a_monthly_chart_names_the_base_its_growth_is_measured_on(bulletins):
    """Each month of 2011-H2 is compared with the month 6 months earlier: the chart's
    title and its growth axis both say so (not 'year-on-year')."""
    from tradestat.report.charts import _base_offset, _growth_axis

    en = bulletins("platform", "platform", "2011-H2", "en", "2011-H1")
    title = en.statement("gmv").chart.title["en"]
    assert title == "Monthly transaction volume (USD) and growth vs 6 months earlier"
    assert _growth_axis("en", _base_offset(en)) == "growth vs 6 months earlier (%)"
    zh = bulletins("platform", "platform", "2011-H2", "zh", "2011-H1")
    assert zh.statement("gmv").chart.title["zh"] == "月度交易额（美元）及比6个月前增速"
    assert _growth_axis("zh", _base_offset(zh)) == "比6个月前增速(%)"
    year = bulletins("platform", "platform", "2011")
    assert year.statement("gmv").chart.title["en"].endswith("and growth year on year")
    assert _growth_axis("en", _base_offset(year)) == "year-on-year growth (%)"
    # the growth of each month is against the month 6 earlier, as the axis says
    from tests.report import expected as E

    orders = E.platform()
    july = en.statement("gmv").runs["monthly"].result.rows()[0]
    assert july["month"] == "2011-07"
    assert july["value"] == E.in_usd(E.months(orders, "2011-07", "2011-07"), "GBP")
    assert july["base_value"] == E.in_usd(E.months(orders, "2011-01", "2011-01"), "GBP")
