"""`tradestat` command line: parse, construct, call the library, print."""

from __future__ import annotations

import importlib

import typer

from tradestat import __version__

app = typer.Typer(
    name="tradestat",
    help="Open trade-statistics engine: ingest trade records, query figures, write bulletins.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# (module, typer sub-app name or None to merge its commands at top level)
COMMAND_MODULES = (
    ("tradestat.cli.warehouse_cmd", None),
    ("tradestat.cli.query_cmd", None),
    ("tradestat.cli.complexity_cmd", None),
    ("tradestat.cli.mirror_cmd", None),
    ("tradestat.cli.spark_cmd", None),
    ("tradestat.cli.reference_cmd", "reference"),
    ("tradestat.cli.serve_cmd", None),
    ("tradestat.cli.keys_cmd", "keys"),
    ("tradestat.cli.synth_cmd", None),
    ("tradestat.cli.report_cmd", None),
    ("tradestat.cli.fx_cmd", "fx"),
    ("tradestat.cli.mapping_cmd", "mapping"),
    ("tradestat.cli.demo_cmd", None),
)


def _mount() -> None:
    for module_name, group in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        if group:
            app.add_typer(module.app, name=group)
        else:
            module.register(app)


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit."),
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


_mount()


def main() -> None:
    from tradestat.cli.teach import teach

    command = typer.main.get_command(app)
    teach(command)
    command()
