"""Closing a warehouse while other threads use it: it waits for their writes (all of
them, not only ingests), refuses clearly when it cannot close, and is never left half
closed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import tradestat
from tradestat.errors import IngestError, TradestatError

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def _held(monkeypatch, module, name) -> tuple[threading.Event, threading.Event]:
    """``module.name`` made to wait: (set when it is reached, set to let it go on)."""
    reached, release = threading.Event(), threading.Event()
    original = getattr(module, name)

    def held(*args, **kwargs):
        reached.set()
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return reached, release


def _creating(w, monkeypatch, name: str) -> tuple[threading.Thread, threading.Event]:
    """``w.create_dataset(name)`` running in a thread, held inside its write: (the
    thread, set to let it go on)."""
    from tradestat.store import catalog

    reached, release = _held(monkeypatch, catalog, "add_dataset")
    made = threading.Thread(target=lambda: w.create_dataset(name, ["partner"]))
    made.start()
    assert reached.wait(10)
    return made, release


def test_close_waits_for_a_catalog_write_and_refuses_new_writes_meanwhile(tmp_path, monkeypatch):
    w = tradestat.connect(tmp_path / "w.duckdb")
    made, release = _creating(w, monkeypatch, "later")
    closing = threading.Thread(target=w.close)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # waiting for the write, not closing under it
    # a write that starts once closing has begun is told so (not "another ingest")
    with pytest.raises(IngestError, match="is closed"):
        w.ingest(FIX / "customs.csv", "customs")
    release.set()
    made.join(10)
    closing.join(10)
    assert not closing.is_alive() and w.closed
    with tradestat.connect(tmp_path / "w.duckdb", read_only=True) as again:
        assert [d.name for d in again.datasets()] == ["later"]  # the write landed whole


def test_close_waits_for_an_exchange_rate_import(tmp_path, monkeypatch):
    from tradestat.ingest.fx import importer

    rates = tmp_path / "rates.csv"
    rates.write_text("period,cny_per_usd\n2022-01,6.4\n2022-02,6.5\n", encoding="utf-8")
    w = tradestat.connect(tmp_path / "w.duckdb")
    reached, release = _held(monkeypatch, importer, "import_fx")
    done: dict = {}
    t = threading.Thread(target=lambda: done.setdefault("r", w.import_fx(rates)))
    t.start()
    assert reached.wait(10)
    closing = threading.Thread(target=w.close)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()
    release.set()
    t.join(10)
    closing.join(10)
    assert done["r"].rows_written == 2 and w.closed


def test_close_inside_its_own_ingest_fails_that_batch_instead_of_hanging(tmp_path):
    # a progress callback (or a signal handler on the ingesting thread) calling close
    # would wait for the ingest it interrupts: it is refused, and the batch rolls back
    w = tradestat.connect(tmp_path / "w.duckdb")
    finished = threading.Event()

    def run() -> None:
        with pytest.raises(IngestError, match="would wait for itself"):
            w.ingest(FIX / "customs.csv", "customs", progress=lambda *a, **k: w.close())
        finished.set()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    assert finished.wait(30), "close() inside the ingest hung"
    assert not w.closed
    # nothing of the failed batch is left: no dataset, only the failure in the log
    assert [b["status"] for b in w.batches("customs").to_pylist()] == ["failed"]
    assert w.datasets() == []
    assert w.ingest(FIX / "customs.csv", "customs").rows_accepted > 0  # still usable
    w.close()
    assert w.closed


def test_close_waits_for_a_running_query_and_refuses_new_work_meanwhile(tmp_path):
    w = tradestat.connect(tmp_path / "w.duckdb")
    w.ingest(FIX / "customs.csv", "customs")
    cur = w.cursor()
    ended: dict = {}

    def long_query() -> None:
        try:
            cur.execute("SELECT sum(i) FROM range(100000000000) t(i)").fetchall()
        except Exception as exc:  # the interrupt below
            ended["error"] = exc

    t = threading.Thread(target=long_query)
    t.start()
    time.sleep(0.5)
    closing = threading.Thread(target=w.close)
    closing.start()
    try:
        closing.join(0.3)
        assert closing.is_alive()  # waiting for the query, not half closed under it
        assert not w.closed
        with pytest.raises(IngestError, match="is closed"):
            w.ingest(FIX / "customs-revision.csv", "customs")
        with pytest.raises(TradestatError, match="is closed"):
            w.batches("customs")
    finally:
        cur.interrupt()
        t.join(30)
    closing.join(30)
    assert "error" in ended  # interrupted, not finished: close did wait for it
    assert not closing.is_alive() and w.closed
    w.close()  # a second close is harmless
    with tradestat.connect(tmp_path / "w.duckdb", read_only=True) as again:
        assert again.batches("customs").num_rows == 1


def test_opening_a_file_this_process_holds_in_the_other_mode_says_so(tmp_path):
    from tradestat.errors import WarehouseLocked

    with tradestat.connect(tmp_path / "w.duckdb") as w:
        w.ingest(FIX / "customs.csv", "customs")
        with pytest.raises(WarehouseLocked, match="already open read-write in this process"):
            tradestat.connect(tmp_path / "w.duckdb", read_only=True)
        assert w.query({"dataset": "customs", "period": "2023"}).scalar() is not None


def test_a_write_goes_on_with_new_statements_while_close_waits(tmp_path, monkeypatch):
    from tradestat.store import catalog

    w = tradestat.connect(tmp_path / "w.duckdb")
    reached, release = threading.Event(), threading.Event()
    original = catalog.add_dataset

    def slow_add(cur, ds):
        reached.set()
        release.wait(10)
        w.cursor().execute("SELECT 1")  # a later statement of the same write
        return original(w.cursor(), ds)

    monkeypatch.setattr(catalog, "add_dataset", slow_add)
    made: dict = {}
    t = threading.Thread(target=lambda: made.setdefault("ds", w.create_dataset("d", ["partner"])))
    t.start()
    assert reached.wait(10)
    closing = threading.Thread(target=w.close)
    closing.start()
    time.sleep(0.2)
    release.set()
    t.join(10)
    closing.join(10)
    assert made["ds"].name == "d" and w.closed


def test_queries_on_cursors_made_before_are_refused_once_closing_begins(tmp_path):
    # a thread querying in a loop through its own engine would otherwise keep close
    # waiting for a moment with no query running
    w = tradestat.connect(tmp_path / "w.duckdb")
    w.ingest(FIX / "customs.csv", "customs")
    q = {"dataset": "customs", "period": "2023", "by": ["partner"]}
    stopped: dict = {}
    started = threading.Event()

    def loop() -> None:
        try:
            while True:
                w.query(q)  # through the warehouse: refused in its words, even in a race
                started.set()
        except TradestatError as exc:
            stopped["error"] = exc

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for t in threads:
        t.start()
    assert started.wait(30)
    began = time.monotonic()
    w.close()
    assert time.monotonic() - began < 10
    for t in threads:
        t.join(10)
    assert "is closed" in str(stopped["error"]) and w.closed
    with pytest.raises(TradestatError, match="is closed"):  # not DuckDB's own error
        w.query(q)


def test_close_interrupted_while_waiting_leaves_the_warehouse_open(tmp_path, monkeypatch):
    import signal

    w = tradestat.connect(tmp_path / "w.duckdb")
    t, release = _creating(w, monkeypatch, "d")

    def interrupt(*_):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(KeyboardInterrupt):
            w.close()  # Ctrl-C while it waits for the write
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    release.set()
    t.join(10)
    assert not w.closed
    assert w.ingest(FIX / "customs.csv", "customs").rows_accepted > 0  # open for writes
    finished = threading.Thread(target=w.close)
    finished.start()
    finished.join(10)
    assert not finished.is_alive() and w.closed  # and it closes after all
