"""Importing tradestat or tradestat.report loads no template, plotting or PDF library."""

from __future__ import annotations

import subprocess
import sys


def test_report_import_is_light():
    code = (
        "import sys, tradestat, tradestat.report, tradestat.report.spec, "
        "tradestat.report.format, tradestat.cli.report_cmd; "
        "print([m for m in ('jinja2', 'matplotlib', 'weasyprint', 'duckdb', 'ibis') "
        "if m in sys.modules])"
    )
    # a fresh interpreter: what it imports is the point (this process has imported all)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
