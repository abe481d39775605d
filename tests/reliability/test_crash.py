"""A process killed with SIGKILL in the middle of an ingest leaves the warehouse
consistent; re-running the ingest gives exactly the right totals."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

import tradestat

pytestmark = pytest.mark.slow
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def ingest_cmd(source: Path, dataset: str, wh: Path) -> list[str]:
    return [sys.executable, "-m", "tradestat.cli", "ingest", str(source), "--dataset", dataset,
            "--warehouse", str(wh), "--output", "json"]  # fmt: skip


def test_sigkill_mid_batch_then_rerun(tmp_path, big_csv):
    wh = tmp_path / "w.duckdb"
    with tradestat.connect(wh) as w:
        w.ingest(FIX / "national.csv", "national")
    # a process of its own, to be killed mid-batch (and re-run after, as a user would)
    proc = subprocess.Popen(ingest_cmd(big_csv, "big", wh), stdout=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    deadline = time.time() + 60
    while ps.cpu_times().user < 2.0 and time.time() < deadline:  # past start-up, mid-batch
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    with tradestat.connect(wh) as w:
        assert [d.name for d in w.datasets()] == ["national"]  # the batch left no trace
        tables = {r[0] for r in w.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert "facts_big" not in tables
        statuses = [r["status"] for r in w.batches().to_pylist()]
        assert statuses == ["ok"]  # only the earlier batch; the killed one is absent
        assert w.query({"dataset": "national", "period": "2023"}).scalar() is not None

    out = subprocess.run(ingest_cmd(big_csv, "big", wh), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    expected = duckdb.sql(
        f"SELECT count(*), sum(value::DECIMAL(18,2)) FROM read_csv('{big_csv}', all_varchar=true)"
    ).fetchall()[0]
    with tradestat.connect(wh, read_only=True) as w:
        got = w.con.execute("SELECT count(*), sum(value) FROM facts_big").fetchall()[0]
        assert got == expected
        total = w.query({"dataset": "big", "period": "2021-01..2023-12"}).scalar()
        assert total == expected[1]
