"""``complexity``, ``mirror`` and ``export_markets`` as methods of every warehouse
(DuckDB, Spark, one reached through a server): each computes from the answers of the warehouse's own
``query``, so the engine it runs on, and its disclosure control, are the warehouse's."""

from __future__ import annotations

from typing import Any


class AnalyticsMethods:
    """Mixed into a class with ``query(TradeQuery | dict, **kw) -> Result``."""

    query: Any

    def complexity(
        self, dataset: str, period: str, product_level: str = "hs4",
        rca_threshold: float = 1.0, **kw: Any,
    ) -> Any:  # fmt: skip
        """RCA and economic complexity of ``dataset``'s exports, one row per year x
        reporter x product (``tradestat.analytics.complexity``); ``proximity=True`` adds
        the proximity matrix, ``confidential=False`` the disclosure policy."""
        from tradestat.analytics.complexity import complexity

        return complexity(self.query, dataset, period, product_level, rca_threshold, **kw)

    def mirror(
        self, reported: str, partner_reported: str, period: str, reporter: str = "CHN",
        flow: str = "export", **kw: Any,
    ) -> Any:  # fmt: skip
        """Mirror statistics: ``reporter``'s trade as reported in ``reported`` next to
        its partners' figures in ``partner_reported`` (``tradestat.analytics.mirror``)."""
        from tradestat.analytics.mirror import mirror

        return mirror(self.query, reported, partner_reported, period, reporter, flow, **kw)

    def export_markets(
        self, dataset: str, product: str, exporter: str = "CHN", period: str = "", **kw: Any
    ) -> Any:
        """Markets for ``product`` from ``exporter``: imports, growth, the exporter's share,
        RCA and untapped potential (``tradestat.analytics.markets``)."""
        from tradestat.analytics.markets import export_markets

        return export_markets(self.query, dataset, product, exporter, period, **kw)
