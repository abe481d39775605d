"""`tradestat` command line: parse, construct, call the library, print.

Subcommands are imported lazily: a call mounts only the module of the command it
names (``tradestat query …`` imports the query commands, not the server's or the
report's); ``tradestat --help`` and anything unknown mount every module so the full
list (or click's error) is shown. ``app`` (for tests and embedding) is fully mounted.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import typer

from tradestat import __version__

# (module, typer sub-app name or None to merge its commands at top level)
COMMAND_MODULES = (
    ("tradestat.cli.warehouse_cmd", None),
    ("tradestat.cli.query_cmd", None),
    ("tradestat.cli.complexity_cmd", None),
    ("tradestat.cli.mirror_cmd", None),
    ("tradestat.cli.markets_cmd", None),
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
# the top-level commands each merged module registers (checked by tests/core/test_cli.py)
MERGED = {
    "tradestat.cli.warehouse_cmd": ("init", "ingest", "datasets", "dataset", "rejects", "batches"),
    "tradestat.cli.query_cmd": ("query", "explain"),
    "tradestat.cli.spark_cmd": ("export",),
    "tradestat.cli.complexity_cmd": ("complexity",),
    "tradestat.cli.mirror_cmd": ("mirror",),
    "tradestat.cli.markets_cmd": ("markets",),
    "tradestat.cli.serve_cmd": ("serve",),
    "tradestat.cli.synth_cmd": ("synth",),
    "tradestat.cli.report_cmd": ("report",),
    "tradestat.cli.demo_cmd": ("demo",),
}


def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit."),
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def build(modules: tuple[tuple[str, str | None], ...] = COMMAND_MODULES) -> typer.Typer:
    """The command tree with the commands of ``modules`` mounted."""
    app = typer.Typer(
        name="tradestat",
        help="Open trade-statistics engine: ingest trade records, query figures, write bulletins.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback(invoke_without_command=True)(_root)
    for module_name, group in modules:
        module = importlib.import_module(module_name)
        if group:
            app.add_typer(module.app, name=group)
        else:
            module.register(app)
    return app


def modules_for(argv: list[str]) -> tuple[tuple[str, str | None], ...]:
    """The one module that defines the command ``argv`` names, else all of them."""
    name = next((a for a in argv if not a.startswith("-")), None)
    for module_name, group in COMMAND_MODULES:
        if name is not None and (name == group or name in MERGED.get(module_name, ())):
            return ((module_name, group),)
    return COMMAND_MODULES


def __getattr__(name: str) -> Any:
    if name == "app":  # built on first use: importing this module mounts nothing
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)


# the options of a plain `tradestat query QUERY [-o FORMAT] [-w PATH]`
PLAIN_OPTIONS = {"-o": "output", "--output": "output", "-w": "wh", "--warehouse": "wh"}


def plain_query(argv: list[str]) -> dict[str, Any] | None:
    """``query_cmd.query``'s arguments when ``argv`` is a plain query call, else None.

    Such a call (the common one, and the one a kept plan answers in a few tenths of a
    second) skips building the command tree: Typer builds a pydantic adapter for every
    option of every command it parses, ~0.1 s of the call. Anything else (other options,
    ``--help``, ``--opt=value``) goes through Typer."""
    if len(argv) < 2 or argv[0] != "query" or argv[1].startswith("-") or len(argv) % 2:
        return None
    found: dict[str, str] = {}
    for option, value in zip(argv[2::2], argv[3::2], strict=True):
        name = PLAIN_OPTIONS.get(option)
        if name is None or name in found or value.startswith("-"):
            return None
        found[name] = value
    if found.get("output", "table") not in ("table", "csv", "json"):
        return None
    wh = found.get("wh")
    return {"text": argv[1], "output": found.get("output", "table"),
            "wh": Path(wh) if wh is not None else None}  # fmt: skip


def command_for(argv: list[str]) -> Any:
    """The click command tree that parses ``argv``: its module mounted, help taught."""
    from tradestat.cli.teach import teach

    command = typer.main.get_command(build(modules_for(argv)))
    teach(command)
    return command


def main(argv: list[str] | None = None) -> None:
    """``tradestat ARGV`` (default: the process's arguments); ends with SystemExit, as a
    command line does, so tests can run it in-process (tests/inprocess.py)."""
    import sys

    args = sys.argv[1:] if argv is None else list(argv)
    if (plain := plain_query(args)) is not None:
        from tradestat.cli.query_cmd import run_plain

        sys.exit(run_plain(**plain))
    command_for(args)(args=args, prog_name="tradestat")
