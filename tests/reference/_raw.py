"""Readers for the raw source files that the reference tests compare against."""

from __future__ import annotations

import csv
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("TRADESTAT_RAW_DIR", REPO.parent / "shared" / "data" / "raw"))


def read_gac_list(path: Path) -> dict[str, str]:
    """A GAC code list (GB18030, trailing comma per line) as {code: name}."""
    out = {}
    for line in path.read_bytes().decode("gb18030").splitlines()[1:]:
        code, _, rest = line.rstrip().rstrip(",").partition(",")
        if code.strip().isdigit():
            out[code.strip()] = rest.strip()
    return out


def read_rows(path: Path, **kw) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, **kw))
