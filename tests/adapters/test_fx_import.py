"""tradestat fx import: FRED and IMF rate files into fx_rates_user, with a direction check."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from tests.adapters.conftest import FIX
from tradestat.ingest.fx.importer import import_fx

FRED = FIX / "fx" / "fred-monthly-2010-2012.csv"
IMF = FIX / "fx" / "imf-daily-2010-2011.csv"


def stored(wh, currency: str) -> dict[date, float]:
    rows = (
        wh.cursor()
        .execute("SELECT period, per_usd FROM fx_rates_user WHERE currency = ?", [currency])
        .fetchall()
    )
    return dict(rows)


def test_imf_daily_rates_averaged_to_months(wh):
    daily = defaultdict(list)
    with open(IMF, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row["CNY"]:
                month = datetime.strptime(row["Date"], "%d-%b-%Y").date().replace(day=1)
                daily[month].append(float(row["CNY"]))
    report = import_fx(wh, IMF, "imf")
    assert {s.currency for s in report.imported} == {"CNY", "JPY", "KRW"}
    assert "USD column is 1 throughout: not stored" in report.notes
    got = stored(wh, "CNY")
    assert got.keys() == daily.keys() and len(got) == 24
    for month, values in daily.items():
        assert got[month] == pytest.approx(statistics.fmean(values), rel=1e-12)


def test_fred_rates_per_usd_despite_the_readme_and_venezuela_refused(wh):
    report = import_fx(wh, FRED, "fred")
    result = {s.label: s for s in report.series}
    assert {k: v.status for k, v in result.items()} == {
        "China": "imported", "Euro": "imported", "United Kingdom": "imported",
        "Venezuela": "refused",
    }  # fmt: skip
    assert result["United Kingdom"].quoted == "per USD"  # the README says USD per pound
    assert "redenominated" in result["Venezuela"].reason
    with open(FRED, encoding="utf-8", newline="") as fh:
        uk = {r["Date"]: float(r["Exchange rate"]) for r in csv.DictReader(fh)
              if r["Country"] == "United Kingdom"}  # fmt: skip
    assert stored(wh, "GBP")[date(2011, 1, 1)] == uk["2011-01-01"] == 0.6336


def test_declaring_a_per_usd_series_inverted_is_refused(wh):
    report = import_fx(wh, FRED, "fred", invert=["GBP"])
    [uk] = [s for s in report.series if s.currency == "GBP"]
    assert uk.status == "refused" and "declared USD per unit" in uk.reason
    assert stored(wh, "GBP") == {}


def test_fred_native_series_quoted_usd_per_pound_are_inverted(wh, tmp_path):
    with open(FRED, encoding="utf-8", newline="") as fh:
        uk = [(r["Date"], float(r["Exchange rate"])) for r in csv.DictReader(fh)
              if r["Country"] == "United Kingdom"]  # fmt: skip
    path = tmp_path / "EXUSUK.csv"
    path.write_text("observation_date,EXUSUK\n" + "".join(
        f"{d},{1 / v:.4f}\n" for d, v in uk), encoding="utf-8")  # fmt: skip
    report = import_fx(wh, path)
    assert [s.quoted for s in report.series] == ["USD per unit (inverted)"]
    got = stored(wh, "GBP")
    assert got[date(2011, 1, 1)] == pytest.approx(0.6336, rel=1e-3)


def test_anchor_check_for_currencies_without_packaged_rates(wh, tmp_path):
    path = tmp_path / "try.csv"
    path.write_text("Date;TRY;RUB\n02-Jan-2019;5.30;69.5\n03-Jan-2019;5.45;0.0145\n",
                    encoding="utf-8")  # fmt: skip
    report = import_fx(wh, path, "imf")
    result = {s.currency: s for s in report.series}
    assert result["TRY"].status == "imported" and "anchors 2019-01" in result["TRY"].checked
    assert result["RUB"].status == "refused"  # two days quoted opposite ways: mean fits neither
    path.write_text("Date;XAF\n02-Jan-2019;570\n", encoding="utf-8")
    [xaf] = import_fx(wh, path, "imf").series
    assert xaf.status == "refused" and "--no-check" in xaf.reason
    [xaf] = import_fx(wh, path, "imf", check=False).series
    assert xaf.status == "imported"


def test_imported_rates_convert_later_ingests(wh, tmp_path):
    import_fx(wh, IMF, "imf")
    rate = stored(wh, "CNY")[date(2011, 1, 1)]
    path = tmp_path / "one.csv"
    path.write_text("period,flow,value,currency\n2011-01,X,1000000,CNY\n", encoding="utf-8")
    wh.ingest(path, "one", "canonical")
    usd = wh.query({"dataset": "one", "period": "2011-01", "currency": "USD"}).scalar()
    assert usd == round(Decimal(1_000_000) / Decimal(repr(rate)), 2)
    assert rate != 6.5964  # the packaged FRED rate of that month is not the one used


def _two_batches(folder, prefix: str) -> list:
    """Two one-row files of CNY 1,000,000 in January 2011, records {prefix}1 and {prefix}2."""
    paths = []
    for i in (1, 2):
        path = folder / f"{prefix}{i}.csv"
        path.write_text("period,flow,value,currency,record_id\n"
                        f"2011-01,X,1000000,CNY,{prefix}{i}\n", encoding="utf-8")  # fmt: skip
        paths.append(path)
    return paths


def test_rates_imported_between_batches_convert_the_next_batch(wh, tmp_path):
    """Ingest keeps its rates for the connection's next batches only while the
    warehouse's own rates are unchanged: a batch before an import converts at the
    packaged rate, the next one on the same connection at the imported rate."""
    rows = _two_batches(tmp_path, "r")
    wh.ingest(rows[0], "two", "canonical")
    import_fx(wh, IMF, "imf")
    wh.ingest(rows[1], "two", "canonical")
    usd = dict(wh.cursor().execute("SELECT record_id, value_usd FROM facts_two").fetchall())
    rate = stored(wh, "CNY")[date(2011, 1, 1)]
    assert usd["r2"] == round(Decimal(1_000_000) / Decimal(repr(rate)), 2)
    assert usd["r1"] == round(Decimal(1_000_000) / Decimal("6.5964"), 2) != usd["r2"]


def test_reference_rates_changed_between_batches_convert_the_next_batch(wh, tmp_path, monkeypatch):
    """The rates kept for the next batch follow the reference rates too: a user rate file
    put on TRADESTAT_REFERENCE_PATH (and the caches cleared) converts the next batch."""
    from tradestat import reference

    paths = _two_batches(tmp_path, "c")
    wh.ingest(paths[0], "three", "canonical")
    (tmp_path / "ref" / "fx").mkdir(parents=True)
    (tmp_path / "ref" / "fx" / "mine.csv").write_text(
        "currency,period,per_usd\nCNY,2011-01,7.5\n", encoding="utf-8"
    )
    monkeypatch.setenv("TRADESTAT_REFERENCE_PATH", str(tmp_path / "ref"))
    reference.clear_caches()
    try:
        wh.ingest(paths[1], "three", "canonical")
    finally:
        monkeypatch.delenv("TRADESTAT_REFERENCE_PATH")
        reference.clear_caches()
    usd = dict(wh.cursor().execute("SELECT record_id, value_usd FROM facts_three").fetchall())
    assert usd["c2"] == round(Decimal(1_000_000) / Decimal("7.5"), 2)
    assert usd["c1"] == round(Decimal(1_000_000) / Decimal("6.5964"), 2)


def test_cli_import_and_list(tmp_path):
    from tradestat.cli.fx_cmd import app

    runner = CliRunner()
    w = str(tmp_path / "w.duckdb")
    result = runner.invoke(app, ["import", str(FRED), "--format", "fred", "-w", w])
    assert result.exit_code == 0, result.output
    assert "3 series imported, 1 refused" in " ".join(result.output.split())
    listed = runner.invoke(app, ["list", "-w", w, "--output", "csv"])
    assert listed.exit_code == 0 and "GBP,36,2010-01,2012-12" in listed.output
    bad = tmp_path / "x.csv"
    bad.write_text("Date;XAF\n02-Jan-2019;570\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "-w", w])
    assert result.exit_code == 2 and "no series imported" in result.output
