"""Query commands: query and explain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from tradestat.cli.common import (
    OutputOpt,
    WarehouseOpt,
    console,
    err_console,
    fail,
    load_query,
    print_rows,
    warehouse,
)
from tradestat.errors import TradestatError


def register(app: typer.Typer) -> None:
    app.command()(query)
    app.command()(explain)


QueryArg = Annotated[str, typer.Argument(help="TradeQuery as inline JSON or a .json file.")]


def query(
    query: QueryArg,
    output: OutputOpt = "table",
    provenance: Annotated[bool, typer.Option(help="Also print provenance (table).")] = False,
    engine: Annotated[str, typer.Option(help="duckdb (embedded) or spark.")] = "duckdb",
    spark_master: Annotated[
        str | None, typer.Option(help="Spark master URL (default local[2]).")
    ] = None,
    parquet: Annotated[
        str | None, typer.Option(help="Exported warehouse for --engine spark (folder or URL).")
    ] = None,
    labels: Annotated[
        str | None, typer.Option(help="Add a <dim>_name column per breakdown: en or zh.")
    ] = None,
    wh: WarehouseOpt = None,
) -> None:
    """Run a TradeQuery and print its result."""
    if labels not in (None, "en", "zh"):
        fail(f"--labels must be en or zh, not {labels!r}")
    q = load_query(query)
    if engine == "spark":
        result = _run_on_spark(q, wh, spark_master, parquet)
    elif engine == "duckdb":
        with warehouse(wh, read_only=True) as w:
            result = w.query(q)
    else:
        fail(f"unknown engine {engine!r}: use duckdb or spark")
    if labels:
        result = result.with_labels(labels)
    for note in result.provenance.get("warnings", []):  # on stderr: stdout stays data
        err_console.print(f"[yellow]warning:[/] {note}")
    if output == "json":
        typer.echo(result.to_json())
        return
    if output == "csv":
        typer.echo(result.to_csv(), nl=False)
        return
    print_rows(result.rows(), result.columns, output, title=json.dumps(q.to_dict()))
    if provenance:
        console.print_json(json.dumps(result.provenance, default=str))


def _run_on_spark(q: Any, wh: Path | None, master: str | None, parquet: str | None) -> Any:
    """Export the warehouse to a temporary folder unless --parquet names an export."""
    import tempfile

    from tradestat.spark import connect_spark

    with tempfile.TemporaryDirectory(prefix="tradestat-export-") as tmp:
        if parquet is None:
            with warehouse(wh, read_only=True) as w:
                w.export_parquet(tmp, [q.dataset])
        try:
            sw = connect_spark(parquet or tmp, master=master)
        except TradestatError as exc:
            fail(str(exc))
        try:
            return sw.query(q)
        except TradestatError as exc:
            fail(str(exc))
        finally:
            sw.close()


def explain(query: QueryArg, wh: WarehouseOpt = None) -> None:
    """Print the SQL a TradeQuery runs."""
    q = load_query(query)
    with warehouse(wh, read_only=True) as w:
        typer.echo(w.explain(q))
