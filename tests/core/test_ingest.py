"""Ingest of the canonical format: validation, rejects, idempotence, revisions, atomicity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tradestat
from tradestat.errors import IngestError
from tradestat.ingest import commit

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def test_bad_rows_are_rejected_with_file_row_field_and_reason(wh):
    report = wh.ingest(FIX / "bad.csv", "bad")
    assert report.rows_read == 12
    assert (report.rows_accepted, report.rows_rejected) == (2, 10)
    assert report.balanced
    rejects = {r["row_number"]: r for r in wh.rejects("bad").to_pylist()}
    # expected field per source row (header = row 1), read off bad.csv by hand
    expected = {
        3: "period", 4: "flow", 5: "partner", 6: "value", 7: "value", 8: "hs_code",
        9: "record_id", 11: "(row)", 12: "currency", 13: "period",
    }  # fmt: skip
    assert {row: r["field"] for row, r in rejects.items()} == expected
    assert all(r["file"] == "bad.csv" for r in rejects.values())
    assert "2023-13" in rejects[3]["reason"]
    assert "in the future" in rejects[13]["reason"]
    assert "row 2" in rejects[9]["reason"]  # the duplicate names the first occurrence
    assert "ABC" in rejects[5]["raw"]
    # the thousands separator row was accepted with its exact value
    total = wh.query({"dataset": "bad", "period": "2023-01..2023-03"}).scalar()
    assert str(total) == "1334.50"


def test_same_file_twice_adds_nothing(wh):
    first = wh.ingest(FIX / "customs.csv", "customs")
    second = wh.ingest(FIX / "customs.csv", "customs")
    assert first.status == "ok" and second.status == "skipped"
    rows = wh.con.execute("SELECT count(*) FROM facts_customs").fetchall()[0][0]
    assert rows == first.rows_accepted == 27


def test_same_rows_in_another_file_are_rejected_as_already_stored(wh, tmp_path):
    wh.ingest(FIX / "customs.csv", "customs")
    copy = tmp_path / "copy.csv"
    copy.write_text((FIX / "customs.csv").read_text() + "\n")  # other bytes, same rows
    report = wh.ingest(copy, "customs")
    assert report.rows_accepted == 0 and report.rows_rejected == 27
    assert set(report.reject_reasons) == {"record_id: already stored with this vintage (batch 1)"}


def test_revision_with_later_vintage_becomes_latest(wh):
    wh.ingest(FIX / "customs.csv", "customs")
    report = wh.ingest(FIX / "customs-revision.csv", "customs")
    assert report.rows_accepted == 2 and report.rows_revised == 2
    rows = wh.con.execute(
        "SELECT record_id, vintage::VARCHAR, value::VARCHAR, is_latest, is_first "
        "FROM facts_customs WHERE record_id IN ('c01', 'c26') ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        ("c01", "2024-01-12", "1000.00", False, True),
        ("c01", "2024-06-30", "900.00", True, False),
        ("c26", "2023-01-13", "200.00", False, True),
        ("c26", "2024-01-12", "260.00", True, False),
    ]


def test_older_vintage_is_kept_as_history_not_latest(wh, tmp_path):
    wh.ingest(FIX / "customs-revision.csv", "customs")
    old = tmp_path / "old.csv"
    lines = (FIX / "customs.csv").read_text().splitlines()
    old.write_text("\n".join([lines[0], lines[1]]) + "\n")  # c01 at vintage 2024-01-12
    report = wh.ingest(old, "customs")
    assert report.rows_accepted == 1 and report.rows_history == 1
    latest = wh.con.execute(
        "SELECT value::VARCHAR FROM facts_customs WHERE record_id = 'c01' AND is_latest"
    ).fetchall()[0]
    assert latest == ("900.00",)


def test_failed_ingest_leaves_the_warehouse_unchanged(wh, monkeypatch):
    wh.ingest(FIX / "national.csv", "national")
    before = wh.con.execute("SELECT count(*) FROM facts_national").fetchall()[0]

    def boom(*args, **kwargs):
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(commit, "_refresh_vintage_summary", boom)
    with pytest.raises(IngestError, match="disk full"):
        wh.ingest(FIX / "customs.csv", "customs")
    assert wh.con.execute("SELECT count(*) FROM facts_national").fetchall()[0] == before
    assert "customs" not in [d.name for d in wh.datasets()]
    assert wh.con.execute("SELECT count(*) FROM rejects").fetchall()[0] == (0,)
    status = wh.con.execute("SELECT status, message FROM batches ORDER BY batch_id").fetchall()
    assert status[-1][0] == "failed" and "disk full" in status[-1][1]


def test_folder_source_and_grain_mismatch(wh, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    shutil.copy(FIX / "national.csv", folder / "a.csv")
    report = wh.ingest(folder, "national")
    assert report.rows_accepted == 6
    assert wh.dataset("national").grain == ("period", "flow")
    with pytest.raises(IngestError, match="different grain"):
        wh.ingest(FIX / "customs.csv", "national")


def test_missing_required_column_is_refused_naming_the_file(wh, tmp_path):
    f = tmp_path / "noflow.csv"
    f.write_text("period,value\n2023-01,5\n")
    with pytest.raises(IngestError, match=r"noflow.csv: missing column\(s\) \['flow'\]"):
        wh.ingest(f, "x")
    # with --flow the same file loads
    assert wh.ingest(f, "x", flow="X").rows_accepted == 1


def test_usd_rows_are_converted_at_their_months_rate(customs_wh):
    from datetime import date

    from tradestat import reference

    row = customs_wh.con.execute(
        "SELECT value::VARCHAR, value_usd::VARCHAR, value_cny::VARCHAR FROM facts_customs "
        "WHERE record_id = 'c20'"
    ).fetchall()[0]
    rate = reference.fx_rate("CNY", date(2023, 7, 1))
    assert row[0] == row[1] == "600.00"
    assert row[2] == f"{round(600 * rate, 2):.2f}"


def test_parquet_source(wh, tmp_path):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pacsv.read_csv(FIX / "national.csv")
    pq.write_table(table, tmp_path / "national.parquet")
    report = wh.ingest(tmp_path / "national.parquet", "national")
    assert report.rows_accepted == 6 and report.rows_rejected == 0


def test_connect_uses_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADESTAT_WAREHOUSE", str(tmp_path / "env.duckdb"))
    with tradestat.connect() as w:
        assert w.path == tmp_path / "env.duckdb"


def test_progress_reports_rows_per_file_then_the_phases(wh):
    calls: list[tuple[str, int]] = []
    report = wh.ingest(FIX / "customs.csv", "customs", progress=lambda *c: calls.append(c))
    staged = [c for c in calls if c[1] > 0]
    assert {name for name, _ in staged} == {"customs.csv"}
    assert sum(n for _, n in staged) == report.rows_read == 27  # data lines of the fixture
    assert calls[-2:] == [("validating", 0), ("writing", 0)]
