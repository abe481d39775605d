"""Formula injection: source text is stored verbatim, and neutralised (a leading ')
only where tradestat writes CSV for spreadsheets; numbers, negative ones included,
are written unchanged."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

import tradestat
from tests.inprocess import run_cli
from tradestat.export.spreadsheet_safe import safe_cell, safe_row

FILES = Path(__file__).resolve().parent / "files"
LINK = '=HYPERLINK("http://evil.example/x","click me")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (LINK, "'" + LINK),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("-12.5", "-12.5"),  # text that is only a number cannot run
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        ("", ""),
    ],
)
def test_text_cells(text: str, written: str) -> None:
    assert safe_cell(text) == written


def test_numbers_are_untouched() -> None:
    for number in (-5, -2.5, Decimal("-1234.50"), 0, 7):
        assert safe_cell(number) is number
    assert safe_row([None, -5, "=1"]) == ["", -5, "'=1"]


@pytest.fixture
def injected(tmp_path: Path):
    w = tradestat.connect(tmp_path / "w.duckdb")
    w.ingest(FILES / "canonical" / "formula_injection.csv", "d")
    yield w
    w.close()


def test_stored_verbatim_exported_neutralised(injected) -> None:
    stored = injected.con.execute(
        "SELECT enterprise_id, category, zone, order_id FROM facts_d WHERE record_id = 'x1'"
    ).fetchone()
    assert stored == (LINK, "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)")
    result = injected.query({"dataset": "d", "period": "2024-01", "by": ["category", "zone"]})
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert [(r["category"], r["zone"]) for r in rows] == [("'+cmd|' /C calc'!A0", "'-1+1")]
    assert Decimal(rows[0]["value"]) == Decimal("10.00")  # the figure itself is a number


def test_negative_figures_stay_numbers(tmp_path: Path) -> None:
    import pyarrow as pa

    from tradestat.engine.result import Result

    table = pa.table(
        {
            "category": ["-1+1", "toys"],
            "value": pa.array([Decimal("-1234.50"), Decimal("5.00")], pa.decimal128(18, 2)),
            "growth_pct": [-3.25, 1.0],
        }
    )
    rows = list(csv.reader(io.StringIO(Result(table).to_csv())))
    assert rows[1] == ["'-1+1", "-1234.50", "-3.25"]
    assert rows[2] == ["toys", "5.00", "1.0"]


def test_cli_rejects_csv_is_neutralised(tmp_path: Path) -> None:
    """A malformed line keeps its raw text in the rejects table; the CSV export of
    the rejects must not hand that text to a spreadsheet as a formula."""
    source = tmp_path / "bad.csv"
    source.write_text("period,flow,value\n2024-01,X,5\n=cmd|' /C calc'!A0\n", encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    with tradestat.connect(wh) as w:
        w.ingest(source, "d")
        raw = w.rejects("d").to_pylist()[0]["raw"]
    assert raw == "=cmd|' /C calc'!A0"  # stored verbatim
    out = run_cli("rejects", "d", "--output", "csv", "--warehouse", wh, check=True)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["raw"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["row_number"] == "3"


def test_xlsx_export_is_neutralised_like_csv(injected) -> None:
    import openpyxl

    from tradestat.export.results import xlsx

    result = injected.query({"dataset": "d", "period": "2024-01", "by": ["category", "zone"]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx(result)))
    rows = list(book["result"].iter_rows(values_only=True))
    assert rows[0] == ("category", "zone", "value (CNY)")
    assert rows[1][:2] == ("'+cmd|' /C calc'!A0", "'-1+1")
    assert rows[1][2] == 10  # the figure itself is a number
    cells = [c for row in book["result"].iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)  # no cell is a formula
