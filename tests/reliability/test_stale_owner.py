"""A server note left behind by a server that was killed: the note of a dead (or not
yet reaped) process is ignored, and a note whose server does not answer says what to
do about it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tradestat
from tradestat.errors import WarehouseLocked
from tradestat.store import owner

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are read from /proc")
def test_a_killed_server_not_yet_reaped_owns_nothing(tmp_path):
    wh = tmp_path / "w.duckdb"
    with tradestat.connect(wh) as w:
        w.ingest(FIX / "customs.csv", "customs")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        # the note names the child, as a server's names the server
        note = {"pid": child.pid, "url": f"http://127.0.0.1:{_free_port()}", "token": "t"}
        owner.note_path(wh).write_text(json.dumps(note), encoding="utf-8")
        assert owner.find(wh) is not None  # alive: it owns the file
        os.kill(child.pid, signal.SIGKILL)  # killed, and not waited for: a zombie
        deadline = time.monotonic() + 10
        while not owner._zombie(child.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert owner.find(wh) is None
        with tradestat.connect(wh, read_only=True) as w:  # the file itself, at once
            assert w.query({"dataset": "customs", "period": "2023"}).scalar() is not None
    finally:
        child.kill()
        child.wait()


def test_a_server_that_does_not_answer_says_which_note_to_delete(tmp_path):
    wh = tmp_path / "w.duckdb"
    with tradestat.connect(wh) as w:
        w.ingest(FIX / "customs.csv", "customs")
    # a live process (this one) named by a note whose address no server listens on: a
    # process id taken over by another program after the server was killed
    owner.claim(wh, f"http://127.0.0.1:{_free_port()}", owner.new_token())
    w = tradestat.connect(wh)
    with pytest.raises(WarehouseLocked) as err:
        w.query({"dataset": "customs", "period": "2023"})
    assert f"delete {owner.note_path(wh)} and try again" in str(err.value)
    owner.note_path(wh).unlink()
    with tradestat.connect(wh, read_only=True) as again:
        assert again.query({"dataset": "customs", "period": "2023"}).scalar() is not None
