"""Shared CLI pieces: the warehouse option, error handling and output rendering."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from tradestat.errors import QueryError, TradestatError

if TYPE_CHECKING:
    from tradestat.api.protocol import WritableWarehouse

# Piped output (files, other programs) gets wide tables instead of rich's 80-column
# default, which would squeeze and cut the labels a reader pipes the table to see.
_PIPED_WIDTH = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 200
console = Console(width=_PIPED_WIDTH)
# soft_wrap: an error is one line the terminal wraps, never cut into pieces mid-list
err_console = Console(stderr=True, soft_wrap=True)

WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse file (default: $TRADESTAT_WAREHOUSE, else ./tradestat.duckdb).",
        show_default=False,
    ),
]
Output = Literal["table", "csv", "json"]
OutputOpt = Annotated[Output, typer.Option("--output", "-o", help="How to print the result.")]


@contextmanager
def warehouse(path: Path | None, read_only: bool = False) -> Iterator[WritableWarehouse]:
    """Open the warehouse (the file, or the server that owns it: either is a
    ``WritableWarehouse``); turn expected errors into one clear line and exit code 2."""
    import tradestat

    try:
        wh = tradestat.connect(path, read_only=read_only)
    except (TradestatError, FileNotFoundError) as exc:
        fail(str(exc))
    try:
        yield wh
    except (TradestatError, FileNotFoundError) as exc:
        fail(str(exc))
    finally:
        wh.close()


def fail(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


def load_query(text: str) -> Any:
    """A query given inline as JSON or as the path of a .json file."""
    from tradestat.query.tradequery import TradeQuery

    source = text
    if not text.lstrip().startswith("{"):
        path = Path(text)
        if not path.exists():
            if path.suffix.lower() == ".json":
                fail(f"no such query file: {text}")
            fail(f"query must be JSON or a .json file; {text!r} is neither")
        source = path.read_text(encoding="utf-8")
    try:
        return TradeQuery.from_json(source)
    except QueryError as exc:
        fail(f"invalid query: {exc}")


def fmt_cell(value: Any, column: str) -> str:
    if value is None:
        return "–"
    if column.endswith(("_pct", "_pp")) and isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, Decimal) and value.as_tuple().exponent < -2:  # a scaled figure
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4f}"
    return str(value)


def print_rows(
    rows: list[dict[str, Any]], columns: list[str], output: str, title: str = ""
) -> None:
    if output == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=_json) + "\n")
        return
    if output == "csv":
        import csv

        from tradestat.export.spreadsheet_safe import safe_row

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:  # source text (rejects' raw rows) must not run as a formula
            writer.writerow(safe_row(row[c] for c in columns))
        return
    if output != "table":
        fail(f"unknown output {output!r}: use table, csv or json")
    print_table(rows, columns, columns, title)


def print_result(
    result: Any, scale: str | None = None, lang: str = "en", title: str | None = None
) -> None:
    """A query's result as a table for people: money auto-scaled (or at ``scale``),
    headers with their units, under its caption (or ``title``)."""
    chosen = result.scale(scale or "auto", lang)
    print_table(result.scaled_rows(chosen), result.columns, result.headers(chosen, lang),
                title=result.caption(lang, chosen) if title is None else title)  # fmt: skip


def print_warnings(result: Any) -> None:
    """A result's warnings and reading notes, on stderr: stdout stays data."""
    for note in result.provenance.get("warnings", []):
        err_console.print(f"[yellow]warning:[/] {note}", soft_wrap=True)
    for note in result.provenance.get("notes", []):
        err_console.print(f"[cyan]note:[/] {note}", soft_wrap=True)


def print_analysis(result: Any, output: str) -> None:
    """An analysis result (mirror, markets): warnings on stderr (stdout stays data),
    then the rows as JSON, CSV or a table under the result's caption."""
    print_warnings(result)
    if output == "json":
        typer.echo(result.to_json())
    elif output == "csv":
        typer.echo(result.to_csv(), nl=False)
    else:
        print_table(result.rows(), result.columns, result.columns, title=result.caption())


def print_table(
    rows: list[dict[str, Any]], columns: list[str], headers: list[str], title: str = ""
) -> None:
    """A table as wide as its values; when that is wider than the terminal, one block
    per row (``header: value`` lines) instead, so no value is ever cut."""
    cells = [[fmt_cell(row[c], c) for c in columns] for row in rows]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    if sum(widths) + 3 * len(widths) + 1 > console.width:
        if title:
            console.print(title, highlight=False, markup=False)  # wrapped at words
        key_width = max((cell_len(h) for h in headers), default=0)
        for n, r in enumerate(cells, 1):
            console.print(f"[bold]-- {n} --[/]", highlight=False)
            for h, v in zip(headers, r, strict=True):
                console.print(f"{h.rjust(key_width)}: {v}", highlight=False, soft_wrap=True,
                              markup=False)  # fmt: skip
        return
    if title:  # above the table, not squeezed into its width
        console.print(title, highlight=False, markup=False)
    table = Table(show_lines=False)
    for c, h in zip(columns, headers, strict=True):
        justify = "left" if _is_text(rows, c) else "right"
        table.add_column(h, justify=justify, no_wrap=True)
    for r in cells:
        table.add_row(*r)
    console.print(table)


def _is_text(rows: list[dict[str, Any]], column: str) -> bool:
    return any(isinstance(r[column], str) for r in rows)


def _json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    return str(v)
