"""The reporter field and dimension: many reporters in one dataset, a dataset's default
reporter, codes outside ISO 3166 (BLX), older warehouse files, disclosure control."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.adapters.conftest import FIX as ADAPTER_FIX
from tradestat.errors import DatasetError, GrainError

CORE = Path(__file__).resolve().parents[1] / "fixtures" / "core"
COMTRADE = ADAPTER_FIX / "comtrade" / "china-comtrade-sample.csv"

ROWS = [  # reporter as written, hs_code, value
    ("blx", "1704", "10.50"),
    ("BLX", "1806", "4.25"),
    (" deu ", "1704", "7.00"),
    ("Deu", "1806", "1.00"),
    ("aut", "1704", "2.00"),
]


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["period", "flow", "reporter", "hs_code", "value", "currency"])
        for rep, hs, value in rows:
            out.writerow(["1995", "X", rep, hs, value, "USD"])
    return path


def test_many_reporters_normalised_and_summed(wh, tmp_path):
    report = wh.ingest(_write(tmp_path / "r.csv", ROWS), "many")
    assert report.rows_accepted == 5 and report.rows_rejected == 0
    assert "reporter" in wh.dataset("many").grain
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for rep, _, value in ROWS:
        expected[rep.strip().upper()] += Decimal(value)
    got = wh.query({"dataset": "many", "period": "1995", "by": ["reporter"], "currency": "USD"})
    assert {r["reporter"]: r["value"] for r in got.rows()} == expected
    assert set(expected) == {"BLX", "DEU", "AUT"}  # BLX is not ISO 3166, and accepted
    # filters take any case, as partner filters do
    one = {"dataset": "many", "period": "1995", "where": {"reporter": ["blx"]}, "currency": "USD"}
    assert wh.query(one).scalar() == Decimal("14.75")
    # the same flow, code and period under two reporters are two records, not a revision
    assert wh.query({"dataset": "many", "period": "1995", "measure": "records"}).scalar() == 5


def test_bad_reporter_codes_are_rejected(wh, tmp_path):
    rows = [("12X", "1704", "1"), ("BE", "1704", "1"), ("ABCD", "1704", "1"), ("S19", "1704", "1")]
    report = wh.ingest(_write(tmp_path / "bad.csv", rows), "bad")
    assert report.rows_accepted == 1  # S19 (a Comtrade area code) is a trade-data code
    reasons = sorted(r["raw"] for r in wh.rejects("bad").to_pylist() if r["field"] == "reporter")
    assert len(reasons) == 3 and all(
        "not a reporter code" in r["reason"] for r in wh.rejects("bad").to_pylist()
    )


def test_default_reporter_of_a_single_reporter_dataset(wh):
    wh.ingest(CORE / "customs.csv", "customs", reporter="chn")
    ds = wh.dataset("customs")
    assert ds.reporter == "CHN" and "reporter" not in ds.grain
    q = {"dataset": "customs", "period": "2023"}
    total = wh.query(q).scalar()
    got = wh.query({**q, "by": ["reporter"]}).rows()
    assert [(r["reporter"], r["value"]) for r in got] == [("CHN", total)]
    assert wh.query({**q, "where": {"reporter": ["USA"]}}).scalar() in (None, 0)
    assert wh.dataset_info("customs")["reporter"] == "CHN"
    # a dataset keeps its default reporter: another one on a later ingest is refused
    with pytest.raises(Exception, match="reporter"):
        wh.ingest(CORE / "customs-revision.csv", "customs", reporter="USA")


def test_no_reporter_no_breakdown(wh):
    wh.ingest(CORE / "national.csv", "national")
    with pytest.raises(GrainError, match="reporter"):
        wh.query({"dataset": "national", "period": "2023", "by": ["reporter"]})
    with pytest.raises(DatasetError, match="reporter"):
        wh.update_dataset("national", reporter="CHINA")


def test_older_warehouse_file_keeps_working(tmp_path):
    """A file written before reporters existed: no reporter column in its facts or its
    dataset table. Read-only it answers as before; opened for writing it gets the
    column; a default reporter set later applies to the rows stored before."""
    import duckdb

    import tradestat

    path = tmp_path / "old.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(CORE / "customs.csv", "customs")
        q = {"dataset": "customs", "period": "2023", "by": ["partner"]}
        before = w.query(q).rows()
    con = duckdb.connect(str(path))
    con.execute('ALTER TABLE "facts_customs" DROP COLUMN reporter')
    con.execute("ALTER TABLE datasets DROP COLUMN reporter")
    con.close()
    with tradestat.connect(path, read_only=True) as w:
        assert w.query(q).rows() == before
        assert w.dataset("customs").reporter is None
    with tradestat.connect(path) as w:  # writable: the columns are added
        assert w.query(q).rows() == before
        w.update_dataset("customs", reporter="CHN")
        by_rep = w.query({"dataset": "customs", "period": "2023", "by": ["reporter"]}).rows()
        assert [r["reporter"] for r in by_rep] == ["CHN"]
        assert by_rep[0]["value"] == sum(r["value"] for r in before)
        report = w.ingest(CORE / "customs-revision.csv", "customs")  # revisions still match
        assert report.rows_revised > 0


def test_comtrade_perspective_all_keeps_every_reporter(wh):
    with COMTRADE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    kept = [
        r for r in rows
        if r["partnerCode"] != "0" and r["cmdCode"] != "TOTAL" and r["flowCode"] in ("X", "M")
        and r["partner2Code"] in ("0", "") and r["motCode"] in ("0", "")
        and r["customsCode"] in ("C00", "")
    ]  # fmt: skip
    report = wh.ingest(COMTRADE, "ct_all", "comtrade", extra={"perspective": "all"})
    assert report.rows_accepted == len(kept) and report.balanced
    assert "reporter" in wh.dataset("ct_all").grain
    expected: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in kept:
        expected[(r["reporterISO"], r["flowCode"])] += Decimal(r["primaryValue"])
    got = wh.query({"dataset": "ct_all", "period": "2024-Q1", "by": ["reporter", "flow"],
                    "currency": "USD"}).rows()  # fmt: skip
    assert {(r["reporter"], r["flow"]): r["value"] for r in got} == expected
    # the partner totals for 2024: filed by China and by 131 economies about China
    totals = [r for r in rows if r["cmdCode"] == "TOTAL" and r["partnerCode"] != "0"]
    wh.ingest(COMTRADE, "ct_rep", "comtrade", extra={"perspective": "all", "keep": "by_partner"})
    got = wh.query({"dataset": "ct_rep", "period": "2024", "by": ["reporter"], "flow": "import",
                    "where": {"partner": ["CHN"]}, "currency": "USD"}).rows()  # fmt: skip
    cent = Decimal("0.01")  # money is stored to the cent, half away from zero
    # Taiwan files as code 490 with ISO column "S19": resolved by its code, as partners are
    iso = {"490": "TWN"}
    want = {iso.get(r["reporterCode"], r["reporterISO"]):
            Decimal(r["primaryValue"]).quantize(cent, ROUND_HALF_UP)
            for r in totals if r["flowCode"] == "M"}  # fmt: skip
    assert len(want) > 100 and {r["reporter"]: r["value"] for r in got} == want


def test_comtrade_default_perspective_gives_the_dataset_its_reporter(wh):
    wh.ingest(COMTRADE, "ct", "comtrade")
    assert wh.dataset("ct").reporter == "CHN"
    assert "reporter" not in wh.dataset("ct").grain  # as before: one reporter, no column


def test_disclosure_applies_by_reporter(wh, tmp_path):
    """Cells by reporter are protected like any other: a reporter with fewer than 3
    enterprises is hidden, the smallest other one too (else the total minus the shown
    cells gives it away), the rest perturbed within the noise bounds."""
    path = tmp_path / "ent.csv"
    ents = {"AAA": ["e1", "e2"], "BBB": ["e3", "e4", "e5", "e6"], "CCC": ["e7", "e8", "e9"]}
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["period", "flow", "reporter", "enterprise_id", "value", "currency"])
        for rep, names in ents.items():
            for i, e in enumerate(names):
                value = 100 + 10 * i if rep != "CCC" else 10 + i
                out.writerow(["2023-01", "X", rep, e, f"{value}.00", "CNY"])
    wh.ingest(path, "ent")
    q = {"dataset": "ent", "period": "2023-01", "by": ["reporter"]}
    exact = {r["reporter"]: r["value"] for r in wh.query(q).rows()}
    assert exact == {"AAA": Decimal("210.00"), "BBB": Decimal("460.00"), "CCC": Decimal("33.00")}
    public = {r["reporter"]: r for r in wh.query(q, confidential=False).rows()}
    assert public["AAA"]["suppressed"] and public["AAA"]["value"] is None
    assert public["AAA"]["suppression"].startswith("primary")
    assert public["CCC"]["suppressed"] and public["CCC"]["suppression"].startswith("secondary")
    b = public["BBB"]
    assert not b["suppressed"] and b["value"] != exact["BBB"]
    assert abs(float(b["value"]) / 460 - 1) <= 0.25
