"""Help that teaches: every command's help ends with one runnable example, and its
arguments read as placeholders in capitals (``DATASET``, ``QUERY``), as the README
writes them. Applied once to the built command tree, so no command can forget."""

from __future__ import annotations

from typing import Any

Q = '\'{"dataset": "customs", "period": "2023", "by": ["partner"]}\''
GROWTH = '\'{"dataset": "customs", "period": "2023", "by": ["partner"], "compare": ["growth"]}\''
EXAMPLES = {
    "init": "tradestat init --warehouse trade.duckdb",
    "ingest": "tradestat ingest tests/fixtures/core/customs.csv --dataset customs",
    "datasets": "tradestat datasets --output json",
    "rejects": "tradestat rejects customs --output csv",
    "batches": "tradestat batches customs",
    "query": f"tradestat query {GROWTH} --scale million --to partners.xlsx",
    "explain": f"tradestat explain {Q}",
    "complexity": "tradestat complexity eco --period 1995..1996 --product-level hs4 --output csv",
    "mirror": "tradestat mirror cn_plp partners_m --period 2023 --both --cif-fob-margin 0.1",
    "markets": "tradestat markets world 854140 --period 2023 --exporter CHN --years 5",
    "export": "tradestat export --to export/",
    "serve": "tradestat serve --host 127.0.0.1 --port 8000",
    "synth": "tradestat synth --rows 100000 --to synth/",
    "report": "tradestat report customs --dataset gac_national --period 2025-H1 --to h1.html",
    "demo": "tradestat demo --out out",
    "dataset create": "tradestat dataset create shop --grain period,flow,partner "
    "--home-currency GBP",
    "dataset publish": "tradestat dataset publish customs",
    "dataset disclosure": "tradestat dataset disclosure customs --dominance-rule p_percent "
    "--p-pct 10 --noise-min-pct 25 --noise-max-pct 30",
    "reference list": "tradestat reference list",
    "reference show": "tradestat reference show partners",
    "reference search": 'tradestat reference search "Hong Kong"',
    "reference members": "tradestat reference members rcep --on 2022-06-01",
    "keys create": "tradestat keys create --scope 'read:*' --name analyst",
    "keys list": "tradestat keys list",
    "keys revoke": "tradestat keys revoke 3",
    "fx import": "tradestat fx import monthly.csv --format fred",
    "fx list": "tradestat fx list",
    "mapping suggest": "tradestat mapping suggest examples/foreign/trade.csv --to trade.yaml",
}


def teach(command: Any, path: str = "") -> None:
    """Set each subcommand's example epilog and upper-case its argument placeholders."""
    for name, sub in getattr(command, "commands", {}).items():
        full = f"{path} {name}".strip()
        example = EXAMPLES.get(full)
        if example and not sub.epilog:
            sub.epilog = f"Example: {example}"
        for param in sub.params:
            if param.param_type_name == "argument" and param.metavar is None:
                param.metavar = param.name.upper()
        teach(sub, full)
