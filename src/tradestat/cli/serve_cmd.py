"""`tradestat serve`: the REST API and web explorer over one warehouse."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import WarehouseOpt, console, fail


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Open the warehouse read-only (no ingest).")
    ] = False,
    keys: Annotated[
        Path | None, typer.Option("--keys", help="Key store (default: <warehouse>.keys.sqlite).")
    ] = None,
    max_upload_mb: Annotated[int, typer.Option(help="Largest ingest upload, MiB.")] = 64,
    query_slots: Annotated[int, typer.Option(help="Queries run at once.")] = 4,
    cache_size: Annotated[
        int, typer.Option(help="Results kept for repeat queries until a write (0: off).")
    ] = 256,
    wh: WarehouseOpt = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /api/docs) and the explorer (/)."""
    try:
        import uvicorn

        from tradestat.web.app import create_app
    except ImportError as exc:
        fail(f"the web extra is not installed ({exc.name}): pip install 'tradestat[web]'")
    from tradestat.api import serving
    from tradestat.errors import TradestatError

    token = serving.new_owner_token()
    try:
        app = create_app(
            wh, read_only=read_only, keys_path=keys, max_upload_bytes=max_upload_mb << 20,
            query_slots=query_slots, cache_size=cache_size, owner_token=token,
        )  # fmt: skip
    except (TradestatError, FileNotFoundError) as exc:
        fail(str(exc))
    svc = app.state.service
    console.print(f"warehouse {svc.settings.warehouse_path}, keys {svc.settings.keys_path}")
    if not svc.keys.list():
        console.print("no API keys yet: create one with `tradestat keys create --scope 'read:*'`",
                      style="yellow")  # fmt: skip
    console.print(f"explorer http://{host}:{port}/  ·  API docs http://{host}:{port}/api/docs")
    # CLI calls and notebooks on this machine reach the warehouse through this server
    # while it runs (tradestat.api.serving)
    local = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
    path, url = svc.settings.warehouse_path, f"http://{local}:{port}"
    notes = []

    def claim_once_listening() -> None:  # the note names an address that answers
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            notes.append(serving.claim_ownership(path, url, token))

    threading.Thread(target=claim_once_listening, daemon=True).start()
    try:
        server.run()
    finally:
        for note in notes:
            serving.release_ownership(path, note)
