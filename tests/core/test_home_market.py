"""A breakdown by partner that lists the reporter itself (a shop's home buyers, goods
coming back) says so: read as a table of countries, that row would pass for exports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import tradestat

PLATFORM = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "platform.csv"
BY_PARTNER = {"dataset": "shop", "period": "2011", "flow": "export", "by": ["partner"]}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    w = tradestat.connect(tmp_path_factory.mktemp("home") / "w.duckdb")
    w.ingest(PLATFORM, "shop", home_currency="GBP", reporter="GBR")
    w.ingest(PLATFORM, "unplaced", home_currency="GBP")  # no reporter: no home market
    yield w
    w.close()


def _partners() -> set[str]:
    with PLATFORM.open(encoding="utf-8") as f:
        return {r["partner"] for r in csv.DictReader(f) if r["period"].startswith("2011")}


def test_the_reporter_among_the_partners_is_named(shop):
    assert "GBR" in _partners() and len(_partners()) > 1  # the fixture has both kinds
    r = shop.query(BY_PARTNER)
    assert "GBR" in r.table.column("partner").to_pylist()
    said = r.provenance["notes"]
    assert len(said) == 1 and "partner GBR is the reporter itself" in said[0]
    assert '{"exclude": {"partner": ["GBR"]}}' in said[0]


def test_a_note_for_reading_not_a_coverage_warning(shop):
    # the figures are complete: bulletins and coverage checks take no notice of it
    r = shop.query(BY_PARTNER)
    assert r.provenance["notes"] and not r.provenance["warnings"]
    by_group = shop.query({**BY_PARTNER, "by": ["partner_group"]})
    assert "notes" not in by_group.provenance  # a group's value is not judged


def test_no_note_when_the_home_market_is_left_out_or_unknown(shop):
    cross = shop.query({**BY_PARTNER, "exclude": {"partner": ["GBR"]}})
    assert "GBR" not in cross.table.column("partner").to_pylist()
    total = shop.query({k: v for k, v in BY_PARTNER.items() if k != "by"})
    unplaced = shop.query({**BY_PARTNER, "dataset": "unplaced"})
    assert all("notes" not in r.provenance for r in (cross, total, unplaced))


def test_asked_for_by_name_it_is_on_purpose(shop):
    home = shop.query({**BY_PARTNER, "where": {"partner": ["GBR", "FRA"]}})
    assert "GBR" in home.table.column("partner").to_pylist()
    assert "notes" not in home.provenance


def test_a_dataset_of_many_reporters_is_judged_row_by_row(tmp_path):
    # CHN -> USA is China's exports to the US; USA -> CHN, the US's exports to China:
    # trade with another country, though CHN is the dataset's default reporter
    rows = [("CHN", "USA", 10), ("USA", "CHN", 90), ("USA", "DEU", 5), ("CHN", "CHN", 3),
            ("USA", "USA", 7)]  # fmt: skip
    src = tmp_path / "many.csv"
    src.write_text("period,flow,reporter,partner,value,currency\n" + "".join(
        f"2023-01,X,{r},{p},{v},CNY\n" for r, p, v in rows), encoding="utf-8")  # fmt: skip
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(src, "many", reporter="CHN")
        q = {"dataset": "many", "period": "2023-01", "by": ["partner"]}
        assert "notes" not in w.query(q).provenance  # whose market is it? not judged
        us = w.query({**q, "where": {"reporter": ["USA"]}})
        assert {r["partner"]: r["value"] for r in us.rows()} == {"CHN": 90, "DEU": 5, "USA": 7}
        assert us.provenance["notes"][0].startswith("partner USA is the reporter itself")
        both = w.query({**q, "by": ["reporter", "partner"]})
        same = sorted(r["partner"] for r in both.rows() if r["partner"] == r["reporter"])
        assert same == ["CHN", "USA"]
        assert both.provenance["notes"][0].startswith(
            "partners CHN, USA are their rows' own reporters"
        )
        assert '{"exclude": {"partner": ["CHN", "USA"]}}' in both.provenance["notes"][0]


def test_the_cli_prints_it_beside_the_table(tmp_path):
    import json

    from tests.inprocess import run_cli

    with tradestat.connect(tmp_path / "w.duckdb") as w:  # closed: the CLI opens the file
        w.ingest(PLATFORM, "shop", home_currency="GBP", reporter="GBR")
    done = run_cli("query", json.dumps(BY_PARTNER), "--warehouse", tmp_path / "w.duckdb",
                   check=True)  # fmt: skip
    assert "note: partner GBR is the reporter itself" in done.stderr
    assert "GBR" in done.stdout
