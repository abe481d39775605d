"""From a foreign CSV to a mapping: the canonical reader's hint and `tradestat mapping
suggest`, whose draft ingests the example file unchanged. Expected figures are the
file's own numbers summed with plain Python."""

from __future__ import annotations

import csv
import json
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tests.inprocess import run_cli
from tradestat.errors import IngestError
from tradestat.ingest.formats.mapped.suggest import guess

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "foreign" / "trade.csv"


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run_cli(*args, check=check)  # in-process (tests/inprocess.py), output piped


def test_canonical_ingest_names_what_the_columns_look_like(wh):
    with pytest.raises(IngestError) as err:
        wh.ingest(EXAMPLE, "shipments")
    text = str(err.value)
    assert "missing column(s) ['period', 'flow', 'value']" in text
    for column, role in (("date", "period"), ("country", "partner"), ("hs", "hs_code"),
                         ("value_usd", "value")):  # fmt: skip
        assert f"'{column}' like {role}" in text
    assert "tradestat mapping suggest" in text and "--format mapped" in text


def test_suggested_mapping_ingests_the_example_unchanged(tmp_path):
    draft = tmp_path / "trade.yaml"
    out = cli("mapping", "suggest", str(EXAMPLE), "--to", str(draft))
    assert "--format mapped" in out.stdout
    doc = yaml.safe_load(draft.read_text())
    assert doc["columns"] == {"period": "date", "partner": "country", "hs_code": "hs",
                              "value": "value_usd"}  # fmt: skip
    assert doc["constants"] == {"flow": "X", "currency": "USD"}
    wh = tmp_path / "w.duckdb"
    cli("ingest", str(EXAMPLE), "-d", "shipments", "-f", "mapped", "--mapping", str(draft),
        "--warehouse", str(wh))  # fmt: skip
    q = {"dataset": "shipments", "period": "2024-01..2024-03", "currency": "USD",
         "by": ["partner"]}  # fmt: skip
    rows = json.loads(cli("query", json.dumps(q), "-o", "json", "--warehouse", str(wh)).stdout)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    with open(EXAMPLE, newline="") as fh:
        records = list(csv.DictReader(fh))
    for r in records:
        expected[r["country"]] += Decimal(r["value_usd"])
    assert {r["partner"]: Decimal(str(r["value"])) for r in rows["rows"]} == expected
    import tradestat

    with tradestat.connect(wh, read_only=True) as w:
        report = w.batches("shipments").to_pylist()[-1]
    assert report["rows_read"] == report["rows_accepted"] == len(records)


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (["月份", "国家", "商品编码", "金额(万元)"], [["2024年01月", "美国", "85076000", "12.5"]],
         {"period": "%Y年%m月", "partner": "name", "hs_code": None, "value": "万元"}),
        (["Period", "Partner ISO", "Flow", "Trade Value (EUR)"],
         [["202401", "DE", "Export", "1,000"], ["202402", "FR", "Import", "5"]],
         {"period": None, "partner": "iso2", "flow": None, "value": "EUR"}),
    ],
)  # fmt: skip
def test_guesses_from_names_and_values(header, rows, expected):
    found = guess(header, rows)
    assert set(found) == set(expected)
    assert found["period"].extra.get("period_format") == expected["period"]
    assert found["partner"].extra["resolve"] == expected["partner"]
    value = found["value"].extra
    assert expected["value"] in (value.get("currency"), value.get("multiply"))
    if "flow" in found:
        assert found["flow"].extra["translate"] == {"Export": "X", "Import": "M"}


def test_drafts_are_valid_mappings(tmp_path):
    from tradestat.ingest.formats.mapped.spec import load_mapping
    from tradestat.ingest.formats.mapped.suggest import draft

    source = tmp_path / "zh.csv"
    source.write_text("月份,国家,商品编码,流向,金额(万元)\n2024年01月,美国,85076000,出口,12.5\n"
                      "2024年02月,日本,85076000,进口,3\n", encoding="utf-8")  # fmt: skip
    mapping = tmp_path / "zh.yaml"
    mapping.write_text(draft(source), encoding="utf-8")
    m = load_mapping(mapping)
    assert m.columns["flow"] == "流向" and m.translate["flow"] == {"出口": "X", "进口": "M"}
    assert m.period_format == "%Y年%m月" and m.resolve == {"partner": "name"}
    assert m.multiply_units == {"value": "万元"} and "flow" not in m.constants
