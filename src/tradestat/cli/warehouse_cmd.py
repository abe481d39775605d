"""Warehouse commands: init, ingest, datasets, dataset, rejects, batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tradestat.api.formats import FORMAT_NAMES
from tradestat.cli.common import OutputOpt, WarehouseOpt, console, fail, print_rows, warehouse
from tradestat.model.dataset import TIME_GRAINS

# The choices --help lists; the library checks the values, so the CLI refuses a wrong
# one in the library's words (which name the values it knows) and a new format is listed
FORMATS = f"<{'|'.join(FORMAT_NAMES)}>"
FLOWS = "<X|M>"
GRAINS = f"<{'|'.join(TIME_GRAINS)}>"
FX_BASIS = "<market|customs|name>"  # a basis of imported rates may have any lower-case name


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(ingest)
    app.command()(datasets)
    app.add_typer(dataset_app, name="dataset")
    app.command()(rejects)
    app.command()(batches)


def init(wh: WarehouseOpt = None) -> None:
    """Create an empty warehouse (ingest also creates it when missing)."""
    with warehouse(wh) as w:
        console.print(f"warehouse ready: {w.path}")


def ingest(
    source: Annotated[Path, typer.Argument(help="A file, or a folder of files.")],
    dataset: Annotated[str, typer.Option("--dataset", "-d", help="Dataset to add to.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar=FORMATS, help="Input format.")
    ] = "canonical",
    flow: Annotated[
        str | None,
        typer.Option(metavar=FLOWS, help="Export or import, when the file does not say."),
    ] = None,
    period: Annotated[str | None, typer.Option(help="YYYY-MM, when the file lacks it.")] = None,
    currency: Annotated[str | None, typer.Option(help="Currency of values if unstated.")] = None,
    vintage: Annotated[str | None, typer.Option(help="Release date (default today).")] = None,
    encoding: Annotated[str | None, typer.Option(help="Force a text encoding.")] = None,
    mapping: Annotated[Path | None, typer.Option(help="YAML mapping (format mapped).")] = None,
    home_currency: Annotated[str | None, typer.Option(help="For a new dataset.")] = None,
    description: Annotated[str, typer.Option(help="For a new dataset.")] = "",
    time_grain: Annotated[
        str | None,
        typer.Option(
            metavar=GRAINS,
            help="For a new dataset: the time one row covers (default: from the periods).",
        ),
    ] = None,
    fx_basis: Annotated[
        str | None,
        typer.Option(
            metavar=FX_BASIS, help="For a new dataset: exchange-rate basis (default market)."
        ),
    ] = None,
    reporter: Annotated[
        str | None,
        typer.Option(help="For a new dataset: default reporter of rows without one (CHN)."),
    ] = None,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """Ingest SOURCE into a dataset as one atomic batch; bad rows go to the rejects table."""
    from tradestat.errors import IngestError
    from tradestat.ingest.options import ingest_options

    try:
        options = ingest_options(
            flow=flow, period=period, currency=currency, vintage=vintage, encoding=encoding,
            mapping=mapping, time_grain=time_grain, fx_basis=fx_basis, reporter=reporter,
        )  # fmt: skip
    except IngestError as exc:
        fail(str(exc))
    with warehouse(wh) as w, _progress(output == "table") as progress:
        report = w.ingest(
            source, dataset, fmt, options=options, home_currency=home_currency,
            description=description, progress=progress,
        )  # fmt: skip
    if output == "json":
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_report(report)


def _print_report(report) -> None:
    if report.status == "skipped":
        console.print(f"[yellow]skipped:[/] {report.notes[0]}")
        return
    console.print(
        f"batch {report.batch_id} → dataset [bold]{report.dataset}[/]: "
        f"read {report.rows_read:,}, accepted {report.rows_accepted:,}, "
        f"rejected {report.rows_rejected:,} ({report.seconds:.2f} s)"
    )
    details = {
        "revised": report.rows_revised or None,
        "encodings": ", ".join(f"{k}: {v}" for k, v in report.encodings.items()) or None,
        "currencies": ", ".join(report.currencies) or None,
        "flows": ", ".join(report.flows) or None,
        "periods": " .. ".join(dict.fromkeys(report.periods)) or None,  # one month once
    }
    for key, value in details.items():
        if value:
            console.print(f"  {key}: {value}")
    for reason, n in report.reject_reasons.items():
        console.print(f"  [red]rejected[/] {n:,} × {reason}")
    for note in report.notes:
        console.print(f"  note: {note}")
    for name, cols in report.ignored_columns.items():
        console.print(f"  ignored columns in {name}: {', '.join(cols)}")
    if report.rows_rejected:
        console.print(f"  see: tradestat rejects {report.dataset} --batch {report.batch_id}")


class _progress:
    """A rich progress line counting staged rows (only in interactive table output)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and console.is_terminal
        self.rows = 0

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import Progress, SpinnerColumn, TextColumn

        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console)
        self.bar.start()
        self.task = self.bar.add_task("reading", total=None)
        return self.update

    def update(self, name: str, n: int) -> None:
        if n == 0:  # a phase after reading: validating, writing
            self.bar.update(self.task, description=f"{name} {self.rows:,} rows")
            return
        self.rows += n
        self.bar.update(self.task, description=f"reading {name}: {self.rows:,} rows")

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.stop()


