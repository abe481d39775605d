"""`import tradestat` stays light: no Ibis, web, plotting or Spark modules."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("ibis", "fastapi", "plotly", "matplotlib", "pyspark", "playwright", "pandas", "duckdb")


def test_core_import_is_light():
    code = f"import sys, tradestat; print([m for m in {HEAVY!r} if m in sys.modules])"
    # a fresh interpreter: what it imports is the point (this process has imported all)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
