"""Readers see the state before or after a batch, never a mix; two writers are
serialised or refused with a clear message, never interleaved."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

import tradestat
from tradestat.errors import IngestError, WarehouseLocked

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


@pytest.mark.slow
def test_queries_during_a_commit_see_old_or_new_totals(tmp_path, big_csv):
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        q = {"dataset": "customs", "period": "2022..2023"}
        w.ingest(FIX / "customs.csv", "customs")
        old = w.query(q).scalar()
        seen: list = []
        stop = threading.Event()

        def reader() -> None:
            while not stop.is_set():
                seen.append(w.query(q).scalar())

        thread = threading.Thread(target=reader)
        thread.start()
        time.sleep(0.2)
        w.ingest(FIX / "customs-revision.csv", "customs")
        time.sleep(0.2)
        stop.set()
        thread.join()
        new = w.query(q).scalar()
        assert old != new
        assert set(seen) <= {old, new} and old in seen and new in seen


def _held_commit(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """An ingest's commit that waits: (set when it is reached, set to let it go on)."""
    from tradestat.ingest import commit

    started, release = threading.Event(), threading.Event()
    original = commit.write_batch

    def slow_write(*args, **kwargs):
        started.set()
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(commit, "write_batch", slow_write)
    return started, release


def test_second_ingest_in_the_same_process_is_refused(tmp_path, monkeypatch):
    with tradestat.connect(tmp_path / "w.duckdb") as w:
        started, release = _held_commit(monkeypatch)
        result = {}
        t = threading.Thread(
            target=lambda: result.setdefault("r", w.ingest(FIX / "national.csv", "national"))
        )
        t.start()
        started.wait(10)
        with pytest.raises(WarehouseLocked, match="another ingest is running"):
            w.ingest(FIX / "customs.csv", "customs")
        release.set()
        t.join()
        assert result["r"].rows_accepted == 6


def test_close_waits_for_a_running_ingest(tmp_path, monkeypatch):
    # a server shutting down (or a notebook's `with` block ending) while an ingest runs
    # in another thread: the batch lands whole, and only then is the file closed
    w = tradestat.connect(tmp_path / "w.duckdb")
    started, release = _held_commit(monkeypatch)
    result: dict = {}
    t = threading.Thread(
        target=lambda: result.setdefault("r", w.ingest(FIX / "customs.csv", "customs"))
    )
    t.start()
    started.wait(10)
    closing = threading.Thread(target=w.close)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # waiting for the batch, not closing under it
    release.set()
    t.join(30)
    closing.join(30)
    assert not closing.is_alive()
    expected = sum(1 for _ in (FIX / "customs.csv").open(encoding="utf-8")) - 1
    assert result["r"].rows_accepted == expected
    with tradestat.connect(tmp_path / "w.duckdb", read_only=True) as again:
        assert again.batches("customs").num_rows == 1
        assert again.query({"dataset": "customs", "period": "2022"}).scalar() is not None
    with pytest.raises(IngestError, match="is closed"):
        w.ingest(FIX / "national.csv", "national")


@pytest.mark.slow
def test_another_process_is_refused_while_an_ingest_runs(tmp_path, big_csv, monkeypatch):
    # without a server, an open waits TRADESTAT_LOCK_WAIT seconds for the file, then
    # names the process holding it (with a server, see test_serve_read_ingest.py)
    monkeypatch.setenv("TRADESTAT_LOCK_WAIT", "0")
    wh = tmp_path / "w.duckdb"
    cmd = [sys.executable, "-m", "tradestat.cli", "ingest", str(big_csv), "--dataset", "big",
           "--warehouse", str(wh)]  # fmt: skip
    # processes: DuckDB's file lock is held between processes, and names the holder's pid
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ps = psutil.Process(proc.pid)
    while ps.cpu_times().user < 1.5 and proc.poll() is None:
        time.sleep(0.05)
    try:
        with pytest.raises(WarehouseLocked, match=f"in use by process {proc.pid}"):
            tradestat.connect(wh)
        second = subprocess.run(
            [sys.executable, "-m", "tradestat.cli", "ingest", str(FIX / "national.csv"),
             "--dataset", "national", "--warehouse", str(wh)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert second.returncode == 2 and f"in use by process {proc.pid}" in second.stderr
    finally:
        assert proc.wait(300) == 0
    with tradestat.connect(wh, read_only=True) as w:
        assert [d.name for d in w.datasets()] == ["big"]
