"""The GAC workbook's printed year-on-year columns (当月同比, 年初至今同比: growth of
the values printed beside them) recomputed by tradestat from the values."""

from __future__ import annotations

import pytest

from tests.truth.conftest import WORKBOOK, workbook_sheet

SINGLE_MONTH = """version: 1
description: GAC national trade, single-month columns (as first published), CNY
source:
  sheet: 全国
columns:
  period: 时间
constants:
  currency: CNY
wide:
  field: flow
  value: value
  columns:
    X: 进口_当月   # the workbook's labels are swapped
    M: 出口_当月
multiply:
  value: 万元
"""
MONTHS_2025 = [f"2025-{m:02d}" for m in range(1, 7)]
FLOWS = {"export": "进口", "import": "出口"}  # tradestat flow -> column prefix holding it


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    import tradestat

    folder = tmp_path_factory.mktemp("yoy")
    (folder / "single.yaml").write_text(SINGLE_MONTH, encoding="utf-8")
    w = tradestat.connect(folder / "w.duckdb")
    w.ingest(WORKBOOK, "single", "mapped", mapping=folder / "single.yaml")
    yield w
    w.close()


@pytest.mark.parametrize("month", MONTHS_2025)
@pytest.mark.parametrize("flow", list(FLOWS))
def test_single_month_growth_matches_the_printed_column(single, month, flow):
    df = workbook_sheet("全国")
    printed = float(df.loc[df.month == month, f"{FLOWS[flow]}_当月同比"].iloc[0]) * 100
    got = single.query(
        {"dataset": "single", "period": month, "flow": flow, "compare": ["growth"]}
    ).scalar("growth_pct")
    assert got == pytest.approx(printed, abs=1e-9)


@pytest.mark.parametrize("month", MONTHS_2025)
@pytest.mark.parametrize("flow", [*FLOWS, "total"])
def test_january_to_month_growth_matches_the_printed_column(gac, month, flow):
    """Months derived from the cumulative columns add up to the January-to-month totals,
    so the growth of 2025-01..month is the printed 年初至今同比."""
    df = workbook_sheet("全国")
    column = {**FLOWS, "total": "进出口"}[flow] + "_年初至今同比"
    printed = float(df.loc[df.month == month, column].iloc[0]) * 100
    period = f"2025-01..{month}"
    got = gac.query(
        {"dataset": "gac_national", "period": period, "flow": flow, "compare": ["growth"]}
    ).scalar("growth_pct")
    # the printed total column is rounded to whole 万元 apart from X + M
    assert got == pytest.approx(printed, abs=1e-6 if flow == "total" else 1e-9)
