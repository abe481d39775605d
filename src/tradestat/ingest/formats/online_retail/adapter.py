"""The UCI Online Retail layout (``--format online-retail``): the orders adapter with the
layout shipped in this package's ``data/online-retail.yaml``."""

from __future__ import annotations

from tradestat.errors import IngestError
from tradestat.ingest.formats.base import register
from tradestat.ingest.formats.orders.adapter import OrdersAdapter
from tradestat.ingest.options import IngestOptions


@register
class OnlineRetailAdapter(OrdersAdapter):
    name = "online-retail"
    description = "UCI Online Retail layout: CSV, xlsx, Parquet, or a folder of daily CSVs"
    preset = "online-retail"

    def __init__(self, options: IngestOptions) -> None:
        if options.mapping:
            raise IngestError(
                "format 'online-retail' is a fixed layout; for another layout "
                "use --format orders --mapping LAYOUT.yaml"
            )
        super().__init__(options)
