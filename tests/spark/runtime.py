"""What every Spark test needs first: a Java runtime and pyspark, or a clean skip."""

from __future__ import annotations

import shutil

import pytest


def require_spark() -> None:
    """Skip the calling test (or fixture) when Spark cannot run on this machine."""
    if shutil.which("java") is None:
        pytest.skip("no Java runtime: install a JDK (Debian: default-jre-headless) for Spark")
    pytest.importorskip("pyspark")
