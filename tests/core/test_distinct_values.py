"""The distinct codes, places, editions and currencies ingest keeps beside the facts
(tradestat.store.distinct_values): always what a DISTINCT over the facts finds, read by
the engine instead of scanning the facts, filled once for an older warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

import tradestat
from tradestat.store import distinct_values
from tradestat.store.distinct_values import KINDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "core"
EUR_ROWS = (
    "record_id,period,flow,hs_code,hs_edition,partner,region,enterprise_type,enterprise_id,"
    "trade_mode,zone,value,currency,vintage\n"
    "x1,2022-01,M,85076000,HS2017,FRA,110105,private,E9,0110,,10.00,EUR,2024-01-12\n"
    "x2,2022-02,M,,,FRA,,private,E9,0110,,20.00,EUR,2024-01-12\n"
    "x3,2022-02,M,8507,,FRA,320500,private,E9,0110,,-5.00,EUR,2024-01-12\n"  # negative
)


def _facts_distinct(con, dataset: str, kind: str) -> set[tuple]:
    """Computed here with plain SQL over the stored facts."""
    kept = KINDS[kind]
    cols = ", ".join(kept.columns)
    rows = con.execute(
        f"SELECT DISTINCT {cols} FROM facts_{dataset} WHERE {kept.required} IS NOT NULL"
    ).fetchall()
    return set(rows)


def _kept(con, dataset: str, kind: str) -> list[tuple]:
    kept = KINDS[kind]
    return con.execute(
        f"SELECT {', '.join(kept.columns)} FROM {kept.table} WHERE dataset = ?", [dataset]
    ).fetchall()


@pytest.fixture
def filled(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    w = tradestat.connect(path)
    w.ingest(FIXTURES / "customs.csv", "customs")
    w.ingest(FIXTURES / "customs-revision.csv", "customs")  # revisions: rows, not values
    eur = tmp_path / "eur.csv"
    eur.write_text(EUR_ROWS)
    rep = w.ingest(eur, "customs")
    assert rep.rows_rejected == 1
    w.ingest(FIXTURES / "editions.csv", "editions")
    yield w, path
    w.close()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kept_values_are_the_facts_distinct_values(filled, kind):
    w, _ = filled
    for dataset in ("customs", "editions"):
        kept = _kept(w.con, dataset, kind)
        assert len(kept) == len(set(kept)), "each value kept once"
        assert set(kept) == _facts_distinct(w.con, dataset, kind)
        assert kept  # every fixture has codes, places, editions and currencies
    # the EUR batch added its own; its rejected row (region 320500) added nothing
    assert ("EUR",) in _kept(w.con, "customs", "currencies")
    assert not any(r[0] == "320500" for r in _kept(w.con, "customs", "places"))


def test_engine_reads_the_kept_values_not_the_facts(filled):
    w, _ = filled
    ds = w.engine.catalog.dataset("customs")
    scanned = set(tuple(r) for r in w.con.execute(
        "SELECT DISTINCT hs_code, hs_edition FROM facts_customs WHERE hs_code IS NOT NULL"
    ).fetchall())  # fmt: skip
    assert set(w.engine.catalog.codes(ds)) == scanned
    # a value only the kept table holds shows that the engine reads that table
    w.con.execute("INSERT INTO dataset_codes VALUES ('customs', '010121', 'HS2022')")
    w.engine.catalog.invalidate()
    assert ("010121", "HS2022") in w.engine.catalog.codes(ds)


def test_an_older_warehouse_is_read_from_its_facts_then_filled_once(filled):
    w, path = filled
    expected = {k: set(_kept(w.con, "customs", k)) for k in KINDS}
    engine_before = _engine_answers(w)
    # as a file written before the values were kept: no marker, no kept rows
    w.con.execute("DELETE FROM ts_meta WHERE starts_with(key, ?)", [distinct_values.READY])
    for kept in KINDS.values():
        w.con.execute(f"DELETE FROM {kept.table}")
    w.close()
    with tradestat.connect(path, read_only=True) as ro:  # cannot fill: reads the facts
        assert _kept(ro.con, "customs", "codes") == []
        assert _engine_answers(ro) == engine_before
    with tradestat.connect(path) as rw:  # opened for writing: filled
        for kind in KINDS:
            assert set(_kept(rw.con, "customs", kind)) == expected[kind]
        assert _engine_answers(rw) == engine_before


def _engine_answers(w) -> tuple:
    cat = w.engine.catalog
    ds = cat.dataset("customs")
    return (
        cat.codes(ds), cat.currencies(ds), [(p.code, p.province, p.city) for p in cat.places(ds)],
        sorted((r["period"], r["hs_edition"]) for r in cat.distinct(ds, "editions")),
    )  # fmt: skip


def test_a_failed_ingest_keeps_no_values(filled, monkeypatch, tmp_path):
    from tradestat.errors import IngestError
    from tradestat.ingest import commit

    w, _ = filled
    before = {k: sorted(_kept(w.con, "customs", k), key=str) for k in KINDS}
    new = tmp_path / "new.csv"
    new.write_text(EUR_ROWS.replace("EUR", "JPY").replace("x1", "y1").replace("x2", "y2"))

    def fail(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit, "_refresh_vintage_summary", fail)  # after the values are added
    with pytest.raises(IngestError):
        w.ingest(new, "customs")
    assert {k: sorted(_kept(w.con, "customs", k), key=str) for k in KINDS} == before


def test_query_results_agree_with_and_without_kept_values(filled):
    """A product-group and a place breakdown planned from the kept values give the same
    table as planned from the facts."""
    w, _ = filled
    queries = [
        dict(dataset="customs", period="2022", by=["product_group"]),
        dict(dataset="customs", period="2022", by=["province"]),
    ]
    kept = [w.query(q).table for q in queries]
    w.con.execute("DELETE FROM ts_meta WHERE starts_with(key, ?)", [distinct_values.READY])
    w.engine.catalog.invalidate()
    w.engine.catalog.plans.clear()
    scanned = [w.query(q).table for q in queries]
    assert kept == scanned
    assert all(t.num_rows for t in kept)
