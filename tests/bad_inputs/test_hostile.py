"""Hostile files, each generated here: every one ends in bounded time with a clear
message naming the file, row and field, and read = accepted + rejected."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tradestat.errors import IngestError

HEADER = "record_id,period,flow,partner,value,quantity"


def rows(n: int, start: int = 1) -> list[str]:
    return [f"r{i},2023-01,X,USA,{i}.00,{i * 10}" for i in range(start, start + n)]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def unchanged(wh) -> None:
    assert not wh.datasets()  # a refused file leaves the warehouse as it was


def test_xlsx_declaring_the_whole_sheet_is_bounded(wh, tmp_path):
    """<dimension ref="A1:XFD1048576"/> with a cell at XFD1048576 (1.6 KB) hung ingest."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["r1", "2023-01", "X", "USA", 5, 1])
    sheet["XFD1048576"] = "x"
    path = tmp_path / "huge.xlsx"
    book.save(path)
    assert path.stat().st_size < 10_000
    with pytest.raises(IngestError, match=r"cell XFD1048576 is beyond column 1,000"):
        wh.ingest(path, "d", format="mapped", mapping=str(mapping(tmp_path)))
    unchanged(wh)


def mapping(folder: Path) -> Path:
    path = folder / "m.yaml"
    path.write_text("version: 1\ncolumns:\n" + "".join(f"  {c}: {c}\n" for c in HEADER.split(",")))
    return path


def test_a_hundred_thousand_columns_are_refused(wh, tmp_path):
    header = HEADER + "," + ",".join(f"c{i}" for i in range(100_000))
    path = write(tmp_path / "wide.csv", [header, rows(1)[0] + "," * 100_000])
    with pytest.raises(IngestError, match=r"100,006 columns, more than the 1,000"):
        wh.ingest(path, "d")
    unchanged(wh)


def test_the_batch_log_keeps_a_bounded_report():
    from tradestat.ingest.pipeline import bounded

    report = {"notes": [f"note {i}" for i in range(100_000)], "message": "x" * 1_000_000}
    kept = bounded(report)
    assert len(kept["notes"]) == 101 and kept["notes"][-1] == "... 99,900 more"
    assert len(kept["message"]) < 2_100 and "1,000,000 characters" in kept["message"]


def test_a_stray_opening_quote_is_reported_and_its_rows_counted(wh, tmp_path):
    lines = [HEADER, *rows(1_000)]
    lines[4] = 'r4,2023-01,X,"USA,4.00,40'  # row 5 of the file opens a quote, never closed
    report = wh.ingest(write(tmp_path / "quote.csv", lines), "d")
    assert report.rows_read == 1_000 == report.rows_accepted + report.rows_rejected
    assert (report.rows_accepted, report.rows_rejected) == (3, 997)
    rejects = wh.rejects("d").to_pylist()
    assert rejects[0]["row_number"] == 5 and "runs across 996 more line(s)" in rejects[0]["reason"]
    assert [r["row_number"] for r in rejects] == list(range(5, 1_002))
    assert rejects[1]["reason"] == "swallowed by the open quote of row 5"
    assert rejects[1]["raw"] == "r5,2023-01,X,USA,5.00,50"


def test_a_quote_closed_rows_later_rejects_the_rows_between(wh, tmp_path):
    lines = [HEADER, *rows(20)]
    lines[4] = 'r4,2023-01,X,"USA,4.00,40'
    lines[8] = 'r8,2023-01,X,USA",8.00,80'  # closes it: one record over rows 5-9
    report = wh.ingest(write(tmp_path / "quote2.csv", lines), "d")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (20, 15, 5)
    assert [r["row_number"] for r in wh.rejects("d").to_pylist()] == [5, 6, 7, 8, 9]
    # the rows after it keep their own row numbers
    bad = write(tmp_path / "quote3.csv", [*lines[:12], "r11,2023-01,X,USA,oops,1"])
    wh.ingest(bad, "e")
    assert [r["row_number"] for r in wh.rejects("e").to_pylist()][-1] == 13


