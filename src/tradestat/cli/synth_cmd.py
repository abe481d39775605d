"""`tradestat synth`: write synthetic customs declarations as canonical Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import console, fail

SUFFIXES = {"K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9}


def register(app: typer.Typer) -> None:
    app.command()(synth)


def parse_rows(text: str) -> int:
    """``1000000``, ``10M``, ``1B``, ``2.5M`` or ``1_000_000``."""
    t = text.strip().upper().replace("_", "").replace(",", "")
    scale = SUFFIXES.get(t[-1:], 1)
    number = t[:-1] if t[-1:] in SUFFIXES else t
    try:
        value = float(number) * scale
    except ValueError:
        raise typer.BadParameter(f"not a row count: {text!r} (e.g. 10M, 1B)") from None
    if value < 1 or value != int(value):
        raise typer.BadParameter(f"not a whole number of rows >= 1: {text!r}")
    return int(value)


def synth(
    rows: Annotated[str, typer.Option(help="Rows to write: 1000000, 10M, 1B.")] = "1M",
    years: Annotated[str, typer.Option(help="Years, e.g. 2019..2024.")] = "2019..2024",
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same files.")] = 0,
    to: Annotated[Path, typer.Option("--to", help="Output folder.")] = Path("synth"),
    calibrate: Annotated[
        bool, typer.Option(help="Scale yearly totals to the published GAC figures.")
    ] = False,
    chunk_rows: Annotated[
        int, typer.Option(help="Rows per chunk (bounds memory; one row group each).")
    ] = 1_000_000,
    enterprises: Annotated[
        int | None, typer.Option(help="Enterprises to draw from (default: rows/30, capped).")
    ] = None,
    dataset: Annotated[str, typer.Option(help="Dataset name in the printed command.")] = (
        "synthetic"
    ),
) -> None:
    """Write SYNTHETIC customs declarations (canonical Parquet, one file per month).

    The folder also gets dataset.json, whose description labels the data synthetic;
    the command to ingest them with that description is printed at the end.
    """
    from tradestat.synth import generate
    from tradestat.synth.sidecar import ingest_command

    n = parse_rows(rows)
    with console.status(f"writing {n:,} synthetic rows to {to}") as status:

        def progress(done: int, total: int) -> None:
            status.update(f"writing synthetic rows: {done:,} / {total:,}")

        try:
            result = generate(
                n, years, seed, to, calibrate=calibrate, chunk_rows=chunk_rows,
                enterprises=enterprises, progress=progress,
            )  # fmt: skip
        except ValueError as exc:
            fail(str(exc))
    console.print(
        f"wrote {result.rows:,} rows in {len(result.files)} files to {to} "
        f"in {result.seconds:.1f} s ({result.rows_per_second / 1e6:.2f} M rows/s)"
    )
    console.print(f"[bold]SYNTHETIC data[/]: {result.description}", highlight=False)
    console.print("ingest with:", highlight=False)
    typer.echo(ingest_command(str(to), result.description, dataset))
