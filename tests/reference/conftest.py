"""Fixtures for the reference-data tests.

Many tests check packaged data against the raw source files in ``../shared/data/raw`` (next
to the repository). A user's clone has no such folder: those tests skip with a reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reference._raw import RAW
from tradestat import reference


@pytest.fixture(scope="session")
def raw() -> Path:
    if not (RAW / "SOURCES.md").exists():
        pytest.skip("raw source files (../shared/data/raw) not available in this checkout")
    return RAW


@pytest.fixture(autouse=True)
def _fresh_reference(monkeypatch):
    """Each test sees only packaged files unless it sets TRADESTAT_REFERENCE_PATH itself."""
    monkeypatch.delenv("TRADESTAT_REFERENCE_PATH", raising=False)
    reference.clear_caches()
    yield
    reference.clear_caches()