def test_a_repeated_header_with_swapped_columns_refuses_the_file(wh, tmp_path):
    swapped = "record_id,period,flow,partner,quantity,value"
    path = write(tmp_path / "two.csv", [HEADER, *rows(5), swapped, *rows(5, 6)])
    with pytest.raises(IngestError, match=r"two.csv: row 7 repeats the header .* another order"):
        wh.ingest(path, "d")
    unchanged(wh)
    # the same header again, in the same order, is that one bad row
    same = write(tmp_path / "same.csv", [HEADER, *rows(5), HEADER, *rows(5, 6)])
    report = wh.ingest(same, "d")
    assert (report.rows_accepted, report.rows_rejected) == (10, 1)
    assert wh.rejects("d").to_pylist()[0]["row_number"] == 7


def test_odd_periods_vintages_and_values(wh, tmp_path):
    lines = [
        "record_id,period,flow,partner,value,vintage",
        "a1,epoch,X,USA,1.00,2024-01-01",
        "a2,2023-01,X,USA,1.00,epoch",
        "a3,2023-01,X,USA,1.00,1899-12-31",
        "a4,2023-05,X,USA,1.00,2023-02-01",
        "a5,2023-01,X,USA,1_000,2024-01-01",
        "a6,2023-01,X,USA,1.005,2024-01-01",
        "a7,2023-01,X,USA,1e-5,2024-01-01",
        "     ",
        "a8,2023-01,X,USA,2.00,2024-01-01",
        "a9,infinity,X,USA,2.00,2024-01-01",
    ]
    report = wh.ingest(write(tmp_path / "odd.csv", lines), "d", vintage=None)
    assert report.rows_read == report.rows_accepted + report.rows_rejected == 10
    got = {r["row_number"]: (r["field"], r["reason"]) for r in wh.rejects("d").to_pylist()}
    assert got == {
        2: ("period", "not a month (use YYYY-MM): epoch"),
        3: ("vintage", "not a date (YYYY-MM-DD): epoch"),
        4: ("vintage", "before 1900: 1899-12-31"),
        5: ("vintage", "before its own period 2023-05: 2023-02-01"),
        6: ("value", "not a number: 1_000"),
        9: ("(row)", "expected 6 fields, found 1"),
        11: ("period", "not a month (use YYYY-MM): infinity"),
    }
    assert any(
        "2 value(s) had more than 2 decimals" in n and "row 7" in n and "1.005 -> 1.01" in n
        for n in report.notes
    ), report.notes


def test_nul_bytes_past_the_first_4_kb_name_the_row(wh, tmp_path):
    lines = [HEADER, *rows(300)]
    lines[250] = "r250,2023-01,X,US\x00A,250.00,1"
    path = write(tmp_path / "nul.csv", lines)
    assert path.read_bytes().index(b"\x00") > 4096
    with pytest.raises(IngestError, match=r"nul.csv: row 251 holds a NUL byte"):
        wh.ingest(path, "d")
    unchanged(wh)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
def test_a_fifo_or_a_device_as_source_is_refused(wh, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for source in (fifo, Path("/dev/zero")):
        with pytest.raises(IngestError, match="not a regular file"):
            wh.ingest(source, "d")
    unchanged(wh)


def test_utf16_suggests_the_encoding(wh, tmp_path):
    text = "\n".join([HEADER, *rows(3)]) + "\n"
    for name, enc in (("bom.csv", "utf-16"), ("le.csv", "utf-16-le")):
        path = tmp_path / name
        path.write_bytes(text.encode(enc))
        with pytest.raises(IngestError, match=r"UTF-16 .* pass --encoding utf-16"):
            wh.ingest(path, "d")
    report = wh.ingest(tmp_path / "bom.csv", "d", encoding="utf-16")
    assert report.rows_accepted == 3
