"""API keys: created and revoked by the CLI, checked by the server, stored hashed.

Keys live in a small SQLite file beside the warehouse (``<warehouse>.keys.sqlite``),
not in the DuckDB file: a DuckDB file has one writer process, so while a server holds
the warehouse open the CLI could not add or revoke a key there. SQLite lets both
processes use the store at once, and a revocation takes effect on the next request.

A key reads ``tsk_<id>_<secret>``. Only the id (to find the row), a per-key salt and
``sha256(salt + secret)`` are stored. A fast hash is enough here because the secret is
256 random bits, not a password a person chose; a slow hash (scrypt) would add tens
of milliseconds to every request without making a guess any more likely to succeed.

This module imports neither FastAPI nor Jinja2: the CLI uses it too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tradestat.web.scopes import Principal, parse_scope

PREFIX = "tsk"
SCHEMA = """CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
    scopes TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)"""


def default_keys_path(warehouse_path: str | os.PathLike) -> Path:
    """``$TRADESTAT_KEYS`` if set, else the warehouse path with ``.keys.sqlite`` appended."""
    env = os.environ.get("TRADESTAT_KEYS")
    return Path(env) if env else Path(f"{warehouse_path}.keys.sqlite")


@dataclass(frozen=True)
class KeyInfo:
    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class KeyStore:
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        # a short-lived connection per call: safe from any thread and from both processes
        if not self.path.exists():  # salted digests, but still nobody else's to read
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        con = sqlite3.connect(self.path, timeout=10)
        con.execute(SCHEMA)
        return con

    def create(self, scopes: list[str], name: str = "") -> tuple[KeyInfo, str]:
        """Store a new key; returns its info and the full key text (shown once)."""
        normal = tuple(dict.fromkeys(str(parse_scope(s)) for s in scopes))
        if not normal:
            raise ValueError("a key needs at least one --scope")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), os.urandom(16)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as con:
            con.execute(
                "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (key_id, name or key_id, salt, _digest(salt, secret), json.dumps(normal), created),
            )
        con.close()
        info = KeyInfo(key_id, name or key_id, normal, created, None)
        return info, f"{PREFIX}_{key_id}_{secret}"

    def list(self) -> list[KeyInfo]:
        if not self.path.exists():
            return []
        con = self._connect()
        try:
            rows = con.execute(
                "SELECT id, name, scopes, created_at, revoked_at FROM api_keys ORDER BY created_at"
            ).fetchall()
        finally:
            con.close()
        return [KeyInfo(r[0], r[1], tuple(json.loads(r[2])), r[3], r[4]) for r in rows]

    def revoke(self, key_id: str) -> bool:
        """Revoke by id; False when no active key has that id."""
        if not self.path.exists():
            return False
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as con:
            cur = con.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (now, key_id),
            )
        con.close()
        return cur.rowcount == 1

    def verify(self, key: str) -> Principal | None:
        """The principal of an active key, or None for anything else."""
        parts = key.split("_", 2) if isinstance(key, str) else []
        if len(parts) != 3 or parts[0] != PREFIX or not self.path.exists():
            return None
        return self._principal(parts[1], parts[2])

    def principal_by_id(self, key_id: str) -> Principal | None:
        """The principal of an active key by id (explorer sessions re-check revocation)."""
        return self._principal(key_id, None)

    def _principal(self, key_id: str, secret: str | None) -> Principal | None:
        con = self._connect()
        try:
            row = con.execute(
                "SELECT name, salt, hash, scopes FROM api_keys WHERE id = ? AND revoked_at IS NULL",
                (key_id,),
            ).fetchone()
        finally:
            con.close()
        if row is None:
            return None
        name, salt, stored, scopes = row
        if secret is not None and not hmac.compare_digest(_digest(salt, secret), stored):
            return None
        return Principal(key_id, name, tuple(parse_scope(s) for s in json.loads(scopes)))


def _digest(salt: bytes, secret: str) -> bytes:
    return hashlib.sha256(salt + secret.encode("utf-8")).digest()
