"""`tradestat mirror`: a reporter's trade as it reported it and as its partners did."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from tradestat.cli.common import OutputOpt, WarehouseOpt, print_analysis, warehouse

Flow = Literal["export", "import"]


def register(app: typer.Typer) -> None:
    app.command()(mirror)


def mirror(
    reported: Annotated[str, typer.Argument(help="Dataset of the reporter's own figures.")],
    partner_reported: Annotated[
        str, typer.Argument(help="Dataset of partner-reported figures (with reporters).")
    ],
    period: Annotated[str, typer.Option(help="Period, e.g. 2023.")],
    reporter: Annotated[str, typer.Option(help="The reporter compared.")] = "CHN",
    flow: Annotated[Flow, typer.Option(help="The reporter's exports or imports.")] = "export",
    by: Annotated[
        str | None, typer.Option(help="Also break down by: year, hs2, hs4, hs6 (comma list).")
    ] = None,
    partners: Annotated[str | None, typer.Option(help="Only these partners (ISO3 list).")] = None,
    cif_fob_margin: Annotated[
        float | None, typer.Option(help="CIF/FOB margin, e.g. 0.1: adds *_adjusted columns.")
    ] = None,
    both: Annotated[bool, typer.Option(help="Only partners present on both sides.")] = False,
    currency: Annotated[str | None, typer.Option(help="CNY or USD.")] = None,
    public: Annotated[bool, typer.Option(help="Apply disclosure control to both sides.")] = False,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """Reported, mirror, gap (mirror - reported) and ratio (mirror / reported) by partner."""
    options = {"currency": currency.upper()} if currency else {}
    with warehouse(wh, read_only=True) as w:
        result = w.mirror(
            reported, partner_reported, period, reporter, flow,
            by=[b.strip() for b in by.split(",")] if by else [],
            partners=[p.strip().upper() for p in partners.split(",")] if partners else None,
            cif_fob_margin=cif_fob_margin, both=both, confidential=not public, **options,
        )  # fmt: skip
    print_analysis(result, output)
