"""The set-based staging of the GAC, mapped and Comtrade formats (a batch read once into
DuckDB, mapped by SQL) stages exactly what their row-by-row ``read`` stages: the same
rows with the same ``_seq``, files, row numbers, reject fields, reasons and source text,
the same fields, notes and ignored columns; and an ingest stores the same facts and
rejects. The inputs include hostile cells (odd spaces, full-width digits, malformed
lines, total rows, unusual numbers) written here."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

import tradestat
from tests.adapters.conftest import FIX, MAPPINGS, SAMPLES
from tradestat.ingest.formats.base import get_adapter
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.readers.relations import one_utf8_header
from tradestat.ingest.stage import STAGE, create_stage, stage_files

BAD = Path(__file__).resolve().parents[1] / "bad_inputs"


def _staged(fmt: str, source: Path, options: dict, set_based: bool):
    con = duckdb.connect()
    try:
        adapter = get_adapter(fmt, IngestOptions(**options))
        if not set_based:
            adapter.stage_all = lambda *args: None  # the row-by-row path
        report = SourceReport()
        create_stage(con)
        present, seen = stage_files(con, adapter, adapter.list_files(source), report)
        cur = con.execute(f"SELECT * FROM {STAGE} ORDER BY _seq")
        names = [d[0] for d in cur.description]
        rows = [{k: v for k, v in zip(names, r, strict=True) if v is not None} for r in cur]
    except Exception as exc:  # the same refusal either way
        return type(exc).__name__, str(exc)
    finally:
        con.close()
    return present, seen, rows, report.notes, report.ignored_columns, report.encodings


def _same(fmt: str, source: Path, options: dict | None = None) -> None:
    fast = _staged(fmt, source, options or {}, True)
    slow = _staged(fmt, source, options or {}, False)
    assert fast == slow, f"{fmt} {source.name}"


def _hostile_gac(folder: Path) -> Path:
    head = (
        '"Date of data","Commodity code","Trading partner code","Customs Regime code",'
        '"Locations of importers and exporters code","Quantity","Unit","US dollar",'
        '"Renminbi Yuan",\n'
    )
    rows = [
        '"202601","29012920","110","10","44","81782","Kilogram","315,286","1,000",',
        '" 2026-1 ","\u3000290129\u00a0","121","10","4403","0","?","28,579","2",',
        '"2026年2月","01","999","10","99","1,234,567.5","千克","12","3",',
        '"Total","","","","","","","1000","4",',
        '"202601","29","110",10,"44","１,２３４","个","6","6",',
        "broken,line",
        '"202613","2901","110","10","44","-5","Kilogram","7","7",',
        '"202601","2901","Grand Total","10","44","5","?","x","8",',
        '"202601","2901","110","10","440300"," 12 ","?"," 9 ","9",',
    ]
    folder.mkdir()
    (folder / "a.csv").write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    other = head.replace('"Renminbi Yuan",', "")
    (folder / "b.csv").write_text(other + '"202602","2901","110","10","44","3","?","5",\n')
    return folder


def test_gac_fixtures_corpus_and_hostile_cells(tmp_path):
    _same("gac", FIX / "gac" / "english-full.csv", {"flow": "X"})
    _same("gac", FIX / "gac" / "chinese-full.csv", {"flow": "M", "period": "2026-01"})
    _same("gac", FIX / "gac", {"flow": "X", "period": "2026-01"})  # refused the same way
    for case in yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8")):
        if case.get("format") == "gac":
            _same("gac", BAD / "files" / case["file"], case.get("options") or {})
    _same("gac", _hostile_gac(tmp_path / "gac"), {"flow": "X"})
    # clean UTF-8 exports sharing one header: read by one DuckDB read_csv of them all
    clean = tmp_path / "clean"
    clean.mkdir()
    text = (tmp_path / "gac" / "a.csv").read_text(encoding="utf-8").replace("broken,line\n", "")
    (clean / "a.csv").write_text(text, encoding="utf-8")
    (clean / "b.csv").write_text("\ufeff" + text[: text.index("\n", 400) + 1], encoding="utf-8")
    assert one_utf8_header(sorted(clean.iterdir()), None) is not None
    _same("gac", clean, {"flow": "X"})


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_mapped_corpus_workbook_and_unusual_numbers(tmp_path):
    for case in yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8")):
        if case.get("format") == "mapped":
            options = dict(case.get("options") or {})
            if "mapping" in options:
                options["mapping"] = str(BAD / "files" / options["mapping"])
            _same("mapped", BAD / "files" / case["file"], options)
    book = SAMPLES / "gac-monthly-by-location.xlsx"
    for mapping in ("gac-monthly-national.yaml", "gac-monthly-by-location.yaml"):
        _same("mapped", book, {"mapping": str(MAPPINGS / mapping)})
    cumulative = _write(
        tmp_path / "cum.yaml",
        "version: 1\ncolumns: {period: 月份, partner: 国家}\nconstants: {currency: CNY}\n"
        "resolve: {partner: name}\nmultiply: {value: 亿元}\n"
        "wide: {field: flow, columns: {X: 出口累计, M: 进口累计}}\ncumulative: {resets: january}\n",
    )
    data = _write(
        tmp_path / "cum.csv",
        "月份,国家,出口累计,进口累计\n2024-01,韩国,10,5\n2024-02,韩国,25,9\n2024-03,韩国,24,14\n"
        "2024-04,韩国,30,20\n2024-01,EIRE,1,1\n2024-03,EIRE,3,3\n2024-02, 韩国 ,1e3,-0\n"
        '2024-05,韩国,x,１２\nbad,line,\n2024-06,韩国,"1,234.5",0.000000001\n'
        "2024-07,韩国,12345678901234567.12345678,+5\n",
    )
    _same("mapped", data, {"mapping": str(cumulative)})
    numbers = "月份,方向,金额\n2024-01,出口,1.5\n2024-01,进口,2\n2024-01,转口,3\n"
    numbers += "2024-01,出口,-0.0\n2024-01,,.5\n2024-01,出口,1_0\n2024-01,出口,99999999999999999\n"
    data = _write(tmp_path / "t.csv", numbers)
    for factor in ("万元", "1.5", "0.001", "12345"):  # 12345: by Decimal, not in SQL
        mapping = _write(
            tmp_path / "t.yaml",
            "version: 1\ncolumns: {period: 月份, flow: 方向, value: 金额}\n"
            f"translate: {{flow: {{出口: X, 进口: M}}}}\nmultiply: {{value: {factor}}}\n"
            "constants: {currency: CNY}\n",
        )
        _same("mapped", data, {"mapping": str(mapping)})


def _hostile_comtrade(tmp_path: Path) -> Path:
    sample = FIX / "comtrade" / "china-comtrade-sample.csv"
    with open(sample, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    edits = {
        1: ("qty", ["-3", "nan", "1_000", " 5 ", "abc", "0", ""]),
        2: ("netWgt", ["-1", "inf", "2e3", "", "0.0"]),
        3: ("cmdCode", ["01", " 0101 ", "total", "AG2"]),
        4: ("partnerCode", ["9999", " 0 ", ""]),
        5: ("flowCode", ["RX", "Q", "m"]),
        6: ("classificationCode", ["SITC", "H5", ""]),
    }
    for i, row in enumerate(rows):
        if i % 9 in edits:
            column, values = edits[i % 9]
            row[column] = values[i % len(values)]
    folder = tmp_path / "ct"
    folder.mkdir()
    for name, part in (("a.csv", rows), ("b.csv", rows[:50])):
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
            fh.write("broken,line\n")
    return folder


@pytest.mark.parametrize(
    "settings",
    [{}, {"keep": "total"}, {"perspective": "mirror"}, {"perspective": "all"},
     {"keep": "by_partner", "quantity": "netWgt"}, {"flows": "re"}],
)  # fmt: skip
def test_comtrade_settings_and_hostile_cells(tmp_path, settings):
    options = {"extra": settings} if settings else {}
    _same("comtrade", FIX / "comtrade" / "china-comtrade-sample.csv", options)
    _same("comtrade", _hostile_comtrade(tmp_path), options)


def _stored(w, dataset: str):
    facts = w.con.execute(
        f"SELECT * EXCLUDE (batch_id, record_key) FROM facts_{dataset} ORDER BY record_id, vintage"
    ).fetchall()
    rejects = w.con.execute(
        "SELECT file, row_number, field, reason, raw FROM rejects WHERE dataset = ? "
        "ORDER BY file, row_number, reason",
        [dataset],
    ).fetchall()
    return facts, rejects


def test_ingest_stores_the_same_facts_and_rejects(tmp_path, monkeypatch):
    folder = _hostile_gac(tmp_path / "gac")
    shutil.copy(FIX / "gac" / "english-full.csv", folder / "c.csv")
    out = []
    for set_based in (True, False):
        if not set_based:
            from tradestat.ingest.formats.gac.adapter import GacAdapter

            monkeypatch.setattr(GacAdapter, "stage_all", lambda *args: None)
        w = tradestat.connect(tmp_path / f"w{set_based}.duckdb")
        report = w.ingest(folder, "g", "gac", flow="X")
        out.append(((report.rows_read, report.rows_accepted, report.rows_rejected),
                    _stored(w, "g")))  # fmt: skip
        w.close()
    assert out[0] == out[1]
    (read, accepted, rejected), (facts, rejects) = out[0]
    assert read == accepted + rejected == len(facts) + len(rejects) and rejects and facts
