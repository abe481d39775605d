"""Bulletin command: report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tradestat.cli.common import WarehouseOpt, console, fail, warehouse


def register(app: typer.Typer) -> None:
    app.command()(report)


def report(
    spec: Annotated[str, typer.Argument(help="customs, platform, or a spec YAML file.")],
    dataset: Annotated[
        list[str],
        typer.Option(
            "--dataset",
            "-d",
            help="Dataset to report on; repeat it to route each statement to the first "
            "dataset that can answer it.",
        ),
    ],
    period: Annotated[str, typer.Option(help="2023, 2023-Q4, 2024-H1, 2024-01..2024-07 ...")],
    to: Annotated[Path, typer.Option("--to", help="Output file: .md, .html or .pdf.")],
    base_period: Annotated[
        str | None, typer.Option(help="Base period for growth (default: a year earlier).")
    ] = None,
    lang: Annotated[str, typer.Option(help="en or zh.")] = "en",
    public: Annotated[
        bool, typer.Option(help="Apply the dataset's disclosure control (suppress cells).")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a consistency check fails.")] = False,
    wh: WarehouseOpt = None,
) -> None:
    """Write a bulletin: every figure from a TradeQuery, checked, with a provenance appendix."""
    from tradestat.report import ReportError, build_bulletin, load_spec

    if lang not in ("en", "zh"):
        fail(f"--lang must be en or zh, not {lang!r}")
    if to.suffix.lower() not in (".md", ".html", ".htm", ".pdf"):
        fail(f"--to must end in .md, .html or .pdf, not {to.name!r}")
    try:
        loaded = load_spec(_spec_arg(spec))
    except ReportError as exc:
        fail(str(exc))
    with warehouse(wh, read_only=True) as w:
        try:
            bulletin = build_bulletin(
                w, loaded, dataset, period, base_period, lang, confidential=not public
            )
            path = bulletin.write(to)
        except ReportError as exc:
            fail(str(exc))
    for note in bulletin.notes:
        label = "left out" if note.kind == "left_out" else "note"
        console.print(f"[yellow]{label}:[/] {note.text}", highlight=False)
    _print_checks(bulletin.checks)
    console.print(f"wrote {path}")
    if strict and bulletin.failed_checks:
        raise typer.Exit(1)


def _spec_arg(spec: str) -> str:
    from tradestat.report.spec import BUILTIN

    if spec in BUILTIN or Path(spec).is_file():
        return spec
    fail(f"spec must be {' or '.join(BUILTIN)} or a YAML file; {spec!r} is neither")
    return spec


def _print_checks(checks: list) -> None:
    failed = [c for c in checks if not c.ok]
    style = "red" if failed else "green"
    console.print(
        f"[{style}]consistency checks: {len(checks) - len(failed)} of {len(checks)} passed[/]"
    )
    for c in failed:
        console.print(f"  [red]FAIL[/] {c.statement}: {c.name}: {c.detail}", highlight=False)
