"""`tradestat demo` end to end: bundled samples → warehouse → headline figures → bulletins.

Headline figures are checked against the workbook read with plain pandas: the
January-to-month columns (labels swapped in the source: 进口 holds exports) in 万元.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from tests.inprocess import run_cli
from tradestat.demo import sample_path

WAN = Decimal(10_000)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    pytest.importorskip("weasyprint")
    done = run_cli("demo", "--out", out)  # in-process; the wheel test runs it as a process
    assert done.returncode == 0, done.stderr
    return out, done.stdout


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    df = pd.read_excel(sample_path("gac-monthly-by-location.xlsx"), sheet_name="全国")
    return df.set_index("时间")


def _ytd(national: pd.DataFrame, month: str) -> Decimal:
    row = national.loc[month]
    return (Decimal(int(row["进口_年初至今"])) + Decimal(int(row["出口_年初至今"]))) * WAN


def test_demo_prints_the_headline_figures(demo, national):
    _, stdout = demo
    # auto-scaled as any query's table, and as the README quotes them (CNY 43.85 trillion)
    trillion = lambda v: f"{(v / 10**12).quantize(Decimal('0.01'), ROUND_HALF_UP)}"  # noqa: E731
    assert "value (CNY trillion)" in stdout
    total_2024 = _ytd(national, "2024-12")
    assert trillion(total_2024) == "43.85" and "43.85" in stdout
    h1, h1_base = _ytd(national, "2025-06"), _ytd(national, "2024-06")
    assert trillion(h1) in stdout and trillion(h1_base) in stdout
    assert f"{float((h1 / h1_base - 1) * 100):,.2f}" in stdout  # growth 2.93


def test_demo_writes_warehouse_and_bulletins(demo):
    out, stdout = demo
    import tradestat

    with tradestat.connect(str(out / "demo.duckdb"), read_only=True) as w:
        datasets = w.datasets()
        assert {d.name for d in datasets} == {"gac_national", "gac_regions", "cn_annual",
                                              "cn_partners", "retail", "synthetic"}  # fmt: skip
        assert all(d.published for d in datasets)  # `make serve` answers read keys
        batches = w.batches().to_pylist()
        assert all(b["rows_read"] == b["rows_accepted"] + b["rows_rejected"] for b in batches)
    for spec in ("customs-gac_national-2025-H1", "customs-cn_annual-2023",
                 "customs-synthetic-2024", "platform-retail-2011-09_2011-11"):  # fmt: skip
        for lang in ("en", "zh"):
            html = (out / f"{spec}-{lang}.html").read_text(encoding="utf-8")
            assert "<html" in html.lower()
            pdf = (out / f"{spec}-{lang}.pdf").read_bytes()
            assert pdf.startswith(b"%PDF")
    assert "21.79" in (out / "customs-gac_national-2025-H1-en.html").read_text(encoding="utf-8")
    assert "skipped" not in stdout


# --- the full release on the synthetic declarations ---------------------------------
SECTIONS = ("overview", "products", "enterprises", "partners", "places")


def _latest_2024(out, where: str = "TRUE") -> Decimal:
    """Plain DuckDB SQL over the generated Parquet files: each record's latest vintage,
    2024, net of returns (their values are negative)."""
    import duckdb

    files = str(out / "synthetic" / "declarations-*.parquet")
    sql = f"""
        SELECT sum(value) FROM (
            SELECT *, row_number() OVER (PARTITION BY record_id ORDER BY vintage DESC) AS r
            FROM read_parquet('{files}'))
        WHERE r = 1 AND year(period) = 2024 AND {where}"""
    return Decimal(str(duckdb.sql(sql).fetchall()[0][0]))


def test_demo_writes_the_full_release_on_synthetic_declarations(demo):
    import tradestat
    from tradestat.report import build_bulletin

    out, _ = demo
    with tradestat.connect(str(out / "demo.duckdb"), read_only=True) as w:
        b = build_bulletin(w, "customs", ["synthetic"], "2024")
        # every statement kind of a customs release is there, none left out
        assert [st.id for st in b.statements() if st.left_out] == []
        assert [sec.id for sec in b.sections if sec.shown][: len(SECTIONS)] == list(SECTIONS)
        total = b.statement("totals").runs["total"].result.rows()[0]["value"]
        private = b.statement("private").runs["private"].result.rows()[0]
    assert Decimal(str(total)) == _latest_2024(out)
    assert Decimal(str(private["value"])) == _latest_2024(out, "enterprise_type = 'private'")
    share = float(_latest_2024(out, "enterprise_type = 'private'")) / float(_latest_2024(out))
    assert private["share_pct"] == pytest.approx(100 * share)
    # calibrated to the published 2024 total (GAC: CNY 43.85 trillion)
    assert "CNY 43.85 trillion" in b.text


def test_every_bulletin_on_synthetic_data_says_so(demo):
    out, _ = demo
    for lang, words in (("en", "Synthetic data"), ("zh", "合成数据")):
        html = (out / f"customs-synthetic-2024-{lang}.html").read_text(encoding="utf-8")
        header = html.split("</header>")[0]
        assert words in header and "synthetic" in header
        real = (out / f"customs-gac_national-2025-H1-{lang}.html").read_text(encoding="utf-8")
        assert words not in real


# --- a year on annual tables: China's totals, the partners' mirror figures ----------
def _members_2023(group: str = "bri") -> set[str]:
    from importlib import resources

    import yaml

    path = resources.files("tradestat.reference") / "data" / "partner_groups" / f"{group}.yaml"
    members = yaml.safe_load(path.read_text(encoding="utf-8"))["members"]
    return {m["member"] for m in members
            if (m["valid_from"] is None or str(m["valid_from"]) <= "2023-12-31")
            and (m["valid_to"] is None or str(m["valid_to"]) > "2023-12-31")}  # fmt: skip


def test_the_annual_release_reads_totals_and_partners_from_two_real_tables(demo):
    import tradestat
    from tradestat.report import build_bulletin

    out, _ = demo
    totals = pd.read_csv(sample_path("china-annual-totals.csv"))
    mirror = pd.read_csv(sample_path("china-partners-mirror.csv"))
    with tradestat.connect(str(out / "demo.duckdb"), read_only=True) as w:
        b = build_bulletin(w, "customs", ["cn_annual", "cn_partners"], "2023")
    # totals from China's own table, in US dollars as filed
    usd = b.statement("totals").runs["total_usd"].result.rows()[0]["value"]
    assert float(usd) == pytest.approx(totals[totals["period"] == 2023]["value"].sum(), abs=0.01)
    assert b.statement("totals").dataset == "cn_annual" and "($5.94 trillion in US dollar" in b.text
    # ... its monthly chart left out (an annual table has no months), with the reason
    assert b.statement("totals").chart is None
    assert any(n.text.startswith("totals.chart: ") for n in b.notes if n.kind == "left_out")
    # partners from the mirror table: the Belt and Road share of its own total
    year = mirror[mirror["period"] == 2023]
    share = year[year["partner"].isin(_members_2023())]["value"].sum() / year["value"].sum()
    bri = b.statement("belt_and_road")
    assert bri.dataset == "cn_partners"
    assert bri.runs["bri"].result.rows()[0]["share_pct"] == pytest.approx(100 * share)
    assert f"{100 * share:.1f}% of the total" in bri.text
    # the EU and the US from the mirror table, without the last-quarter clause (an
    # annual table has none), which the appendix names; the chart of the ten largest
    partners = b.statement("major_partners")
    assert partners.dataset == "cn_partners" and "trade with the EU was" not in partners.text
    by_partner = year.groupby("partner")["value"].sum()
    eu, us = by_partner[by_partner.index.isin(_members_2023("eu"))].sum(), by_partner["USA"]
    got = {n: partners.runs[n].result.rows()[0]["value"] for n in ("eu", "us")}
    assert float(got["eu"]) / float(got["us"]) == pytest.approx(eu / us, rel=1e-9)
    top = [r["partner"] for r in partners.runs["top"].result.rows()]
    assert top == list(by_partner.sort_values(ascending=False).index[:10])
    notes = [n.text for n in b.notes if n.kind == "left_out"]
    assert any(t.startswith("major_partners.eu_q: ") for t in notes)
    assert not any(t.startswith("major_partners: ") for t in notes)
    for lang, words in (("en", "Mirror data"), ("zh", "镜像数据")):
        html = (out / f"customs-cn_annual-2023-{lang}.html").read_text(encoding="utf-8")
        assert words in html.split("</header>")[0]
        real = (out / f"customs-gac_national-2025-H1-{lang}.html").read_text(encoding="utf-8")
        assert words not in real


# --- publishable text -------------------------------------------------------------
def test_every_word_of_the_chinese_demo_bulletins_is_chinese(demo):
    from tests.report.latin import latin_words

    out, _ = demo
    datasets = ("gac_national", "gac_regions", "cn_annual", "cn_partners", "retail", "synthetic")
    for page in sorted(out.glob("*-zh.html")):
        words = latin_words(page.read_text(encoding="utf-8"), datasets)
        assert not words, (page.name, words)


def test_the_platform_report_names_items_and_splits_domestic_sales(demo):
    import html
    import re

    out, _ = demo
    page = (out / "platform-retail-2011-09_2011-11-en.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<svg.*?</svg>", "", page, flags=re.S)))
    # the item names are the source's own descriptions of the leading stock codes
    items = pd.read_parquet(
        sample_path("online-retail.parquet"), columns=["StockCode", "Description"]
    )
    rabbit = items[items.StockCode == "23084"].Description.mode()[0]
    assert rabbit == "RABBIT NIGHT LIGHT"
    assert "led by Rabbit night light, Paper chain kit 50's Christmas and" in text
    reader = re.sub(r"<pre>.*?</pre>|<code>.*?</code>|<[^>]+>", "", page, flags=re.S)
    assert "23084" not in reader  # only in the appendix's code: the query and exact value
    assert "Cross-border sales, to buyers outside the United Kingdom, were $" in text
    assert "domestic sales, to buyers in the United Kingdom, were $" in text
    assert "The largest buyer markets were the United Kingdom, " in text
