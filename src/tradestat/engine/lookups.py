"""What a front end asks an engine about the warehouse besides queries: the datasets,
one dataset, its extent, and dropping what the engine read when the warehouse changed.

Front ends (the server's gate and service, a caller's disclosed view, the bulletin
builder) hold engines but never reach into their catalog: these named methods are the
whole of what they use, so the catalog's layout can change without them
(``tests/core/test_layout.py`` keeps it so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tradestat.engine.catalog import EngineCatalog
    from tradestat.model.dataset import Dataset


class CatalogLookups:
    """Mixed into :class:`tradestat.engine.runner.Engine`; reads through its catalog, so
    the answers are those the engine's queries see (same cache, same generation)."""

    catalog: EngineCatalog

    def datasets(self) -> list[Dataset]:
        """Every dataset, by name (as the DuckDB file lists them)."""
        found = self.catalog.datasets
        return [found[name] for name in sorted(found)]

    def dataset(self, name: str) -> Dataset:
        """The dataset ``name``; DatasetError naming the known ones if there is none."""
        return self.catalog.dataset(name)

    def has_dataset(self, name: str) -> bool:
        return name in self.catalog.datasets

    def dataset_stats(self, ds: Dataset) -> dict[str, Any]:
        """Rows, latest rows, first and last period and vintages of ``ds``, from the
        vintage summary the catalog read (it never scans the facts)."""
        from tradestat.store.catalog import stats_of_vintages

        return stats_of_vintages(self.catalog.vintages, ds)

    def dataset_info(self, name: str) -> dict[str, Any]:
        """The dataset's settings and its figures' extent, as every warehouse gives them."""
        from tradestat.store.catalog import dataset_info

        ds = self.dataset(name)
        return dataset_info(ds, self.dataset_stats(ds))

    def drop_caches(self) -> None:
        """Forget what was read about the warehouse (datasets, vintages, plans of this
        engine alone): called when its generation changed (an ingest, a dataset edit)."""
        self.catalog.invalidate()

    @property
    def left_out(self) -> dict[str, Any]:
        """Bulletin statements left out, with their reasons, kept until the warehouse
        changes (tradestat.report.planning)."""
        return self.catalog.left_out
