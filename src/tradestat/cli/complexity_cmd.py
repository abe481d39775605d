"""`tradestat complexity`: RCA and economic complexity of a dataset's exports."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer

from tradestat.cli.common import OutputOpt, WarehouseOpt, print_table, print_warnings, warehouse

Level = Literal["hs2", "hs4", "hs6"]


def register(app: typer.Typer) -> None:
    app.command()(complexity)


def complexity(
    dataset: Annotated[str, typer.Argument(help="A dataset with reporters and HS codes.")],
    period: Annotated[str, typer.Option(help="Period, e.g. 2022 or 1995..1996 (per year).")],
    product_level: Annotated[Level, typer.Option(help="Products: HS headings or subheadings.")] = (
        "hs4"
    ),
    rca_threshold: Annotated[float, typer.Option(help="mcp = 1 where RCA > this.")] = 1.0,
    currency: Annotated[str | None, typer.Option(help="CNY or USD (default: home).")] = None,
    proximity: Annotated[
        bool, typer.Option(help="Print the proximity matrix (json: add it to the measures).")
    ] = False,
    public: Annotated[
        bool, typer.Option(help="Apply the dataset's disclosure control to the input figures.")
    ] = False,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """One row per year x reporter x product: value, rca, mcp, diversity, ubiquity, eci,
    pci, density, coi, cog (the Growth Lab's ecomplexity conventions; README)."""
    options = {"currency": currency.upper()} if currency else {}
    with warehouse(wh, read_only=True) as w:
        result = w.complexity(
            dataset, period, product_level, rca_threshold, proximity=proximity,
            confidential=not public, **options,
        )  # fmt: skip
    print_warnings(result)
    if output == "json":
        payload = json.loads(result.to_json())
        if result.proximity is not None:
            payload["proximity"] = result.proximity.json_rows()
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    shown = result.proximity if proximity and result.proximity is not None else result
    if output == "csv":
        typer.echo(shown.to_csv(), nl=False)
        return
    title = result.caption() + (": proximity" if shown is not result else "")
    print_table(shown.rows(), shown.columns, shown.columns, title=title)
