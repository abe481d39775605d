"""`tradestat export`: the warehouse as Parquet, for Spark or any Parquet engine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import WarehouseOpt, console, warehouse


def register(app: typer.Typer) -> None:
    app.command()(export)


def export(
    to: Annotated[Path, typer.Option("--to", help="Folder to write the Parquet files to.")],
    dataset: Annotated[
        list[str] | None, typer.Option("--dataset", "-d", help="Only these datasets.")
    ] = None,
    wh: WarehouseOpt = None,
) -> None:
    """Export datasets (facts, catalog, vintages) to zstd Parquet, one file per table."""
    with warehouse(wh, read_only=True) as w:
        files = w.export_parquet(to, dataset or None)
    for f in files:
        console.print(f"wrote {f}")
