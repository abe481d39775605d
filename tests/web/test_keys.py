"""API keys: the CLI creates (printed once), lists and revokes; stored only hashed."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from tradestat.cli.main import app
from tradestat.web.keys import KeyStore, default_keys_path
from tradestat.web.scopes import AccessDenied, parse_scope


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_create_list_revoke(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    out = run(
        "keys",
        "create",
        "--scope",
        "read:customs",
        "--scope",
        "ingest:*",
        "--name",
        "ci",
        "--warehouse",
        wh,
    )
    assert out.exit_code == 0, out.output
    key = out.output.strip().splitlines()[-1]
    assert key.startswith("tsk_")
    store = KeyStore(default_keys_path(tmp_path / "w.duckdb"))
    p = store.verify(key)
    assert p is not None and p.name == "ci" and p.scope_names() == ["read:customs", "ingest:*"]
    listed = run("keys", "list", "--output", "json", "--warehouse", wh).output
    assert "read:customs ingest:*" in listed and key not in listed
    assert run("keys", "revoke", p.key_id, "--warehouse", wh).exit_code == 0
    assert store.verify(key) is None
    assert run("keys", "revoke", p.key_id, "--warehouse", wh).exit_code == 2
    assert p.key_id not in run("keys", "list", "--warehouse", wh).output
    assert p.key_id in run("keys", "list", "--all", "--output", "csv", "--warehouse", wh).output


@pytest.mark.parametrize("scope", ["read", "write:customs", "read:Customs", "read:a b", ":x"])
def test_cli_refuses_bad_scopes(tmp_path, scope):
    out = run("keys", "create", "--scope", scope, "--warehouse", str(tmp_path / "w.duckdb"))
    assert out.exit_code == 2 and "invalid scope" in out.output


def test_only_a_salted_hash_is_stored(tmp_path):
    store = KeyStore(tmp_path / "k.sqlite")
    _, key = store.create(["read:*"])
    _, other = store.create(["read:*"])
    secret = key.split("_", 2)[2]
    raw = (tmp_path / "k.sqlite").read_bytes()
    assert secret.encode() not in raw and key.encode() not in raw
    salts = sqlite3.connect(tmp_path / "k.sqlite").execute("SELECT salt FROM api_keys").fetchall()
    assert len({s for (s,) in salts}) == 2
    assert store.verify(key) and store.verify(other)
    assert store.verify(key + "x") is None and store.verify("") is None


def test_default_store_sits_beside_the_warehouse(tmp_path, monkeypatch):
    monkeypatch.delenv("TRADESTAT_KEYS", raising=False)
    assert default_keys_path(tmp_path / "w.duckdb") == tmp_path / "w.duckdb.keys.sqlite"
    monkeypatch.setenv("TRADESTAT_KEYS", str(tmp_path / "elsewhere.sqlite"))
    assert default_keys_path(tmp_path / "w.duckdb") == tmp_path / "elsewhere.sqlite"


def test_scope_rules():
    from tradestat.web.scopes import Principal

    p = Principal("id", "n", tuple(parse_scope(s) for s in ["read:*", "confidential:customs"]))
    assert p.may_read("anything", published=True) and not p.may_read("other", published=False)
    assert p.confidential("customs") and p.may_read("customs", published=False)
    assert not p.confidential("other")
    with pytest.raises(AccessDenied, match="not published"):
        p.check_read("other", published=False)
    with pytest.raises(AccessDenied, match="ingest"):
        p.check_ingest("customs")
    admin = Principal("a", "a", (parse_scope("admin:customs"),))
    admin.check_ingest("customs")
    admin.check_admin("customs")
    assert admin.confidential("customs") and not admin.could_read("other")