def datasets(output: OutputOpt = "table", wh: WarehouseOpt = None) -> None:
    """List datasets with their grain, currency, periods and row counts."""
    with warehouse(wh, read_only=True) as w:
        rows = [w.dataset_info(d.name) for d in w.datasets()]
    for r in rows:
        r["grain"] = ", ".join(r["grain"])
    cols = ["name", "grain", "reporter", "time_grain", "home_currency", "fx_basis", "first_period",
            "last_period", "rows", "latest_rows", "vintages", "published",
            "description"]  # fmt: skip
    if not rows and output == "table":  # JSON and CSV stay data: an empty list, a header
        console.print("no datasets yet: `tradestat ingest FILE --dataset NAME` adds one",
                      highlight=False)  # fmt: skip
        return
    print_rows(rows, cols, output, title="datasets")


dataset_app = typer.Typer(help="Create and manage one dataset.", no_args_is_help=True)


@dataset_app.command("create")
def dataset_create(
    name: str,
    grain: Annotated[str, typer.Option(help="Comma-separated grain fields.")],
    home_currency: Annotated[str, typer.Option(help="Home currency.")] = "CNY",
    description: Annotated[str, typer.Option()] = "",
    time_grain: Annotated[str, typer.Option(metavar=GRAINS, help="Time one row covers.")] = "month",
    fx_basis: Annotated[
        str, typer.Option(metavar=FX_BASIS, help="Exchange-rate basis of conversions.")
    ] = "market",
    reporter: Annotated[
        str | None, typer.Option(help="Default reporter of rows without one, e.g. CHN.")
    ] = None,
    wh: WarehouseOpt = None,
) -> None:
    """Declare a dataset, its grain and time grain before the first ingest."""
    with warehouse(wh) as w:
        ds = w.create_dataset(
            name, [g.strip() for g in grain.split(",")], home_currency, description,
            time_grain=time_grain, fx_basis=fx_basis, reporter=reporter,
        )  # fmt: skip
    console.print(
        f"dataset {ds.name}: grain {', '.join(ds.grain)}, {ds.grain_word}, currency "
        f"{ds.home_currency}, exchange-rate basis {ds.fx_basis}"
    )


@dataset_app.command("publish")
def dataset_publish(name: str, private: bool = False, wh: WarehouseOpt = None) -> None:
    """Make a dataset readable by API keys with its read scope (--private to undo)."""
    with warehouse(wh) as w:
        w.update_dataset(name, published=not private)
    console.print(f"dataset {name}: {'private' if private else 'published'}")


@dataset_app.command("disclosure")
def dataset_disclosure(
    name: str,
    min_enterprises: Annotated[int | None, typer.Option(help="Fewest enterprises shown.")] = None,
    dominance_rule: Annotated[
        str | None, typer.Option(help="nk (one enterprise's share) or p_percent.")
    ] = None,
    dominance_pct: Annotated[float | None, typer.Option(help="nk: hide at this share.")] = None,
    p_pct: Annotated[float | None, typer.Option(help="p_percent: the rule's p.")] = None,
    protection_pct: Annotated[float | None, typer.Option(help="Protection interval.")] = None,
    noise_min_pct: Annotated[float | None, typer.Option(help="Smallest noise factor.")] = None,
    noise_max_pct: Annotated[float | None, typer.Option(help="Largest noise factor.")] = None,
    wh: WarehouseOpt = None,
) -> None:
    """Show a dataset's disclosure policy, or change the parts given (docs/api.md)."""
    given = {
        "min_enterprises": min_enterprises,
        "dominance_rule": dominance_rule,
        "dominance_pct": dominance_pct,
        "p_pct": p_pct,
        "protection_pct": protection_pct,
        "noise_min_pct": noise_min_pct,
        "noise_max_pct": noise_max_pct,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    with warehouse(wh, read_only=not changes) as w:
        ds = w.update_dataset(name, **changes) if changes else w.dataset(name)
    policy = ", ".join(f"{k} {v}" for k, v in ds.disclosure.as_dict().items())
    console.print(f"dataset {name}: {policy}")


def rejects(
    dataset: str,
    batch: Annotated[int | None, typer.Option(help="Only this batch.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """Show rejected rows: file, row number, field and reason."""
    with warehouse(wh, read_only=True) as w:
        w.dataset(dataset)
        rows = w.rejects(dataset, batch, limit).to_pylist()
    cols = ["batch_id", "file", "row_number", "field", "reason", "raw"]
    print_rows(rows, cols, output, title=f"rejects of {dataset}")


def batches(
    dataset: Annotated[str | None, typer.Argument()] = None,
    output: OutputOpt = "table",
    wh: WarehouseOpt = None,
) -> None:
    """The ingest log: one row per batch with its counts and status."""
    with warehouse(wh, read_only=True) as w:
        rows = w.batches(dataset).to_pylist()
    cols = ["batch_id", "dataset", "format", "rows_read", "rows_accepted", "rows_rejected",
            "rows_revised", "status", "finished_at", "source", "message"]  # fmt: skip
    print_rows(rows, cols, output, title="batches")
