"""A batch is durable once its ingest returns, before any checkpoint: DuckDB checkpoints
every 256 MB of write-ahead log (and at close), so a process killed after a run of
small batches leaves them in the log, and the next open replays it."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import tradestat

BATCHES, ROWS = 2, 60_000  # each under a row group: its rows go to the log, not the file
PARTNERS = ["USA", "DEU", "JPN", "KOR", "VNM"]


def _batch(i: int) -> tuple[str, Decimal]:
    lines, exports = ["period,flow,hs_code,partner,value,currency,record_id"], Decimal(0)
    for j in range(ROWS):
        value = Decimal(f"{1000 + j % 977}.{j % 100:02d}")
        flow = "X" if j % 3 else "M"
        exports += value if flow == "X" else 0
        lines.append(f"2024-{1 + i:02d},{flow},{850440 + j % 53},{PARTNERS[j % 5]},{value},CNY,"
                     f"b{i}r{j}")  # fmt: skip
    return "\n".join(lines) + "\n", exports


def test_batches_survive_a_killed_process_before_any_checkpoint(tmp_path):
    files, exports = [], Decimal(0)
    for i in range(BATCHES):  # one batch per file
        text, x = _batch(i)
        (path := tmp_path / f"m{i}.csv").write_text(text)
        files.append(str(path))
        exports += x
    db = tmp_path / "w.duckdb"
    code = (
        "import os, sys, tradestat\n"
        "w = tradestat.connect(sys.argv[1])\n"
        "for f in sys.argv[2:]:\n"
        "    w.ingest(f, 'd')\n"
        "os._exit(0)  # killed: no close, so no checkpoint\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), *files], check=True)
    # past DuckDB's default of 16 MB the log would have been checkpointed into the file
    assert db.with_suffix(".duckdb.wal").stat().st_size > 16 * 2**20
    with tradestat.connect(db, read_only=True) as w:
        total = w.query({"dataset": "d", "period": "2024", "flow": "export"}).scalar()
        batches = w.con.execute("SELECT count(*) FROM batches WHERE status = 'ok'").fetchall()
    assert total == exports and batches == [(BATCHES,)]
