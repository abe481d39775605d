"""The bad-input corpus: every case of ``expected.yaml`` in a fresh warehouse.

Accepted cases: counts, reject rows/fields/reasons, rows read = accepted + rejected in
the report *and* in the batch log, stored values. Whole-file errors: the message names
the file, and the warehouse is unchanged (no facts, rejects, dataset or committed batch).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import tradestat
from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))
BY_NAME = {c["case"]: c for c in CASES}
DATASET = "d"


def options(case: dict[str, Any]) -> IngestOptions:
    opts = dict(case.get("options") or {})
    if "mapping" in opts:
        opts["mapping"] = FILES / opts["mapping"]
    if "vintage" in opts:
        opts["vintage"] = date.fromisoformat(str(opts["vintage"]))
    return IngestOptions(**{k: str(v) if k in ("period", "flow") else v for k, v in opts.items()})


def ingest(w: Any, case: dict[str, Any]) -> Any:
    return w.ingest(
        FILES / case["file"], DATASET, case.get("format", "canonical"), options=options(case)
    )


def snapshot(w: Any) -> dict[str, Any]:
    con = w.con
    facts = {
        t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'facts_%'"
        ).fetchall()
    }
    return {
        "facts": facts,
        "datasets": [d.name for d in w.datasets()],
        "rejects": con.execute("SELECT count(*) FROM rejects").fetchone()[0],
        "ok_batches": con.execute("SELECT count(*) FROM batches WHERE status = 'ok'").fetchone()[0],
        "vintages": con.execute("SELECT count(*) FROM vintage_summary").fetchone()[0],
    }


def run_setup(w: Any, name: str | None) -> None:
    if not name:
        return
    case = BY_NAME[name]
    run_setup(w, case.get("setup"))
    report = ingest(w, case)
    assert report.status == "ok" and report.rows_accepted == case["accepted"]


def stored(w: Any, field: str, batch_id: int) -> list[str]:
    rows = w.con.execute(
        f'SELECT CAST("{field}" AS VARCHAR) FROM facts_{DATASET} WHERE batch_id = ?', [batch_id]
    ).fetchall()
    return sorted(r[0] for r in rows if r[0] is not None)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        run_setup(w, case.get("setup"))
        before = snapshot(w)
        if "error" in case:
            check_error(w, case, before)
            return
        report = ingest(w, case)
        if case.get("status") == "skipped":
            assert report.status == "skipped"
            assert snapshot(w) == before
            return
        check_counts(w, case, report)
        check_rejects(w, case, report.batch_id)
        for field, values in (case.get("values") or {}).items():
            assert stored(w, field, report.batch_id) == [str(v) for v in values], field
        check_report(w, case, report)


def check_error(w: Any, case: dict[str, Any], before: dict[str, Any]) -> None:
    with pytest.raises(IngestError) as info:
        ingest(w, case)
    message = str(info.value)
    blamed = Path(case.get("blame", case["file"])).name
    assert blamed in message, f"the message does not name {blamed}: {message}"
    for fragment in case["error"]:
        assert str(fragment) in message, f"{fragment!r} not in: {message}"
    assert "Traceback" not in message
    assert snapshot(w) == before  # nothing committed, nothing half-written


def check_counts(w: Any, case: dict[str, Any], report: Any) -> None:
    expected = (case["accepted"] + case["rejected"], case["accepted"], case["rejected"])
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == expected
    logged = w.con.execute(
        "SELECT rows_read, rows_accepted, rows_rejected, status FROM batches WHERE batch_id = ?",
        [report.batch_id],
    ).fetchone()
    assert logged == (*expected, "ok")
    assert logged[0] == logged[1] + logged[2]
    facts = w.con.execute(
        f"SELECT count(*) FROM facts_{DATASET} WHERE batch_id = ?", [report.batch_id]
    ).fetchone()[0]
    assert facts == case["accepted"]


def check_rejects(w: Any, case: dict[str, Any], batch_id: int) -> None:
    rows = w.rejects(DATASET, batch_id).to_pylist()
    assert len(rows) == case["rejected"]
    assert {r["file"] for r in rows} <= {Path(case["file"]).name}
    got = {r["row_number"]: r for r in rows}
    expected = {row: (field, fragment) for row, field, fragment in case.get("rejects") or []}
    assert sorted(got) == sorted(expected), [(r["row_number"], r["field"]) for r in rows]
    for row, (field, fragment) in expected.items():
        assert got[row]["field"] == field, (row, got[row])
        assert str(fragment) in got[row]["reason"], (row, got[row]["reason"])
    for row, text in (case.get("raw") or {}).items():
        assert text in got[row]["raw"]


def check_report(w: Any, case: dict[str, Any], report: Any) -> None:
    name = Path(case["file"]).name
    if "encoding" in case:
        assert report.encodings[name] == case["encoding"]
    if "ignored" in case:
        assert report.ignored_columns[name] == case["ignored"]
    for fragment in case.get("notes") or []:
        assert any(fragment in n for n in report.notes), report.notes
    if "history" in case:
        assert report.rows_history == case["history"]
    for record_id, value in (case.get("latest") or {}).items():
        got = w.con.execute(
            f"SELECT CAST(value AS VARCHAR) FROM facts_{DATASET} WHERE record_id = ? AND is_latest",
            [record_id],
        ).fetchall()
        assert got == [(value,)]


def test_every_file_is_a_case() -> None:
    used = {c["file"] for c in CASES} | {
        c["options"]["mapping"] for c in CASES if "mapping" in (c.get("options") or {})
    }
    on_disk = {p.relative_to(FILES).as_posix() for p in FILES.rglob("*") if p.is_file()}
    assert on_disk == used


def test_corpus_matches_its_generator(tmp_path: Path) -> None:
    """The committed text files are what make_corpus.py writes (binary containers embed
    library versions, so only their presence is checked)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, data in module.text_files().items():
        assert (FILES / name).read_bytes() == data, name
