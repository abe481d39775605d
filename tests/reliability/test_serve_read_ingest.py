"""A server, CLI readers, a notebook-style reader and an ingest on one warehouse, each
in its own process, at the same time: every answer is the figure before the batch or
after it, never a mix or an error, and the server sees the batch without a restart."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tradestat
from tradestat.api.remote import RemoteWarehouse
from tradestat.store import owner

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"
QUERY = {"dataset": "customs", "period": "2022..2023"}
CLI = [sys.executable, "-m", "tradestat.cli"]

READER = """
import json, sys, tradestat
seen = []
for _ in range(int(sys.argv[2])):
    with tradestat.connect(sys.argv[1], read_only=True) as w:
        seen.append(str(w.query(json.loads(sys.argv[3])).scalar()))
print(json.dumps({"kind": type(w).__name__, "seen": seen}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serial(tmp_path: Path, *files: Path) -> str:
    """The answer with the same batches ingested one after another in a warehouse of
    its own, no server: what every concurrent answer must equal, before or after."""
    with tradestat.connect(tmp_path / f"serial{len(files)}.duckdb") as w:
        for f in files:
            w.ingest(f, "customs")
        return str(w.query(QUERY).scalar())


@pytest.fixture
def served(tmp_path):
    wh = tmp_path / "w.duckdb"
    with tradestat.connect(wh) as w:
        w.ingest(FIX / "customs.csv", "customs")
    port = _free_port()
    # each in its own process: the file's owner and its readers are what is tested
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--warehouse", str(wh)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 240  # a busy machine
    while owner.find(wh) is None:
        assert server.poll() is None, server.stderr.read().decode()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    try:
        yield wh
    finally:
        server.terminate()
        server.wait(30)


@pytest.mark.slow
def test_server_cli_notebook_and_ingest_at_once(served, tmp_path):
    wh = served
    note = owner.note_path(wh)
    assert stat.S_IMODE(note.stat().st_mode) == 0o600
    before = _serial(tmp_path, FIX / "customs.csv")
    after = _serial(tmp_path, FIX / "customs.csv", FIX / "customs-revision.csv")
    assert before != after

    q = json.dumps(QUERY)
    env = {**os.environ, "TRADESTAT_LOCK_WAIT": "0"}  # never wait for the file: go through
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(wh), "15", q],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(2)
    ]
    cli_answers = []
    ingest = subprocess.Popen(
        [*CLI, "ingest", str(FIX / "customs-revision.csv"), "--dataset", "customs",
         "--warehouse", str(wh)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    while ingest.poll() is None or len(cli_answers) < 3:
        out = subprocess.run([*CLI, "query", q, "-o", "json", "--warehouse", str(wh)],
                             capture_output=True, text=True, env=env)  # fmt: skip
        assert out.returncode == 0, out.stderr
        cli_answers.append(str(json.loads(out.stdout)["rows"][0]["value"]))
    assert ingest.returncode == 0, ingest.stderr.read().decode()
    seen = list(cli_answers)
    for reader in readers:
        out, err = reader.communicate(timeout=300)
        assert reader.returncode == 0, err.decode()
        report = json.loads(out)
        assert report["kind"] == "RemoteWarehouse"
        seen += report["seen"]
    assert {s.rstrip("0").rstrip(".") for s in seen} <= {
        v.rstrip("0").rstrip(".") for v in (before, after)
    }, seen
    # the server answers with the batch at once, without a restart
    with tradestat.connect(wh, read_only=True) as w:
        assert isinstance(w, RemoteWarehouse)
        assert str(w.query(QUERY).scalar()).rstrip("0").rstrip(".") == after.rstrip("0").rstrip(".")
        assert [b["status"] for b in w.batches("customs").to_pylist()] == ["ok", "ok"]


@pytest.mark.slow
def test_remote_calls_match_the_file(served):
    """The same figures, datasets, rejects and errors through the server as from the file."""
    from tradestat.errors import DatasetError, QueryError

    with tradestat.connect(served) as w:
        assert isinstance(w, RemoteWarehouse)
        result = w.query({**QUERY, "by": ["partner"], "compare": ["share"]})
        names = [d.name for d in w.datasets()]
        info = w.dataset_info("customs")
        sql = w.explain(QUERY)
        with pytest.raises(QueryError, match="period"):
            w.query({"dataset": "customs", "period": "2022-13"})
        with pytest.raises(DatasetError, match="nope"):
            w.query({"dataset": "nope", "period": "2022"})
    assert names == ["customs"] and info["name"] == "customs"
    assert "ibis_" not in sql and "facts_customs" in sql
    shares = {r["partner"]: r["share_pct"] for r in result.table.to_pylist()}
    values = {r["partner"]: float(r["value"]) for r in result.table.to_pylist()}
    total = sum(values.values())
    assert shares == pytest.approx({k: 100 * v / total for k, v in values.items()})
    assert result.provenance["engine"] == "duckdb" and "sql" in result.provenance
