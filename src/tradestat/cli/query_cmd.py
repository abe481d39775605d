"""Query commands: query and explain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tradestat.cli.common import (
    Output,
    OutputOpt,
    WarehouseOpt,
    console,
    fail,
    load_query,
    print_result,
    print_warnings,
    warehouse,
)
from tradestat.errors import TradestatError
from tradestat.export import results as export
from tradestat.query.units import SCALE_CHOICES

Engine = Literal["duckdb", "spark"]
Lang = Literal["en", "zh"]
ScaleName = Literal[SCALE_CHOICES]  # type: ignore[valid-type]


QueryArg = Annotated[
    str, typer.Argument(metavar="QUERY", help="TradeQuery as inline JSON or a .json file.")
]
LANGS = ("en", "zh")


def register(app: typer.Typer) -> None:
    app.command()(query)
    app.command()(explain)


def query(
    query: QueryArg,
    output: OutputOpt = "table",
    to: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Write the result to FILE: .csv, .xlsx, .parquet or .json."
        ),
    ] = None,
    scale: Annotated[
        ScaleName | None,
        typer.Option(
            help="Divide money by a power of ten (table default: auto; csv/json/files: exact).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        Lang,
        # no Chinese in help texts: the help table's wrapping miscounts wide characters
        typer.Option(help="Language of the words and scale names of the table and xlsx."),
    ] = "en",
    provenance: Annotated[bool, typer.Option(help="Also print provenance (table).")] = False,
    engine: Annotated[Engine, typer.Option(help="Where the query runs.")] = "duckdb",
    spark_master: Annotated[
        str | None, typer.Option(metavar="URL", help="Spark master URL (default local[2]).")
    ] = None,
    parquet: Annotated[
        str | None,
        typer.Option(metavar="DIR", help="Exported warehouse for --engine spark (folder or URL)."),
    ] = None,
    labels: Annotated[
        Lang | None,
        typer.Option(help="Add a <dim>_name column per breakdown."),
    ] = None,
    wh: WarehouseOpt = None,
) -> None:
    """Run a TradeQuery and print its result (or write it to a file with --to)."""
    q = load_query(query)
    if to is not None:
        try:
            export.format_of(to)
        except TradestatError as exc:
            fail(str(exc))
    run_on = _run_on_spark if engine == "spark" else _run_local
    result = run_on(q, wh, spark_master, parquet)
    if labels:
        result = result.with_labels(labels)
    print_warnings(result)
    try:
        if to is not None:
            export.write(result, to, scale, lang)
            console.print(f"wrote {len(result):,} rows to {to}", highlight=False)
            return
        if output == "json":
            typer.echo(result.to_json(scale=scale))
            return
        if output == "csv":
            typer.echo(result.to_csv(scale=scale), nl=False)
            return
        result.scale(scale or "auto", lang)  # a scale that does not apply fails here
    except TradestatError as exc:
        fail(str(exc))
    print_result(result, scale, lang)
    if provenance:
        console.print_json(json.dumps(result.provenance, default=str))


def run_plain(text: str, output: Output = "table", wh: Path | None = None) -> int:
    """``tradestat query QUERY [-o FORMAT] [-w PATH]`` without Typer parsing it (see
    ``tradestat.cli.main.plain_query``): the same function, every other option at its
    default; returns the exit code."""
    try:
        query(text, output=output, to=None, scale=None, lang="en", provenance=False,
              engine="duckdb", spark_master=None, parquet=None, labels=None, wh=wh)  # fmt: skip
    except typer.Exit as exc:
        return exc.exit_code
    return 0


def _run_local(q: Any, wh: Path | None, *_: Any) -> Any:
    """The query on the warehouse; a repeated one from the plan kept beside the file
    (tradestat.api.kept), without importing Ibis."""
    from tradestat.api.kept import query_kept

    with warehouse(wh, read_only=True) as w:
        return query_kept(w, q)


def _run_on_spark(q: Any, wh: Path | None, master: str | None, parquet: str | None) -> Any:
    """On Spark over the export --parquet names, else over a temporary export."""
    from tradestat.spark import query_on_spark

    try:
        return query_on_spark(q, warehouse=wh, parquet=parquet, master=master)
    except (TradestatError, FileNotFoundError) as exc:
        fail(str(exc))


def explain(query: QueryArg, wh: WarehouseOpt = None) -> None:
    """Print the SQL a TradeQuery runs."""
    q = load_query(query)
    with warehouse(wh, read_only=True) as w:
        typer.echo(w.explain(q))
