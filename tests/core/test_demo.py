"""`tradestat demo` end to end: bundled samples → warehouse → headline figures → bulletins.

Headline figures are checked against the workbook read with plain pandas: the
January-to-month columns (labels swapped in the source: 进口 holds exports) in 万元.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

from tradestat.demo import sample_path

WAN = Decimal(10_000)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    pytest.importorskip("weasyprint")
    done = subprocess.run(
        [sys.executable, "-m", "tradestat.cli", "demo", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out, done.stdout


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    df = pd.read_excel(sample_path("gac-monthly-by-location.xlsx"), sheet_name="全国")
    return df.set_index("时间")


def _ytd(national: pd.DataFrame, month: str) -> Decimal:
    row = national.loc[month]
    return (Decimal(int(row["进口_年初至今"])) + Decimal(int(row["出口_年初至今"]))) * WAN


def test_demo_prints_the_headline_figures(demo, national):
    _, stdout = demo
    total_2024 = _ytd(national, "2024-12")
    assert f"{total_2024:,.2f}" in stdout  # 43,846,792,580,000.00
    h1, h1_base = _ytd(national, "2025-06"), _ytd(national, "2024-06")
    assert f"{h1:,.2f}" in stdout and f"{h1_base:,.2f}" in stdout
    assert f"{float((h1 / h1_base - 1) * 100):,.2f}" in stdout  # growth 2.93


def test_demo_writes_warehouse_and_bulletins(demo):
    out, stdout = demo
    import tradestat

    with tradestat.connect(str(out / "demo.duckdb"), read_only=True) as w:
        datasets = w.datasets()
        assert {d.name for d in datasets} == {"gac_national", "gac_regions", "retail"}
        assert all(d.published for d in datasets)  # `make serve` answers read keys
        batches = w.batches().to_pylist()
        assert all(b["rows_read"] == b["rows_accepted"] + b["rows_rejected"] for b in batches)
    for spec in ("customs-gac_national-2025-H1", "platform-retail-2011-09_2011-11"):
        for lang in ("en", "zh"):
            html = (out / f"{spec}-{lang}.html").read_text(encoding="utf-8")
            assert "<html" in html.lower()
            pdf = (out / f"{spec}-{lang}.pdf").read_bytes()
            assert pdf.startswith(b"%PDF")
    assert "21.79" in (out / "customs-gac_national-2025-H1-en.html").read_text(encoding="utf-8")
    assert "skipped" not in stdout
