"""Who owns a warehouse file while a server runs on it.

DuckDB lets one process open a database file for writing, and no other process open
it at all meanwhile. So that the server, analysts' CLI calls and notebooks, and an
ingest can work on one warehouse at the same time, ``tradestat serve`` owns the file
and says so in ``<warehouse>.server.json`` (its process id, its local address and a
random token; readable by the file's owner only). ``tradestat.connect`` finds that
note and talks to the server instead of the file: queries and ingests then run inside
the server process, where DuckDB's own transactions let every reader see each batch
atomically once committed, while the ingest runs, without waiting for it.

The token gives what opening the file gives (any user who can read the note can read
the warehouse file beside it), so the server treats it as an admin key for every
dataset.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".server.json"


@dataclass(frozen=True)
class Owner:
    pid: int
    url: str
    token: str


def note_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + SUFFIX)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def claim(warehouse: Path, url: str, token: str) -> Owner:
    """Write the note (mode 0600, replaced atomically) for this process."""
    owner = Owner(os.getpid(), url, token)
    target = note_path(warehouse)
    tmp = target.with_name(f".{target.name}.{owner.pid}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"pid": owner.pid, "url": url, "token": token}, out)
    os.replace(tmp, target)
    return owner


def release(warehouse: Path, owner: Owner) -> None:
    """Remove the note if it is still this owner's."""
    found = _read(note_path(warehouse))
    if found is not None and found.token == owner.token:
        with contextlib.suppress(FileNotFoundError):
            note_path(warehouse).unlink()


def find(warehouse: Path) -> Owner | None:
    """The live server owning ``warehouse``, if any (a note left by a process that has
    died is ignored)."""
    owner = _read(note_path(warehouse))
    if owner is None or not _alive(owner.pid):
        return None
    return owner


def _read(path: Path) -> Owner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Owner(int(data["pid"]), str(data["url"]), str(data["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed server its parent has not reaped yet: it answers signals, not requests."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (macOS) or gone meanwhile
        return False
    return stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X")  # after "(command name)"
