"""Coverage per query: the months of the rows each query reads, on each side. Sides that
do not cover the same months give no growth, share change or contribution, and say
which span would be comparable; ``"coverage": "partial"`` computes them anyway."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.truth.conftest import workbook_sheet

GAP = ("2024-03", "2024-04")  # months whose export rows are missing


def monthly_frame():
    """National monthly values derived from the January-to-month columns, in yuan."""
    df = workbook_sheet("全国")
    rows = []
    for flow, column in (("X", "进口_年初至今"), ("M", "出口_年初至今")):  # labels swapped
        ytd = df.set_index("month")[column].astype("int64")
        prev = ytd.shift(1)
        for month, value in ytd.items():
            v = value if month.endswith("-01") else value - prev[month]
            rows.append({"period": month, "flow": flow, "value": Decimal(int(v)) * 10_000})
    import pandas as pd

    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def gappy(tmp_path_factory):
    import tradestat

    df = monthly_frame()
    df = df[~((df.flow == "X") & df.period.isin(GAP))]
    folder = tmp_path_factory.mktemp("gap")
    df.assign(currency="CNY").to_csv(folder / "gap.csv", index=False)
    w = tradestat.connect(folder / "w.duckdb")
    w.ingest(folder / "gap.csv", "gap")
    yield w, df
    w.close()


def _sum(df, flow, months):
    return sum(df[(df.flow == flow) & df.period.isin(months)].value, Decimal(0))


def H1(year):
    return [f"{year}-{m:02d}" for m in range(1, 7)]


def test_exports_missing_two_months_give_no_export_growth(gappy):
    w, _ = gappy
    r = w.query({"dataset": "gap", "period": "2025-H1", "flow": "export", "compare": ["growth"]})
    assert r.scalar("growth_pct") is None
    cov = r.provenance["coverage"]
    assert cov["comparable"] is False
    assert cov["base"]["months_missing"] == list(GAP)
    assert "compare 2025-01..2025-02 with 2024-01..2024-02" in cov["comparable_note"]
    assert any("growth not computed" in w for w in r.provenance["warnings"])


def test_a_single_comparable_month_is_named_as_a_period(gappy):
    w, _ = gappy
    q = {"dataset": "gap", "period": "2025-02..2025-04", "flow": "export", "compare": ["growth"]}
    note = w.query(q).provenance["coverage"]["comparable_note"]
    assert note.endswith(": compare 2025-02 with 2024-02"), note  # runnable as written


def test_partial_coverage_computes_it_anyway_and_says_so(gappy):
    w, df = gappy
    q = {"dataset": "gap", "period": "2025-H1", "flow": "export", "compare": ["growth"],
         "coverage": "partial"}  # fmt: skip
    r = w.query(q)
    cur, base = _sum(df, "X", H1(2025)), _sum(df, "X", H1(2024))
    assert r.scalar("growth_pct") == pytest.approx(float((cur - base) * 100 / base))
    assert round(r.scalar("growth_pct"), 2) == 61.08  # what was reported without a word
    assert any("computed anyway" in w for w in r.provenance["warnings"])


def test_the_flow_that_is_complete_keeps_its_growth(gappy):
    w, df = gappy
    r = w.query({"dataset": "gap", "period": "2025-H1", "flow": "import", "compare": ["growth"]})
    cur, base = _sum(df, "M", H1(2025)), _sum(df, "M", H1(2024))
    assert r.scalar("growth_pct") == pytest.approx(float((cur - base) * 100 / base))
    assert r.provenance["coverage"]["comparable"] is True


def test_a_total_missing_exports_in_a_month_is_not_complete(gappy):
    w, _ = gappy
    r = w.query({"dataset": "gap", "period": "2025-H1", "compare": ["growth"]})
    assert r.scalar("growth_pct") is None
    assert r.provenance["coverage"]["base"]["months_missing"] == list(GAP)


def test_a_comparable_span_of_the_same_query_works(gappy):
    w, df = gappy
    q = {"dataset": "gap", "period": "2025-01..2025-02", "flow": "export", "compare": ["growth"]}
    cur, base = _sum(df, "X", ["2025-01", "2025-02"]), _sum(df, "X", ["2024-01", "2024-02"])
    assert w.query(q).scalar("growth_pct") == pytest.approx(float((cur - base) * 100 / base))


def test_a_year_with_six_months_is_not_compared_with_a_full_year(gac):
    r = gac.query({"dataset": "gac_national", "period": "2025", "compare": ["growth"]})
    assert r.scalar("growth_pct") is None
    assert r.provenance["coverage"]["comparable_note"] == (
        "2025 has data for 2025-01..2025-06: compare 2025-01..2025-06 with 2024-01..2024-06"
    )


def test_spans_of_different_length_are_not_compared(gac):
    r = gac.query({"dataset": "gac_national", "period": "2025-Q1", "base_period": "2024-H1",
                   "compare": ["growth"]})  # fmt: skip
    assert r.scalar("growth_pct") is None
    assert (
        "has 3 month(s) and its base 2024-01..2024-06 6"
        in r.provenance["coverage"]["comparable_note"]
    )


def test_share_change_and_contribution_are_hidden_too(gac):
    q = {"dataset": "gac_national", "period": "2025", "by": ["flow"],
         "compare": ["share", "share_pp", "contribution"]}  # fmt: skip
    rows = gac.query(q).rows()
    assert all(r["share_pp"] is None and r["contribution_pp"] is None for r in rows)
    assert all(r["share_pct"] is not None for r in rows)  # a share compares no sides
