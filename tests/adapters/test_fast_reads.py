"""A Comtrade download or a mapped table of one clean UTF-8 file is read by DuckDB's
``read_csv``; whatever the file, that stages exactly what the row-numbering reader
stages (rows, sequence, rows' numbers, rejects, reasons, notes, ignored columns,
encodings, refusals). Hostile files written here: spaces beside quotes, a source column
named like the reader's own, a blank column name, a header lacking a required column."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb
import pytest

from tests.adapters.conftest import FIX
from tradestat.ingest.formats.base import get_adapter
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.stage import STAGE, create_stage, stage_files

FAST = {
    "mapped": "tradestat.ingest.formats.mapped.relation._read_clean",
    "comtrade": "tradestat.ingest.formats.comtrade.relation.read_clean",
}
MAPPING = (
    "version: 1\ncolumns: {period: month, partner: country, value: amount, flow: dir, "
    "hs_code: hs, enterprise_id: %s}\nconstants: {currency: CNY}\n"
)


def _stage(fmt: str, source: Path, options: dict, fast: bool, monkeypatch) -> tuple:
    module, name = FAST[fmt].rsplit(".", 1)
    original = getattr(importlib.import_module(module), name)
    used: list[int] = []

    def spy(*args):
        n = original(*args) if fast else 0
        used.append(n)
        return n

    con = duckdb.connect()
    with monkeypatch.context() as m:
        m.setattr(FAST[fmt], spy)
        try:
            adapter = get_adapter(fmt, IngestOptions(**options))
            report = SourceReport()
            create_stage(con)
            present, seen = stage_files(con, adapter, adapter.list_files(source), report)
            cur = con.execute(f"SELECT * FROM {STAGE} ORDER BY _seq")
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        except Exception as exc:  # the same refusal either way
            return ("refused", type(exc).__name__, str(exc)), used
    staged = (rows, sorted(present), sorted(seen), report.notes, report.ignored_columns)
    return (*staged, report.encodings), used


def _same(fmt, source, options, monkeypatch, fast_expected: bool) -> tuple:
    slow, _ = _stage(fmt, source, options, False, monkeypatch)
    fast, used = _stage(fmt, source, options, True, monkeypatch)
    assert fast == slow
    assert bool(used and used[0]) == fast_expected
    return slow


@pytest.mark.parametrize(
    "body, fast",
    [
        ("2024-01,USA,100,X,8501,E1\n2024-02,JPN,200,M,8502,E2\n", True),
        ('2024-01, "USA",100,X,8501,E1\n2024-02,JPN, "2,000",M,8502,E2\n', False),
        ('2024-03,"KOR" ,300,X,8503,E3\n', False),
        ('2024-03,KOR,300,X,8503,"E, "\n', True),  # the space is inside the quotes
    ],
)
def test_mapped_spaces_beside_quotes(tmp_path, monkeypatch, body, fast):
    table = tmp_path / "t.csv"
    table.write_text("month,country,amount,dir,hs,firm\n" + body)
    (tmp_path / "m.yaml").write_text(MAPPING % "firm")
    _same("mapped", table, {"mapping": str(tmp_path / "m.yaml")}, monkeypatch, fast)


@pytest.mark.parametrize("column", ["_file", "_seq", "_row", "_path"])
def test_mapped_column_named_like_the_readers_own(tmp_path, monkeypatch, column):
    table = tmp_path / "t.csv"
    table.write_text(f"month,country,amount,dir,hs,{column}\n2024-01,USA,100,X,8501,E1\n")
    (tmp_path / "m.yaml").write_text(MAPPING % column)
    staged = _same("mapped", table, {"mapping": str(tmp_path / "m.yaml")}, monkeypatch, False)
    if column != "_row":  # the file-by-file path refuses a column _row, as before
        assert staged[0][0]["enterprise_id"] == "E1"


def test_mapped_blank_column_name_is_listed_as_ignored(tmp_path, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_text("month,,country,amount,dir,hs,firm,note\n2024-01,x,USA,100,X,8501,E1,n\n")
    (tmp_path / "m.yaml").write_text(MAPPING % "firm")
    staged = _same("mapped", table, {"mapping": str(tmp_path / "m.yaml")}, monkeypatch, True)
    assert staged[4] == {"t.csv": ["", "note"]}


def _comtrade(tmp_path: Path, edit) -> Path:
    lines = (FIX / "comtrade" / "china-comtrade-sample.csv").read_text().splitlines()
    path = tmp_path / "ct.csv"
    path.write_text("\n".join(edit(lines)) + "\n")
    return path


def test_comtrade_sample_and_a_spaced_quote(tmp_path, monkeypatch):
    clean = _comtrade(tmp_path, lambda lines: lines)
    _same("comtrade", clean, {}, monkeypatch, True)
    spaced = _comtrade(tmp_path, lambda lines: [lines[0], lines[1].replace(",", ', "x",', 1)])
    _same("comtrade", spaced, {}, monkeypatch, False)


def test_comtrade_header_lacking_a_column_is_judged_as_before(tmp_path, monkeypatch):
    def drop_cmd_code(lines):
        header = lines[0].split(",")
        i = header.index("cmdCode")
        return [",".join(h for j, h in enumerate(header) if j != i), "a,b", "c,d"]

    staged = _same("comtrade", _comtrade(tmp_path, drop_cmd_code), {}, monkeypatch, False)
    assert staged[0] != "refused"  # two malformed lines, rejected with their rows
