"""Dataset metadata read through the Ibis backend, so DuckDB and Spark share it.

Read once per engine and cached: a DuckDB warehouse has one writer, and the engine
is told (``invalidate``) when that writer commits a batch.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from tradestat.errors import DatasetError
from tradestat.model.dataset import Dataset
from tradestat.warehouse.catalog import policy_of


class EngineCatalog:
    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self._codes: dict[str, list[tuple[str, str | None]]] = {}
        self.plans: dict[Any, Any] = {}  # TradeQuery -> runner.Plan, built from this state
        self.protected: dict[Any, Any] = {}  # whole breakdown -> protected.Cells

    def invalidate(self) -> None:
        self.__dict__.pop("datasets", None)
        self.__dict__.pop("vintages", None)
        self._codes.clear()
        self.plans.clear()
        self.protected.clear()

    @cached_property
    def datasets(self) -> dict[str, Dataset]:
        rows = self.backend.table("datasets").to_pyarrow().to_pylist()
        return {
            r["name"]: Dataset(
                name=r["name"],
                grain=tuple(r["grain"]),
                home_currency=r["home_currency"],
                description=r["description"] or "",
                published=bool(r["published"]),
                disclosure=policy_of(
                    r["min_enterprises"],
                    r["dominance_pct"],
                    r.get("protection_pct"),
                    r.get("noise_min_pct"),
                    r.get("noise_max_pct"),
                ),
            )
            for r in rows
        }

    def dataset(self, name: str) -> Dataset:
        try:
            return self.datasets[name]
        except KeyError:
            known = ", ".join(sorted(self.datasets)) or "none yet"
            raise DatasetError(f"unknown dataset {name!r} (datasets: {known})") from None

    @cached_property
    def vintages(self) -> list[dict[str, Any]]:
        """Rows of vintage_summary: dataset, period, vintage, rows, latest_rows, first_rows."""
        return self.backend.table("vintage_summary").to_pyarrow().to_pylist()

    def codes(self, ds: Dataset) -> list[tuple[str, str | None]]:
        """Distinct (hs_code, hs_edition) of a dataset, for product-group membership."""
        if ds.name not in self._codes:
            t = self.backend.table(ds.table)
            pairs = t.select("hs_code", "hs_edition").filter(t.hs_code.notnull()).distinct()
            self._codes[ds.name] = [
                (r["hs_code"], r["hs_edition"]) for r in pairs.to_pyarrow().to_pylist()
            ]
        return self._codes[ds.name]
