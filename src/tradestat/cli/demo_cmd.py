"""Demo command: the bundled real samples through ingest, queries and bulletins."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import console, print_result


def register(app: typer.Typer) -> None:
    app.command()(demo)


def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the warehouse and bulletins.")
    ] = Path("out"),
) -> None:
    """Build OUT/demo.duckdb from the bundled real data, print headline figures and
    write customs and platform bulletins (en, zh; HTML and PDF) into OUT."""
    from tradestat.demo import run_demo

    run = run_demo(out, say=lambda line: console.print(line, highlight=False))
    for label, result in run.headlines:
        print_result(result.with_labels("en"), title=label)  # auto-scaled, as a query is
    for note in run.skipped:
        console.print(f"[yellow]skipped:[/] {note}", highlight=False)
    console.print(f"\nwarehouse: {run.warehouse}")
    for path in run.outputs:
        console.print(f"wrote {path}")
    console.print(
        f'\nnext: tradestat query \'{{"dataset": "gac_national", "period": "2025-Q2"}}\' '
        f"--warehouse {run.warehouse}",
        highlight=False,
    )
