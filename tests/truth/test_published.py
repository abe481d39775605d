"""Published figures (``../shared/data/published-figures.csv``) reproduced from the data
they were computed from, at the published rounding; each expected value is also
computed independently with plain pandas on the raw file.

Figures checked here and why the others are not:
- 2024 total, exports, imports; H1 2025 total and growth: the GAC monthly workbook
  (bundled), from its January-to-month columns.
- 2020 total (CNY 32.16 trn): China's annual USD totals filed with Comtrade, converted
  at the year's average rate.
- Not reproducible from the data at hand (listed in ``NOT_REPRODUCIBLE`` with the reason);
  a new published row must be added to one list or the other.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.truth.conftest import COMTRADE_TOTALS, workbook_sheet

TRILLION = Decimal(10) ** 12
SUBSETS = (
    "2023-electromech-x", "2023-laborint-x", "2023-newthree-x", "2023-ships-x",
    "2023-appliances-x", "2023-enterprises", "2023-private-count", "2023-private",
    "2023-bri", "2023-rcep", "2023-latam", "2023-africa", "2023-eu", "2023-us",
    "2023-ftz", "2023-cbec", "2024-bri",
)  # fmt: skip
NOT_REPRODUCIBLE = {
    "2020-cbec": "no cross-border e-commerce table",
    "2020-cbec-usd": "no cross-border e-commerce table",
    "2020-cbec-x": "no cross-border e-commerce table",
    "2020-platform-gmv": "platform figure; no platform data for 2019-2020",
    "2020-platform-orders": "platform figure; no platform data for 2019-2020",
    "2020-platform-countries-doubled": "platform figure; no platform data for 2019-2020",
    # GAC converts each declaration at its month's rate; annual USD totals at the year's
    # average give 42.46 (2022), 42.04 (2023), 23.93 (2023 exports), 17.99 -> 18.10 ...
    "2022-total-first": "annual USD totals only: GAC's CNY figure is the sum of CNY declarations",
    "2023-total": "annual USD totals only (and growth on GAC's revised base)",
    "2023-x": "annual USD totals only",
    "2023-m": "annual USD totals only",
    **{k: "no table of that subset (product or partner group, enterprises, zone)" for k in SUBSETS},
}
CHECKED = ("2024-total", "2024-x", "2024-m", "2025h1-total", "2020-total")


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_every_published_figure_is_checked_or_explained(published):
    assert set(published) == set(CHECKED) | set(NOT_REPRODUCIBLE)


def _workbook_ytd(month: str, column: str) -> Decimal:
    """A January-to-month value of the national sheet, in yuan (the sheet is in 万元)."""
    df = workbook_sheet("全国")
    return Decimal(int(df.loc[df.month == month, column].iloc[0])) * 10_000


@pytest.mark.parametrize(
    ("fig_id", "flow", "column"),
    [
        ("2024-total", "total", "进出口_年初至今"),
        ("2024-x", "export", "进口_年初至今"),  # the workbook's labels are swapped
        ("2024-m", "import", "出口_年初至今"),
    ],
)
def test_2024_totals(gac, published, fig_id, flow, column):
    fig = published[fig_id]
    got = gac.query({"dataset": "gac_national", "period": "2024", "flow": flow}).scalar()
    if flow == "total":  # the 进出口 column is X + M as printed (may differ by a rounding unit)
        expected = _workbook_ytd("2024-12", "进口_年初至今") + _workbook_ytd(
            "2024-12", "出口_年初至今"
        )
    else:
        expected = _workbook_ytd("2024-12", column)
    assert got == expected
    assert rounded(got / TRILLION, decimals(fig["value"])) == Decimal(fig["value"])


def test_first_half_2025_and_its_growth(gac, published):
    fig = published["2025h1-total"]
    r = gac.query({"dataset": "gac_national", "period": "2025-H1", "compare": ["growth"]})
    row = r.rows()[0]
    cur = _workbook_ytd("2025-06", "进口_年初至今") + _workbook_ytd("2025-06", "出口_年初至今")
    base = _workbook_ytd("2024-06", "进口_年初至今") + _workbook_ytd("2024-06", "出口_年初至今")
    assert row["value"] == cur and row["base_value"] == base
    assert row["growth_pct"] == pytest.approx(float((cur - base) * 100 / base))
    assert rounded(row["value"] / TRILLION, 2) == Decimal(fig["value"])
    assert rounded(Decimal(str(row["growth_pct"])), 1) == Decimal(fig["growth_pct"])
    assert r.provenance["coverage"]["comparable"] is True


def test_2020_total_from_annual_usd_at_the_years_average_rate(annual, published, shared):
    import pandas as pd

    sheet = pd.read_excel(shared / "raw" / COMTRADE_TOTALS)
    rates = pd.read_csv(shared / "raw" / "fx-datasets" / "annual.csv")
    rate = float(rates[(rates.Country == "China") & (rates.Date == "2020-01-01")].iloc[0, 2])
    row = sheet[sheet.period == 2020].iloc[0]
    # each row converted at the year's rate and rounded to the fen, as ingest does
    expected = sum(Decimal(str(round(float(Decimal(str(row[c]))) * rate, 2))) for c in ("X", "M"))
    got = annual.query({"dataset": "cn_annual", "period": "2020"}).scalar()
    assert got == expected
    fig = published["2020-total"]
    assert rounded(got / TRILLION, 2) == Decimal(fig["value"])  # 32.16, not 32.23 (January)
    assert annual.query({"dataset": "cn_annual", "period": "2020", "currency": "USD"}).scalar() == (
        Decimal(str(row["X"])) + Decimal(str(row["M"]))
    )
