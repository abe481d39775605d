"""Importing tradestat.reference must stay cheap."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_heavy_modules():
    code = (
        "import sys, tradestat.reference as r; r.partner_codes(); r.normalize_region('44');"
        "heavy = [m for m in ('pandas', 'pyarrow', 'ibis', 'duckdb', 'yaml', 'jsonschema')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    # a fresh interpreter: what it imports is the point (this process has imported all)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
