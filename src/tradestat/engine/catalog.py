"""Dataset metadata read through the Ibis backend, so DuckDB and Spark share it.

Read once per engine and cached: a DuckDB warehouse has one writer, and the engine
is told (``invalidate``) when that writer commits a batch.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from tradestat.engine.caches import SharedCaches
from tradestat.engine.inline import to_arrow
from tradestat.errors import DatasetError, QueryError
from tradestat.model.dataset import Dataset
from tradestat.store import distinct_values

MEMO_SIZE = 512


def _table_rows(backend: Any, name: str) -> list[dict[str, Any]]:
    try:
        return to_arrow(backend, backend.table(name)).to_pylist()
    except Exception:  # a warehouse (or a Parquet export) without that table
        return []


def _read_rates(backend: Any, basis: str) -> tuple[dict, dict, str]:
    from tradestat import reference
    from tradestat.engine.money import MARKET_SOURCE

    if basis != "market":
        rows = [r for r in _table_rows(backend, "fx_rates_basis") if r["basis"] == basis]
        if not rows:
            raise QueryError(
                "fx_basis",
                f"no rates imported for basis {basis!r} "
                f"(`tradestat fx import FILE --basis {basis}`)",
            )
        monthly = {(r["currency"], r["period"]): r["per_usd"] for r in rows}
        sources = sorted({r["source"] for r in rows if r["source"]})
        return monthly, {}, f"{basis} rates imported from {', '.join(sources) or 'a file'}"
    monthly = reference.fx_monthly_map()
    own = _table_rows(backend, "fx_rates_user")
    monthly.update({(r["currency"], r["period"]): r["per_usd"] for r in own})
    own_years = {(r["currency"], r["period"].year) for r in own}
    annual = {k: v for k, v in reference.fx_annual_map().items() if k not in own_years}
    source = MARKET_SOURCE + (", overlaid by the warehouse's own rates" if own else "")
    return monthly, annual, source


class EngineCatalog:
    def __init__(self, backend: Any, caches: SharedCaches, shared: bool = False) -> None:
        self.backend = backend
        self._codes: dict[str, list[tuple[str, str | None]]] = {}
        self._memo: dict[Any, Any] = {}  # small answers about the data (currencies, places ...)
        self.resolved: dict[Any, Any] = {}  # TradeQuery -> resolve.Resolved
        # shared with the other engines of a pool, which clears them (caches.SharedCaches)
        self.shared = shared
        self.plans = caches.plans  # TradeQuery -> runner.Plan, built from this state
        self.protected = caches.protected  # whole breakdown -> protected.Cells
        self.patterns = caches.patterns  # universe -> hidden cells; whole -> split cells
        self.shapes = caches.shapes  # query shape -> shapes.Template (or a state)
        self.left_out: dict[str, Any] = {}  # bulletin statements left out (report.planning)

    def invalidate(self) -> None:
        self.__dict__.pop("datasets", None)
        self.__dict__.pop("vintages", None)
        self._codes.clear()
        self._memo.clear()
        self.resolved.clear()
        if not self.shared:
            for cache in (self.plans, self.protected, self.shapes, self.patterns):
                cache.clear()
        self.left_out.clear()

    def memo(self, key: Any, compute: Any) -> Any:
        """``compute()`` once per key until the catalog changes (bounded: oldest dropped)."""
        if key not in self._memo:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = compute()
        return self._memo[key]

    def distinct(self, ds: Dataset, kind: str) -> list[dict[str, Any]]:
        """The distinct values of ``kind`` (tradestat.store.distinct_values.KINDS) in a dataset's
        facts: from the small table ingest keeps, or read from the facts where the
        warehouse keeps none (an older file opened read-only, or its older export)."""

        def read() -> list[dict[str, Any]]:
            kept = distinct_values.KINDS[kind]
            meta = self.memo(("ts_meta",), lambda: _table_rows(self.backend, "ts_meta"))
            if distinct_values.ready(meta, ds.name):
                t = self.backend.table(kept.table)
                rows = t.filter(t.dataset == ds.name).select(*kept.columns)
            else:
                t = self.backend.table(ds.table)
                rows = t.filter(t[kept.required].notnull()).select(*kept.columns).distinct()
            return to_arrow(self.backend, rows).to_pylist()

        return self.memo(("distinct", kind, ds.name), read)

    def currencies(self, ds: Dataset) -> list[str]:
        """The currencies a dataset's records were recorded in."""
        return sorted(r["currency"] for r in self.distinct(ds, "currencies") if r["currency"])

    def places(self, ds: Dataset) -> list[Any]:
        """The distinct places (region, province, city) of a dataset's rows."""
        from tradestat.engine.places import Place

        found = sorted(self.distinct(ds, "places"), key=lambda r: r["region"])
        return [Place(r["region"], r["province"], r["city"]) for r in found]

    def rates(self, basis: str) -> tuple[dict, dict, str]:
        """Monthly {(currency, month): per_usd}, annual {(currency, year): per_usd} and the
        source of an exchange-rate basis, as ingest converts at them."""
        return self.memo(("rates", basis), lambda: _read_rates(self.backend, basis))

    @cached_property
    def datasets(self) -> dict[str, Dataset]:
        from tradestat.store.catalog import dataset_from_row

        rows = to_arrow(self.backend, self.backend.table("datasets")).to_pylist()
        return {r["name"]: dataset_from_row(r) for r in rows}

    def dataset(self, name: str) -> Dataset:
        try:
            return self.datasets[name]
        except KeyError:
            known = ", ".join(sorted(self.datasets)) or "none yet"
            raise DatasetError(f"unknown dataset {name!r} (datasets: {known})") from None

    @cached_property
    def vintages(self) -> list[dict[str, Any]]:
        """Rows of vintage_summary: dataset, period, vintage, rows, latest_rows, first_rows."""
        return to_arrow(self.backend, self.backend.table("vintage_summary")).to_pylist()

    def codes(self, ds: Dataset) -> list[tuple[str, str | None]]:
        """Distinct (hs_code, hs_edition) of a dataset, for product-group membership."""
        if ds.name not in self._codes:
            found = [(r["hs_code"], r["hs_edition"]) for r in self.distinct(ds, "codes")]
            # sorted: DISTINCT returns them in any order, and membership tables built from
            # them (their VALUES, their content-named temp tables) must not change with it
            self._codes[ds.name] = sorted(found, key=lambda c: (c[0], c[1] or ""))
        return self._codes[ds.name]
