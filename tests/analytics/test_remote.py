"""Complexity, mirror statistics and the market finder through `tradestat serve`: a notebook's
``tradestat.connect(path)`` on a served warehouse gets the local figures."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

import tradestat
from tests.analytics import hand, markets_data
from tests.reliability.test_serve_read_ingest import _free_port
from tradestat.api.remote import RemoteWarehouse
from tradestat.store import owner

pytestmark = pytest.mark.slow


def test_complexity_and_mirror_through_the_server(tmp_path):
    path = tmp_path / "w.duckdb"
    (tmp_path / "own.csv").write_text(
        "period,flow,partner,value\n2020,X,AAA,4.00\n2020,X,BBB,8.00\n", encoding="utf-8"
    )
    with tradestat.connect(path) as w:
        w.ingest(hand.write(tmp_path / "hand.csv"), "hand")
        w.ingest(tmp_path / "own.csv", "own", reporter="CHN", currency="USD")
        (tmp_path / "theirs.csv").write_text(
            "period,flow,reporter,partner,value\n2020,M,AAA,CHN,5.00\n", encoding="utf-8"
        )
        w.ingest(tmp_path / "theirs.csv", "theirs", currency="USD")
        local = w.complexity("hand", "2020", "hs4", currency="USD", proximity=True)
        local_mirror = w.mirror("own", "theirs", "2020", currency="USD")
        w.ingest(markets_data.write_hand(tmp_path / "m.csv"), "m", currency="USD")
        local_markets = w.export_markets("m", "854140", "CHN", "2023", currency="USD")
    # the server in its own process: it owns the file, this process reaches it by HTTP
    server = subprocess.Popen(
        [sys.executable, "-m", "tradestat.cli", "serve", "--port", str(_free_port()),
         "--warehouse", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240  # a busy machine
        while owner.find(path) is None:
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        remote = tradestat.connect(path)
        assert isinstance(remote, RemoteWarehouse)
        got = remote.complexity("hand", "2020", "hs4", currency="USD", proximity=True)
        assert got.rows() == local.rows() and got.proximity.rows() == local.proximity.rows()
        assert remote.mirror("own", "theirs", "2020", currency="USD").rows() == local_mirror.rows()
        markets = remote.export_markets("m", "854140", "CHN", "2023", currency="USD")
        assert markets.rows() == local_markets.rows() and len(markets) == 3
    finally:
        server.terminate()
        server.wait(30)
