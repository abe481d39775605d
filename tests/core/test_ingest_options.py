"""One function builds ingest options for every front end: the CLI, the REST upload,
the Python facade and the remote client's wire format give the same options for the
same typed values, and refuse the same bad ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.inprocess import run_cli
from tradestat.api import wire
from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions, ingest_options

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def test_typed_values_are_normalised():
    got = ingest_options(flow="x", currency="eur", vintage="2024-05-31", mapping="m.yaml")
    assert got == IngestOptions(
        flow="X", currency="EUR", vintage=date(2024, 5, 31), mapping=Path("m.yaml")
    )
    assert ingest_options() == IngestOptions()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"flow": "E"}, "--flow must be X (export) or M (import)"),
        ({"vintage": "31/05/2024"}, "--vintage must be a date YYYY-MM-DD, not '31/05/2024'"),
    ],
)
def test_bad_values_are_refused(values, message):
    with pytest.raises(IngestError) as exc:
        ingest_options(**values)
    assert str(exc.value) == message


def test_the_wire_format_round_trips_through_the_same_function():
    opts = ingest_options(flow="m", period="2024-02", vintage=date(2024, 3, 1), mapping="a.yaml")
    assert wire.options_from_dict(wire.options_dict(opts)) == opts


def test_facade_keywords_build_the_same_options(tmp_path):
    import tradestat

    src = tmp_path / "no_vintage.csv"
    src.write_text("period,flow,partner,value,currency\n2024-01,X,USA,10.50,USD\n")
    w = tradestat.connect(tmp_path / "w.duckdb")
    by_keywords = w.ingest(src, "a", currency="usd", vintage="2024-01-15")
    by_options = w.ingest(
        src, "b", options=IngestOptions(currency="USD", vintage=date(2024, 1, 15))
    )
    assert by_keywords.rows_accepted == by_options.rows_accepted == 1
    for table in ("facts_a", "facts_b"):
        stored = w.con.execute(f"SELECT vintage, currency FROM {table}").fetchall()
        assert stored == [(date(2024, 1, 15), "USD")]


def test_cli_shows_the_same_refusal(tmp_path):
    out = run_cli("ingest", FIX / "customs.csv", "--dataset", "x", "--flow", "E",
                  "--warehouse", tmp_path / "w.duckdb")  # fmt: skip
    assert out.returncode == 2
    assert "--flow must be X (export) or M (import)" in out.stderr
