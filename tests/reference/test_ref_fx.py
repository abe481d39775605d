"""Exchange rates: packaged FRED rates, direction check, user overrides."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from tests.reference._raw import read_rows
from tradestat import reference
from tradestat.reference import ReferenceError, UnknownCode, fx_rate, fx_rates


def test_china_rates_equal_the_source(raw):
    rows = [r for r in read_rows(raw / "fx-datasets/monthly.csv") if r["Country"] == "China"]
    assert len(rows) == 546  # SOURCES.md
    for r in rows:
        assert fx_rate("CNY", date.fromisoformat(r["Date"])) == float(r["Exchange rate"])


def test_monthly_average_matches_the_annual_file(raw):
    annual = {
        r["Date"][:4]: float(r["Exchange rate"])
        for r in read_rows(raw / "fx-datasets/annual.csv")
        if r["Country"] == "China"
    }
    for year in ("2020", "2023", "2024"):
        mean = statistics.fmean(fx_rate("CNY", date(int(year), m, 1)) for m in range(1, 13))
        assert abs(mean - annual[year]) < 0.01


def test_fred_cny_agrees_with_the_imf_daily_rates(raw):
    rows = read_rows(raw / "partner-mirror-imf-fx/exchange-rates.csv", delimiter=";")
    june = [float(r["CNY"]) for r in rows if r["Date"].endswith("Jun-2015") and r["CNY"]]
    assert len(june) > 15  # dates look like 05-Jun-2015
    # IMF's representative rate for CNY is the PBoC central parity (6.116 in June 2015); FRED
    # has New York market rates (6.205): same direction and magnitude, about 1.5 % apart
    assert abs(statistics.fmean(june) / fx_rate("CNY", date(2015, 6, 1)) - 1) < 0.02


def test_every_series_is_units_per_usd(raw):
    # the data package README says GBP, EUR, AUD, NZD, IEP are USD per unit: they are not
    assert fx_rate("GBP", date(2011, 1, 1)) == 0.6336  # value in monthly.csv
    assert 0.6 < fx_rate("EUR", date(2015, 6, 1)) < 1.0  # EUR was worth more than a dollar
    assert 90 < fx_rate("JPY", date(2015, 6, 1)) < 130
    assert 6 < fx_rate("CNY", date(2015, 6, 1)) < 7
    assert fx_rate("USD", date(2015, 6, 1)) == 1.0
    countries = {r["Country"] for r in read_rows(raw / "fx-datasets/monthly.csv")}
    assert len(countries) == 34  # 33 kept (Venezuela left out), plus USD itself
    assert len(set(fx_rates().column("currency").to_pylist())) == 34


def test_table_shape():
    import pyarrow as pa

    table = fx_rates()
    assert table.schema.field("period").type == pa.date32()
    assert table.schema.field("per_usd").type == pa.float64()
    keys = list(
        zip(table.column("currency").to_pylist(), table.column("period").to_pylist(), strict=True)
    )
    assert len(keys) == len(set(keys))
    assert all(p.day == 1 for _, p in keys)
    with pytest.raises(UnknownCode):
        fx_rate("EUR", date(1990, 1, 1))  # no euro before 1999
    with pytest.raises(UnknownCode):
        fx_rate("XYZ", date(2020, 1, 1))


@pytest.fixture
def fx_dir(tmp_path, monkeypatch):
    (tmp_path / "fx").mkdir()
    monkeypatch.setenv("TRADESTAT_REFERENCE_PATH", str(tmp_path))
    reference.clear_caches()
    return tmp_path / "fx"


def test_user_rates_take_precedence(fx_dir):
    (fx_dir / "customs.csv").write_text("currency,period,per_usd\nCNY,2024-01,7.1\n", "utf-8")
    assert fx_rate("CNY", date(2024, 1, 20)) == 7.1
    assert fx_rate("CNY", date(2024, 2, 1)) != 7.1


def test_inverted_user_rates_fail_loudly(fx_dir):
    (fx_dir / "bad.csv").write_text("currency,period,per_usd\nGBP,2024-01-01,1.27\n", "utf-8")
    with pytest.raises(ReferenceError, match="wrong way round") as info:
        fx_rate("GBP", date(2024, 1, 1))
    assert "bad.csv" in str(info.value) and "GBP" in str(info.value)


def test_bad_user_rows(fx_dir):
    (fx_dir / "bad.csv").write_text("currency,period,per_usd\nCNY,2024/01,7.1\n", "utf-8")
    with pytest.raises(ReferenceError, match="line 2"):
        fx_rates()


def test_the_rate_maps_equal_the_rate_tables():
    """The engine reads plain dicts (no Arrow built from Python, so no pandas import);
    the tables other parts register hold the same rates."""
    from tradestat import reference

    t = reference.fx_rates().to_pydict()
    monthly = dict(zip(zip(t["currency"], t["period"], strict=True), t["per_usd"], strict=True))
    assert reference.fx_monthly_map() == monthly
    a = reference.fx_annual_rates().to_pydict()
    annual = dict(zip(zip(a["currency"], a["year"], strict=True), a["per_usd"], strict=True))
    assert reference.fx_annual_map() == annual and ("CNY", 2020) in annual
