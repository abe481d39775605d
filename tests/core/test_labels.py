"""Names beside codes: ``Result.with_labels`` and ``tradestat query --labels``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.inprocess import run_cli
from tradestat.reference.labels import label

DATA = Path(__file__).resolve().parents[2] / "src" / "tradestat" / "reference" / "data"


def _partner_names(lang: str) -> dict[str, str]:
    with open(DATA / "partners.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["code"]: r[f"name_{lang}"] for r in rows}


def test_a_name_column_follows_each_breakdown_column(customs_wh):
    q = {"dataset": "customs", "period": "2023", "by": ["partner", "month"], "top": 50}
    plain = customs_wh.query(q)
    named = plain.with_labels("zh")
    cols = named.columns
    assert cols[: cols.index("value")] == ["partner", "partner_name", "month"]  # time: no name
    names = _partner_names("zh")  # read straight from the packaged CSV
    for row in named.rows():
        assert row["partner_name"] == (names[row["partner"]] if row["partner"] else "未注明")
    # the figures are untouched
    assert [r["value"] for r in named.rows()] == [r["value"] for r in plain.rows()]


def test_known_names_and_fallbacks():
    assert label("region", "440300", "zh") == "深圳市"
    assert label("province", "440000", "en") == "Guangdong"
    assert label("partner", "ZZZ", "en") == "ZZZ"  # unknown: the code itself
    assert label("partner", None, "en") == "not stated"


def test_cli_labels(tmp_path):
    import tradestat

    path = tmp_path / "w.duckdb"
    with tradestat.connect(path) as w:
        w.ingest(
            Path(__file__).resolve().parents[1] / "fixtures" / "core" / "customs.csv", "customs"
        )
    q = json.dumps({"dataset": "customs", "period": "2023", "by": ["region"]})
    out = run_cli("query", q, "--labels", "en", "--output", "json", "--warehouse", path)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["rows"]
    assert {r["region"]: r["region_name"] for r in rows}["440300"] == "Shenzhen"
