"""`tradestat markets`: where an exporter could sell a product (export-market finder)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from tradestat.cli.common import OutputOpt, WarehouseOpt, print_analysis, warehouse

Demand = Literal["imports", "exports"]
Order = Literal["untapped_value", "import_value", "import_growth_pct", "exporter_share_pct"]


def register(app: typer.Typer) -> None:
    app.command()(markets)


def markets(
    dataset: Annotated[str, typer.Argument(help="Dataset with reporters (many economies).")],
    product: Annotated[str, typer.Argument(help="HS code (2, 4 or 6 digits) or product group.")],
    period: Annotated[str, typer.Option(help="Period, e.g. 2023.")],
    exporter: Annotated[str, typer.Option(help="The exporter looking for markets.")] = "CHN",
    years: Annotated[int, typer.Option(help="Years back for growth and share change.")] = 5,
    demand: Annotated[
        Demand, typer.Option(help="imports: markets' own reports; exports: mirrored.")
    ] = "imports",
    top: Annotated[int | None, typer.Option(help="Only the first N markets.")] = None,
    order_by: Annotated[Order, typer.Option(help="Rank markets by this column.")] = (
        "untapped_value"
    ),
    currency: Annotated[str | None, typer.Option(help="CNY or USD.")] = None,
    public: Annotated[bool, typer.Option(help="Apply disclosure control.")] = False,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """Markets ranked by untapped potential: imports, growth, the exporter's share, RCA."""
    options = {"currency": currency.upper()} if currency else {}
    with warehouse(wh, read_only=True) as w:
        result = w.export_markets(
            dataset, product, exporter, period, years=years, demand=demand, top=top,
            order_by=order_by, confidential=not public, **options,
        )  # fmt: skip
    print_analysis(result, output)
