"""`tradestat keys`: create, list and revoke API keys of the REST API and explorer.

Keys are stored hashed in ``<warehouse>.keys.sqlite`` (or ``--keys`` /
``$TRADESTAT_KEYS``), which the CLI can change while a server is running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import OutputOpt, WarehouseOpt, console, fail, print_rows

app = typer.Typer(help="API keys for `tradestat serve` (stored hashed).", no_args_is_help=True)

KeysOpt = Annotated[
    Path | None,
    typer.Option(
        "--keys", help="Key store (default: <warehouse>.keys.sqlite).", show_default=False
    ),
]


def _store(keys: Path | None, wh: Path | None):
    from tradestat.api.warehouse import resolve_path
    from tradestat.web.keys import KeyStore, default_keys_path

    return KeyStore(keys or default_keys_path(resolve_path(wh)))


@app.command("create")
def create(
    scope: Annotated[
        list[str],
        typer.Option(
            "--scope",
            "-s",
            help="ACTION:DATASET, e.g. read:customs or read:* "
            "(actions: read, ingest, confidential, admin). Repeat for more.",
        ),
    ],
    name: Annotated[str, typer.Option("--name", "-n", help="A label to recognise it by.")] = "",
    keys: KeysOpt = None,
    wh: WarehouseOpt = None,
) -> None:
    """Create a key and print it once: it is stored only as a hash."""
    store = _store(keys, wh)
    try:
        info, key = store.create(scope, name)
    except ValueError as exc:
        fail(str(exc))
    console.print(f"key {info.id} ({info.name}) with scopes {', '.join(info.scopes)}")
    console.print("store it now; it cannot be shown again:", style="yellow")
    typer.echo(key)


@app.command("list")
def list_keys(
    all: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False,
    output: OutputOpt = "table",
    keys: KeysOpt = None,
    wh: WarehouseOpt = None,
) -> None:
    """List keys: id, name, scopes, created, revoked (never the key itself)."""
    rows = [
        {"id": k.id, "name": k.name, "scopes": " ".join(k.scopes), "created_at": k.created_at,
         "revoked_at": k.revoked_at}
        for k in _store(keys, wh).list()
        if all or k.active
    ]  # fmt: skip
    print_rows(rows, ["id", "name", "scopes", "created_at", "revoked_at"], output, title="keys")


@app.command("revoke")
def revoke(key_id: str, keys: KeysOpt = None, wh: WarehouseOpt = None) -> None:
    """Revoke a key by id; requests with it are refused from then on."""
    if not _store(keys, wh).revoke(key_id):
        fail(f"no active key with id {key_id!r} (see `tradestat keys list`)")
    console.print(f"key {key_id} revoked")
