"""Fixtures for the reference-data tests.

Many tests check packaged data against the raw source files in ``../shared/data/raw`` (next
to the repository). A user's clone has no such folder: those tests skip with a reason.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from tradestat import reference

REPO = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("TRADESTAT_RAW_DIR", REPO.parent / "shared" / "data" / "raw"))


@pytest.fixture(scope="session")
def raw() -> Path:
    if not (RAW / "SOURCES.md").exists():
        pytest.skip("raw source files (../shared/data/raw) not available in this checkout")
    return RAW


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


@pytest.fixture(autouse=True)
def _fresh_reference(monkeypatch):
    """Each test sees only packaged files unless it sets TRADESTAT_REFERENCE_PATH itself."""
    monkeypatch.delenv("TRADESTAT_REFERENCE_PATH", raising=False)
    reference.clear_caches()
    yield
    reference.clear_caches()
