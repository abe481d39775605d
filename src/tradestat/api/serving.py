"""What ``tradestat serve`` needs to own a warehouse file while it serves: a token, and
the note beside the file that sends this machine's CLI calls and notebooks through the
server (``tradestat.store.owner`` keeps the note; ``tradestat.connect`` reads it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def new_owner_token() -> str:
    """A random token; whoever holds it may act as the file's owner on the server."""
    from tradestat.store import owner

    return owner.new_token()


def claim_ownership(warehouse: Path, url: str, token: str) -> Any:
    """Write the note naming this process, ``url`` and ``token`` (owner-only, atomic);
    pass what it returns to :func:`release_ownership`."""
    from tradestat.store import owner

    return owner.claim(Path(warehouse), url, token)


def release_ownership(warehouse: Path, note: Any) -> None:
    """Remove the note if it is still this process's."""
    from tradestat.store import owner

    owner.release(Path(warehouse), note)
