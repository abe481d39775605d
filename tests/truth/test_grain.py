"""Time grain: an annual or quarterly row stays a year or a quarter; queries finer than
the grain, or not aligned with it, are refused with the grain named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.truth.conftest import COMTRADE_TOTALS
from tradestat.errors import GrainError


def test_annual_rows_make_an_annual_dataset(annual):
    assert annual.dataset("cn_annual").time_grain == "year"
    assert annual.dataset_info("cn_annual")["time_grain"] == "year"


def test_cny_and_usd_growth_at_each_years_rate(annual, shared):
    """2022 on 2021: growth in CNY and in USD differ by the change of the annual rate (a
    December rate gave +15.2 % in CNY where USD growth is +5.2 %)."""
    import pandas as pd

    sheet = pd.read_excel(shared / "raw" / COMTRADE_TOTALS).set_index("period")
    rates = pd.read_csv(shared / "raw" / "fx-datasets" / "annual.csv")
    china = rates[rates.Country == "China"].set_index("Date")["Exchange rate"]

    def cny(year: int) -> float:
        rate = float(china[f"{year}-01-01"])
        return sum(round(float(sheet.loc[year, c]) * rate, 2) for c in ("X", "M"))

    usd = {y: float(sheet.loc[y, "X"] + sheet.loc[y, "M"]) for y in (2021, 2022)}
    q = {"dataset": "cn_annual", "period": "2022", "compare": ["growth"]}
    got_cny = annual.query(q).scalar("growth_pct")
    got_usd = annual.query({**q, "currency": "USD"}).scalar("growth_pct")
    assert got_cny == pytest.approx((cny(2022) / cny(2021) - 1) * 100, abs=1e-9)
    assert got_usd == pytest.approx((usd[2022] / usd[2021] - 1) * 100, abs=1e-9)
    assert round(got_usd, 1) == 5.2 and round(got_cny, 1) == 9.8
    assert annual.query({**q, "currency": "USD"}).provenance["money"]["conversion"] == (
        "none: every record is in USD"
    )
    money = annual.query(q).provenance["money"]
    assert money["conversion"] == "each record at its year's average rate"
    assert money["cny_per_usd"]["2022"] == pytest.approx(float(china["2022-01-01"]))


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"period": "2020-Q1"}, "dataset 'cn_annual' is annual: ask for '2020', not '2020-Q1'"),
        ({"period": "2020-06"}, "ask for '2020', not '2020-06'"),
        ({"period": "2020-07..2021-06"}, "ask for '2020..2021'"),
        ({"period": "2020", "by": ["month"]}, "is annual: it has no months"),
        ({"period": "2020", "by": ["quarter"]}, "is annual: it has no quarters"),
        ({"period": "2020", "base_period": "2019-H2"}, "not '2019-H2'"),
    ],
)
def test_queries_finer_than_a_year_are_refused(annual, query, words):
    with pytest.raises(GrainError) as info:
        annual.query({"dataset": "cn_annual", **query})
    assert words in str(info.value)


def test_years_break_down_by_year(annual, shared):
    import pandas as pd

    sheet = pd.read_excel(shared / "raw" / COMTRADE_TOTALS).set_index("period")
    rows = annual.query(
        {"dataset": "cn_annual", "period": "2019..2021", "by": ["year"], "currency": "USD",
         "flow": "export"}
    ).rows()  # fmt: skip
    assert {r["year"]: r["value"] for r in rows} == {
        str(y): Decimal(str(sheet.loc[y, "X"])) for y in (2019, 2020, 2021)
    }


def test_canonical_quarters_and_years(wh, tmp_path):
    src = tmp_path / "q.csv"
    src.write_text(
        "period,flow,value,currency\n2023-Q1,X,100,CNY\n2023-Q2,X,110,CNY\n"
        "2024-Q1,X,120,CNY\n2024Q2,X,121,CNY\n2024-05,X,5,CNY\n",
        encoding="utf-8",
    )
    report = wh.ingest(src, "quarterly")
    assert wh.dataset("quarterly").time_grain == "quarter"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (5, 4, 1)
    reject = wh.rejects("quarterly").to_pylist()[0]
    assert reject["row_number"] == 6 and reject["field"] == "period"
    assert "quarterly, so a period must be a quarter (use YYYY-Qn): 2024-05" in reject["reason"]
    r = wh.query({"dataset": "quarterly", "period": "2024-H1", "compare": ["growth"]})
    assert r.scalar() == Decimal(241) and r.scalar("growth_pct") == pytest.approx(
        (241 / 210 - 1) * 100
    )
    with pytest.raises(GrainError, match="is quarterly: ask for '2024-Q1', not '2024-01'"):
        wh.query({"dataset": "quarterly", "period": "2024-01"})
    year = tmp_path / "y.csv"
    year.write_text("period,flow,value,currency\n2023,M,7,CNY\n", encoding="utf-8")
    wh.ingest(year, "yearly")
    assert wh.dataset("yearly").time_grain == "year"


def test_a_declared_time_grain_refuses_other_periods(wh, tmp_path):
    wh.create_dataset("ct", ["period", "flow"], time_grain="year")
    src = tmp_path / "m.csv"
    src.write_text("period,flow,value,currency\n2020-03,X,1,USD\n2020,X,2,USD\n", "utf-8")
    report = wh.ingest(src, "ct")
    assert (report.rows_accepted, report.rows_rejected) == (1, 1)
    assert (
        "annual, so a period must be a year (use YYYY): 2020-03"
        in (wh.rejects("ct").to_pylist()[0]["reason"])
    )


def test_cli_names_the_grain(shared, tmp_path):
    from typer.testing import CliRunner

    from tests.truth.conftest import ANNUAL_MAPPING
    from tradestat.cli.main import app

    mapping = tmp_path / "annual.yaml"
    mapping.write_text(ANNUAL_MAPPING, encoding="utf-8")
    path = str(tmp_path / "w.duckdb")
    runner = CliRunner()
    source = str(shared / "raw" / COMTRADE_TOTALS)
    done = runner.invoke(app, ["ingest", source, "-d", "ct", "-f", "mapped", "--mapping",
                               str(mapping), "--warehouse", path])  # fmt: skip
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["query", '{"dataset": "ct", "period": "2020-Q1"}', "-w", path])
    assert done.exit_code == 2
    assert "is annual: ask for '2020', not '2020-Q1'" in done.output
    done = runner.invoke(app, ["datasets", "--warehouse", path, "--output", "json"])
    assert '"time_grain": "year"' in done.output
