"""`tradestat mapping`: draft a mapping (``--format mapped``) from a foreign table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import console, fail

app = typer.Typer(
    help="Mappings for --format mapped: draft one from a file's header and rows.",
    no_args_is_help=True,
)


@app.command()
def suggest(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A CSV, xlsx or Parquet file to map.")
    ],
    to: Annotated[
        Path | None,
        typer.Option(metavar="YAML", help="Write the draft here (default: print it)."),
    ] = None,
) -> None:
    """Draft a mapping YAML from FILE's header and a sample of its rows: dates, ISO
    codes or country names, HS-like codes, money columns, a currency in a column name."""
    from tradestat.api.formats import draft_mapping
    from tradestat.errors import TradestatError

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        text = draft_mapping(file)
    except (TradestatError, OSError, ValueError) as exc:
        fail(f"{file}: cannot draft a mapping: {exc}")
    if to is None:
        typer.echo(text, nl=False)
        return
    to.write_text(text, encoding="utf-8")
    console.print(f"wrote {to}; check it, then: tradestat ingest {file} --dataset NAME "
                  f"--format mapped --mapping {to}", highlight=False, soft_wrap=True)  # fmt: skip
