"""Results as files (CSV, xlsx, Parquet, JSON) from the CLI, and the CLI's help and
tables as a new user meets them. Expected figures are computed from the fixture CSV."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tests.core.expected import cny_partner_totals
from tests.core.test_cli import cli
from tests.inprocess import run_cli

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "core"
BY_PARTNER = {"dataset": "customs", "period": "2023", "by": ["partner"], "compare": ["share"]}


@pytest.fixture(scope="module")
def wh_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "w.duckdb"
    for name in ("customs", "national"):
        cli("ingest", str(FIX / f"{name}.csv"), "--dataset", name, wh=path)
    return path


def test_query_to_xlsx_has_units_formats_and_provenance(wh_path, tmp_path):
    import openpyxl

    target = tmp_path / "partners.xlsx"
    cli("query", json.dumps(BY_PARTNER), "--to", str(target), wh=wh_path)
    book = openpyxl.load_workbook(target)
    sheet = book["result"]
    header = [c.value for c in sheet[1]]
    assert header == ["partner", "value (CNY)", "share_pct (%)"]  # a share needs no base
    values = {r[0].value: r[1] for r in sheet.iter_rows(min_row=2)}
    for partner, value in cny_partner_totals().items():
        assert Decimal(str(values[partner].value)) == value
        assert values[partner].number_format == "#,##0.00"
    assert sheet.cell(row=2, column=3).number_format == "0.00"
    notes = {r[0].value: r[1].value for r in book["provenance"].iter_rows()}
    assert notes["caption"] == "Total trade by partner, 2023, CNY, with share"
    assert notes["unit"] == "CNY" and json.loads(notes["query"]) == BY_PARTNER


def test_query_to_parquet_json_and_csv_by_suffix(wh_path, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    expected = cny_partner_totals()
    for suffix in ("parquet", "json", "csv"):
        cli("query", json.dumps(BY_PARTNER), "--to", str(tmp_path / f"r.{suffix}"), wh=wh_path)
    table = pq.read_table(tmp_path / "r.parquet")
    assert table.schema.metadata[b"unit"] == b"CNY"
    assert pa.types.is_decimal(table.schema.field("value").type)  # exact, for machines
    parquet = dict(zip(table.column("partner").to_pylist(), table.column("value").to_pylist(),
                       strict=True))  # fmt: skip
    payload = json.loads((tmp_path / "r.json").read_text())
    assert payload["unit"] == "CNY" and payload["units"]["share_pct"] == "%"
    as_json = {r["partner"]: r["value"] for r in payload["rows"]}
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    as_csv = {r["partner"]: Decimal(r["value"]) for r in rows}
    for partner, value in expected.items():
        assert parquet[partner] == as_csv[partner] == value
        assert as_json[partner] == float(value)


def test_unknown_suffix_is_refused_before_querying(wh_path, tmp_path):
    out = cli("query", json.dumps(BY_PARTNER), "--to", str(tmp_path / "r.txt"), wh=wh_path,
              check=False)  # fmt: skip
    assert out.returncode == 2 and "unknown file type '.txt'" in out.stderr
    assert ".xlsx" in out.stderr and not (tmp_path / "r.txt").exists()


def test_table_headers_carry_units_and_scale(wh_path):
    q = {"dataset": "national", "period": "2023", "compare": ["growth"]}
    out = cli("query", json.dumps(q), wh=wh_path).stdout
    assert "value (CNY trillion)" in out and "growth_pct (%)" in out
    assert "Total trade, 2023, CNY trillion, with growth" in out
    df = pd.read_csv(FIX / "national.csv", dtype={"period": str})
    total = df[df.period.str.startswith("2023")].value.sum()
    assert f"{total / 1e12:.2f}" in out  # 41.76
    zh = cli("query", json.dumps(q), "--lang", "zh", "--scale", "亿", wh=wh_path).stdout
    assert "value（亿元）" in zh and f"{total / 1e8:,.2f}" in zh
    exact = json.loads(cli("query", json.dumps(q), "--output", "json", wh=wh_path).stdout)
    assert exact["scale"] == "exact" and exact["rows"][0]["value"] == total


def test_a_narrow_terminal_gets_whole_values(wh_path):
    q = {"dataset": "customs", "period": "2023", "by": ["partner", "province"],
         "compare": ["growth", "share"]}  # fmt: skip
    out = cli("query", json.dumps(q), "--labels", "en", wh=wh_path, columns=60).stdout
    assert "…" not in out and "province_name: Guangdong" in out
    assert max(len(line) for line in out.splitlines()) <= 60
    wide = cli("datasets", wh=wh_path, columns=80).stdout
    assert "…" not in wide and "customs" in wide


def test_errors_print_whole_on_narrow_terminals(wh_path):
    q = {"dataset": "customs", "period": "2023", "by": ["colour"]}
    out = cli("query", json.dumps(q), wh=wh_path, columns=50, check=False)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1 and "stat_trade_mode, zone, category" in lines[0]


def test_help_shows_choices_placeholder_and_an_example(wh_path):
    out = run_cli("query", "--help", columns=120).stdout
    assert "QUERY" in out and "{query}" not in out
    assert "table|csv|json" in out and "万亿|亿|万" in out
    assert "Example: tradestat query" in out


def test_every_command_has_an_example_and_capital_placeholders():
    import typer

    from tradestat.cli.main import app
    from tradestat.cli.teach import EXAMPLES, teach

    command = typer.main.get_command(app)
    teach(command)
    leaves = {}

    def walk(cmd, path=""):
        subs = getattr(cmd, "commands", {})
        if not subs:
            leaves[path] = cmd
        for name, sub in subs.items():
            walk(sub, f"{path} {name}".strip())

    walk(command)
    assert set(leaves) == set(EXAMPLES)  # a new command needs its example
    for path, cmd in leaves.items():
        assert cmd.epilog == f"Example: {EXAMPLES[path]}"
        assert EXAMPLES[path].startswith(f"tradestat {path}")
        for param in cmd.params:
            if param.param_type_name == "argument":
                assert param.metavar == param.metavar.upper(), (path, param.metavar)
    out = run_cli("rejects", "--help", columns=120).stdout
    assert "DATASET" in out and "Example: tradestat rejects customs" in out
