"""A warehouse reached through the server that owns it (see tradestat.store.owner).

``tradestat.connect(path)`` returns one when ``tradestat serve`` runs on ``path``: the
same methods as :class:`tradestat.api.warehouse.Warehouse` for reading and ingesting,
each one call to the server, which runs it on its own connection. Figures are the
server's engine's, byte for byte (Arrow, not JSON). Only the standard library's HTTP
client is used, so a CLI call through the server imports neither Ibis nor FastAPI.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tradestat.analytics.methods import AnalyticsMethods
from tradestat.api import wire
from tradestat.errors import TradestatError, WarehouseLocked
from tradestat.store.owner import Owner

TIMEOUT = 3600.0  # an ingest of a large file runs inside this one call


class RemoteError(TradestatError):
    """The server answered a call with an error (its message, as the CLI would print)."""


class RemoteWarehouse(AnalyticsMethods):
    def __init__(self, owner: Owner, path: Path, read_only: bool = False) -> None:
        self.owner = owner
        self.path = path
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"RemoteWarehouse({str(self.path)!r} served at {self.owner.url})"

    def close(self) -> None:  # nothing held: every call is its own request
        pass

    def __enter__(self) -> RemoteWarehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------
    def query(self, query: Any, *, confidential: bool = True, with_sql: bool = True) -> Any:
        from tradestat.engine.result import Result

        body = {"query": _query_dict(query), "confidential": confidential, "with_sql": with_sql}
        table, provenance = wire.read_arrow(self._call("query", body))
        return Result(table, provenance or {})

    def explain(self, query: Any) -> str:
        return json.loads(self._call("explain", {"query": _query_dict(query)}))

    def datasets(self) -> list[Any]:
        return [wire.dataset_from_dict(d) for d in json.loads(self._call("datasets", {}))]

    def dataset(self, name: str) -> Any:
        return wire.dataset_from_dict(json.loads(self._call("dataset", {"name": name})))

    def dataset_info(self, name: str) -> dict[str, Any]:
        return json.loads(self._call("dataset_info", {"name": name}))

    def rejects(self, dataset: str, batch_id: int | None = None, limit: int | None = None) -> Any:
        body = {"dataset": dataset, "batch_id": batch_id, "limit": limit}
        return wire.read_arrow(self._call("rejects", body))[0]

    def batches(self, dataset: str | None = None) -> Any:
        return wire.read_arrow(self._call("batches", {"dataset": dataset}))[0]

    # --- writing -------------------------------------------------------------
    def ingest(self, source: str | os.PathLike, dataset: str, format: str = "canonical", *,
               options: Any = None, home_currency: str | None = None, description: str = "",
               progress: Any = None, **option_values: Any) -> Any:  # fmt: skip
        """Ingest a file or folder on this machine; the server reads it from its path."""
        from tradestat.ingest.options import ingest_options

        opts = options or ingest_options(**option_values)
        if opts.mapping is not None:
            opts.mapping = Path(opts.mapping).resolve()
        body = {
            "source": str(Path(source).resolve()),
            "dataset": dataset,
            "format": format,
            "options": wire.options_dict(opts),
            "home_currency": home_currency,
            "description": description,
        }
        return wire.report_from_dict(json.loads(self._call("ingest", body)))

    def create_dataset(
        self, name: str, grain: Any, home_currency: str = "CNY", description: str = "",
        disclosure: Any = None, *, time_grain: str = "month", fx_basis: str = "market",
        reporter: str | None = None,
    ) -> Any:  # fmt: skip
        import dataclasses

        body = {"name": name, "grain": list(grain), "home_currency": home_currency,
                "description": description, "time_grain": time_grain,
                "fx_basis": fx_basis, "reporter": reporter}  # fmt: skip
        if disclosure is not None:
            body["disclosure"] = dataclasses.asdict(disclosure)
        return wire.dataset_from_dict(json.loads(self._call("create_dataset", body)))

    def update_dataset(self, name: str, **changes: Any) -> Any:
        body = {"name": name, "changes": changes}
        return wire.dataset_from_dict(json.loads(self._call("update_dataset", body)))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise WarehouseLocked(
            f"warehouse {self.path} is served by `tradestat serve` (process {self.owner.pid}, "
            f"{self.owner.url}); {name!r} needs the file itself: stop the server first, "
            "or use the REST API"
        )

    # --- the call ------------------------------------------------------------
    def _call(self, method: str, body: dict[str, Any]) -> bytes:
        request = urllib.request.Request(
            f"{self.owner.url}/api/v1/local/{method}",
            data=wire.dumps(body),
            headers={
                "Authorization": f"Bearer {self.owner.token}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        for wait in (0.1, 0.3, 1.0, 2.0, None):  # a server starting or busy accepting
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                raise _error(exc) from None
            except urllib.error.URLError as exc:
                if wait is None:
                    reason = exc.reason
                    break
                time.sleep(wait)
        from tradestat.store.owner import note_path

        raise WarehouseLocked(
            f"warehouse {self.path} is owned by a server at {self.owner.url} "
            f"(process {self.owner.pid}) that does not answer: {reason}; if no server runs "
            f"there any more (it was killed), delete {note_path(self.path)} and try again"
        )


def _query_dict(query: Any) -> dict[str, Any]:
    from tradestat.api.warehouse import _as_query

    return _as_query(query).to_dict()


def _error(exc: urllib.error.HTTPError) -> Exception:
    """The server's error as the exception the local warehouse would have raised."""
    from tradestat import errors

    try:
        detail = json.loads(exc.read())["error"]
    except (ValueError, KeyError, TypeError):
        return RemoteError(f"the server answered {exc.code}")
    message = detail.get("message") or f"the server answered {exc.code}"
    kind = getattr(errors, str(detail.get("type", "")), None)
    if isinstance(kind, type) and issubclass(kind, TradestatError) and detail.get("args"):
        try:
            return kind(*detail["args"])
        except TypeError:
            pass
    return RemoteError(message)
