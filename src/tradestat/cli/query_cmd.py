"""Query commands: query and explain."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tradestat.cli.common import OutputOpt, WarehouseOpt, console, load_query, print_rows, warehouse


def register(app: typer.Typer) -> None:
    app.command()(query)
    app.command()(explain)


QueryArg = Annotated[str, typer.Argument(help="TradeQuery as inline JSON or a .json file.")]


def query(
    query: QueryArg,
    output: OutputOpt = "table",
    provenance: Annotated[bool, typer.Option(help="Also print provenance (table).")] = False,
    wh: WarehouseOpt = None,
) -> None:
    """Run a TradeQuery and print its result."""
    q = load_query(query)
    with warehouse(wh, read_only=True) as w:
        result = w.query(q)
    if output == "json":
        typer.echo(result.to_json())
        return
    if output == "csv":
        typer.echo(result.to_csv(), nl=False)
        return
    print_rows(result.rows(), result.columns, output, title=json.dumps(q.to_dict()))
    for note in result.provenance.get("warnings", []):
        console.print(f"[yellow]warning:[/] {note}")
    if provenance:
        console.print_json(json.dumps(result.provenance, default=str))


def explain(query: QueryArg, wh: WarehouseOpt = None) -> None:
    """Print the SQL a TradeQuery runs."""
    q = load_query(query)
    with warehouse(wh, read_only=True) as w:
        typer.echo(w.explain(q))
