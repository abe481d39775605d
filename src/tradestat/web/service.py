"""What the REST API and the explorer do, in one place: check the caller's scopes, then
call the engine. Neither front end computes a figure; both call these methods, so a
figure served by the API and one shown in the explorer are the same figure.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradestat.web.cache import ResultCache
from tradestat.web.disclosed import DisclosedWarehouse
from tradestat.web.gate import QueryGate
from tradestat.web.keys import KeyStore, default_keys_path
from tradestat.web.scopes import AccessDenied, Principal, Scope

if TYPE_CHECKING:
    from tradestat.api.protocol import WritableWarehouse

__all__ = ["DisclosedWarehouse", "Service", "Settings"]

# whoever holds the owner token may open the warehouse file itself (tradestat.store.owner)
OWNER = Principal("owner", "the warehouse's owner", (Scope("admin", "*"),))


class ReadOnlyServer(Exception):
    """A write (ingest, publish) on a server started with --read-only (HTTP 409)."""


class ResultTooLarge(Exception):
    """A result with more rows than the server returns (HTTP 400)."""


@dataclass
class Settings:
    warehouse_path: Path
    keys_path: Path | None = None
    read_only: bool = False
    max_request_bytes: int = 1 << 20  # JSON bodies and forms
    max_upload_bytes: int = 64 << 20  # ingest uploads
    max_result_rows: int = 100_000
    query_slots: int = 4  # queries run at once; more wait for a slot
    query_timeout: float = 60.0
    cache_size: int = 256  # results kept until the next write; 0 turns the cache off
    owner_token: str | None = None  # the token of the note `tradestat serve` leaves
    upload_dir: Path | None = None  # default: the system temporary folder
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.warehouse_path = Path(self.warehouse_path)
        self.keys_path = Path(self.keys_path or default_keys_path(self.warehouse_path))


class Service:
    def __init__(self, settings: Settings) -> None:
        import tradestat

        self.settings = settings
        self.warehouse: WritableWarehouse = tradestat.connect(
            settings.warehouse_path, read_only=settings.read_only
        )
        self.keys = KeyStore(settings.keys_path or "")
        self.gate = QueryGate(self.warehouse, settings.query_slots)
        self.cache = ResultCache(settings.cache_size)

    def close(self) -> None:
        self.warehouse.close()

    def authenticate(self, key: str) -> Principal | None:
        token = self.settings.owner_token
        if token and secrets.compare_digest(key.encode(), token.encode()):
            return OWNER
        return self.keys.verify(key)

    def is_owner(self, p: Principal) -> bool:
        return p is OWNER

    # --- datasets ------------------------------------------------------------
    def datasets(self, p: Principal) -> list[dict[str, Any]]:
        """Datasets this key may read or ingest into, with what it may do with each."""
        with self.gate.lease() as (engine, _):
            return [
                self._info(p, ds, engine)
                for ds in engine.datasets()
                if p.may_read(ds.name, ds.published) or "ingest" in p.actions(ds.name)
            ]

    def dataset_info(self, p: Principal, name: str) -> dict[str, Any]:
        with self.gate.lease() as (engine, _):
            ds = self._readable(p, engine, name)
            return self._info(p, ds, engine)

    def _info(self, p: Principal, ds: Any, engine: Any) -> dict[str, Any]:
        return {
            "name": ds.name,
            "description": ds.description,
            "grain": list(ds.grain),
            "reporter": ds.reporter,
            "home_currency": ds.home_currency,
            "published": ds.published,
            **engine.dataset_stats(ds),
            "disclosure": {
                **ds.disclosure.as_dict(),
                "applied_for_you": not p.confidential(ds.name),
                "perturbed_for_you": not p.confidential(ds.name),
            },
            "access": p.actions(ds.name),
        }

    def _readable(self, p: Principal, engine: Any, name: Any) -> Any:
        """The dataset ``name`` if this key may read it: 403 before 404, so a key
        cannot probe which datasets exist outside its scopes."""
        from tradestat.errors import DatasetError
        from tradestat.model.dataset import check_name

        check_name(name if isinstance(name, str) else "")
        if not p.could_read(name):
            raise AccessDenied(f"this key has no read scope for dataset {name!r}")
        if not engine.has_dataset(name):  # name only what this key may read
            seen = [d.name for d in engine.datasets() if p.may_read(d.name, d.published)]
            raise DatasetError(f"unknown dataset {name!r} (datasets: {', '.join(seen) or 'none'})")
        ds = engine.dataset(name)
        p.check_read(name, ds.published)
        return ds

    # --- queries -------------------------------------------------------------
    def query(self, p: Principal, body: Any, with_sql: bool = False) -> Any:
        """Run a TradeQuery given as its JSON form; disclosure control unless the key
        has the confidential scope for the dataset. ``with_sql`` adds the SQL to the
        provenance (it costs a second compilation, so it is asked for, not default)."""
        from tradestat.engine.result import Result
        from tradestat.errors import QueryError
        from tradestat.query.tradequery import TradeQuery

        q = TradeQuery.from_dict(body)
        limit = self.settings.max_result_rows
        if q.top is not None and q.top > limit:  # also keeps LIMIT within DuckDB's int64
            raise QueryError("top", f"must be at most {limit:,} on this server")
        confidential = p.confidential(q.dataset)
        # scopes are checked on every request, cached answer or not, on the gate's
        # catalog engine: no query slot
        with self.gate.catalog() as engine:
            self._readable(p, engine, q.dataset)
        key = (q.to_json(), confidential, with_sql)
        generation, result = self.cache.get(key)
        cached = result is not None
        if not cached:
            with self.gate.lease(self.settings.query_timeout) as (engine, _):
                result = engine.run(q, confidential=confidential, with_sql=with_sql)
            self.cache.put(generation, key, result)
        if len(result) > self.settings.max_result_rows:
            raise ResultTooLarge(
                f"the result has {len(result):,} rows, more than the "
                f"{self.settings.max_result_rows:,} this server returns: add `top` or filters"
            )
        prov = {**result.provenance, "disclosure_control": not confidential, "cached": cached}
        return Result(result.table, prov)

    # --- bulletins -----------------------------------------------------------
    def report_specs(self) -> list[str]:
        _report_module()
        from tradestat.report.spec.loader import BUILTIN

        return sorted(BUILTIN)

    def bulletin(self, p: Principal, spec: str, dataset: str | list[str], period: str,
                 base_period: str | None = None, lang: str = "en") -> Any:  # fmt: skip
        """Build a built-in bulletin over one or more datasets; its queries run with the
        caller's disclosure setting on each dataset. Only built-in spec names are
        accepted: a spec may also be a file path, and no path from the network reaches
        the loader."""
        report = _report_module()
        if spec not in self.report_specs():
            raise UnknownSpec(
                f"unknown bulletin {spec!r} (known: {', '.join(self.report_specs())})"
            )
        datasets = [dataset] if isinstance(dataset, str) else list(dataset)
        with self.gate.lease(self.settings.query_timeout) as (engine, _):
            for name in datasets:
                self._readable(p, engine, name)
            exact = {name: p.confidential(name) for name in datasets}
            scoped = DisclosedWarehouse(self.warehouse, engine, exact)
            return report.build_bulletin(scoped, spec, datasets, period, base_period=base_period,
                                         lang=lang, confidential=all(exact.values()))  # fmt: skip

    # --- writes --------------------------------------------------------------
    def ingest(self, p: Principal, dataset: str, path: Path, fmt: str, **kw: Any) -> Any:
        from tradestat.model.dataset import check_name

        check_name(dataset)
        p.check_ingest(dataset)
        self.check_writable()
        try:
            return self.warehouse.ingest(path, dataset, fmt, **kw)
        finally:
            self.cache.invalidate()

    def rejects(self, p: Principal, dataset: str, batch_id: int, limit: int) -> list[dict]:
        from tradestat.model.dataset import check_name

        check_name(dataset)
        p.check_ingest(dataset)
        with self.gate.lease():
            rows = self.warehouse.rejects(dataset, batch_id, limit).to_pylist()
        keep = ("batch_id", "file", "row_number", "field", "reason", "raw")
        return [{k: r.get(k) for k in keep} for r in rows]

    def set_published(self, p: Principal, name: str, published: bool) -> dict[str, Any]:
        from tradestat.model.dataset import check_name

        check_name(name)
        p.check_admin(name)
        self.check_writable()
        with self.gate.lease():
            self.warehouse.update_dataset(name, published=bool(published))
        self.cache.invalidate()
        return self.dataset_info(p, name)

    def check_writable(self) -> None:
        if self.settings.read_only:
            raise ReadOnlyServer("this server opened the warehouse read-only (--read-only)")


def settings_from_env(warehouse_path: str | os.PathLike | None, **kw: Any) -> Settings:
    from tradestat.api.warehouse import resolve_path

    return Settings(warehouse_path=resolve_path(warehouse_path), **kw)


class BulletinsUnavailable(Exception):
    """The report package is not installed in this build (HTTP 501)."""


class UnknownSpec(Exception):
    """A bulletin name that is not one of the built-in specs (HTTP 404)."""


def _report_module() -> Any:
    try:
        from tradestat import report
    except ImportError:
        raise BulletinsUnavailable("bulletins are not part of this installation") from None
    if not hasattr(report, "build_bulletin"):
        raise BulletinsUnavailable("bulletins are not part of this installation")
    return report
