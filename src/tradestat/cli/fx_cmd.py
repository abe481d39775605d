"""`tradestat fx`: exchange-rate files into the warehouse (import) and what is there (list)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import OutputOpt, WarehouseOpt, console, fail, print_rows, warehouse

FX_FORMATS = "<auto|fred|imf|table>"  # the library refuses others, naming these

app = typer.Typer(
    help="Exchange rates of the warehouse: import FRED / IMF rate files, list them.",
    no_args_is_help=True,
)


@app.command("import")
def import_cmd(
    file: Annotated[
        Path, typer.Argument(help="A FRED-style file, the IMF daily file or a period table.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar=FX_FORMATS, help="Rate file format.")
    ] = "auto",
    basis: Annotated[
        str, typer.Option(help="Exchange-rate basis: market (default) or customs (GAC's rates).")
    ] = "market",
    invert: Annotated[
        str | None,
        typer.Option(help="Currencies quoted USD per unit in this file, e.g. GBP,EUR."),
    ] = None,
    no_check: Annotated[
        bool, typer.Option("--no-check", help="Store series as declared, unchecked.")
    ] = False,
    source: Annotated[str | None, typer.Option(help="Source label stored with the rates.")] = None,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """Import monthly rates (daily files are averaged to months) into fx_rates_user.

    Every series is checked for its direction (units per USD, or USD per unit) against
    the packaged rates or rough anchors; series that fail the check are refused.
    """
    currencies = tuple(c.strip().upper() for c in invert.split(",") if c.strip()) if invert else ()
    with warehouse(wh) as w:
        report = w.import_fx(
            file, fmt, check=not no_check, invert=currencies, source=source, basis=basis
        )
    if output == "json":
        payload = {**report.__dict__, "series": [s.__dict__ for s in report.series]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        console.print(
            f"{report.file} ({report.format}): {report.rows_written:,} monthly rates stored, "
            f"{len(report.imported)} series imported, {len(report.refused)} refused"
        )
        columns = ["series", "currency", "months", "from", "to", "status", "quoted"]
        rows = [
            dict(zip(columns, (s.label, s.currency, s.months, s.first, s.last, s.status,
                               s.quoted), strict=True))
            for s in report.series
        ]  # fmt: skip
        print_rows(rows, columns, "table")
        for s in report.imported:
            console.print(f"  {s.currency}: direction checked against {s.checked}")
        for s in report.refused:
            console.print(f"  [red]refused[/] {s.label} ({s.currency}): {s.reason}")
        for note in report.notes:
            console.print(f"  note: {note}")
    if not report.imported:
        fail("no series imported")


@app.command("list")
def list_cmd(output: OutputOpt = "table", wh: WarehouseOpt = None) -> None:
    """Rates imported into this warehouse (they override the packaged ones)."""
    with warehouse(wh, read_only=True) as w:
        rows = (
            w.cursor()
            .execute(
                "SELECT basis, currency, count(*) AS months, strftime(min(period), '%Y-%m') "
                "AS first, strftime(max(period), '%Y-%m') AS last, "
                "string_agg(DISTINCT source, ', ') AS source FROM ("
                "SELECT 'market' AS basis, * FROM fx_rates_user UNION ALL "
                "SELECT * FROM fx_rates_basis) GROUP BY basis, currency ORDER BY basis, currency"
            )
            .fetchall()
        )
    columns = ["basis", "currency", "months", "from", "to", "source"]
    print_rows([dict(zip(columns, r, strict=True)) for r in rows], columns, output)
