"""A batch is durable once its ingest returns, before any checkpoint: DuckDB checkpoints
every 256 MB of write-ahead log (and at close), so a process killed after a run of
small batches leaves them in the log, and the next open replays it."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import tradestat

ROWS = [
    ("2024-01", "X", "850440", "USA", "1200.50"),
    ("2024-01", "M", "270900", "SAU", "980.25"),
    ("2024-02", "X", "850440", "DEU", "310.00"),
]


def test_batches_survive_a_killed_process_before_any_checkpoint(tmp_path):
    files = []
    for i, row in enumerate(ROWS):  # one batch per file
        path = tmp_path / f"m{i}.csv"
        path.write_text("period,flow,hs_code,partner,value,currency\n" + ",".join(row) + ",CNY\n")
        files.append(str(path))
    db = tmp_path / "w.duckdb"
    code = (
        "import os, sys, tradestat\n"
        "w = tradestat.connect(sys.argv[1])\n"
        "for f in sys.argv[2:]:\n"
        "    w.ingest(f, 'd')\n"
        "os._exit(0)  # killed: no close, so no checkpoint\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), *files], check=True)
    assert db.with_suffix(".duckdb.wal").stat().st_size > 0  # the batches are in the log
    with tradestat.connect(db, read_only=True) as w:
        total = w.query({"dataset": "d", "period": "2024", "flow": "export"}).scalar()
        batches = w.con.execute("SELECT count(*) FROM batches WHERE status = 'ok'").fetchall()
    assert total == sum(Decimal(r[4]) for r in ROWS if r[1] == "X")
    assert batches == [(len(ROWS),)]
