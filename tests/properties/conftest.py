"""Property tests: random small record sets ingested into a real DuckDB warehouse file,
and the engine's figures checked against plain pandas / Python over the same records.

The expected side shares no code with the engine: it applies the documented semantics
(README "Semantics") to the records the test generated, step by step.

Example counts scale with ``TRADESTAT_PROPERTY_SCALE`` (default 1): e.g. ``=10`` for a
long local run. ``make test`` (and CI) draws the same examples every run, so a red run
is a regression, not luck; ``TRADESTAT_PROPERTY_RANDOM=1`` draws fresh random examples
to explore. A failure prints the shrunk example and a reproduction blob, and is replayed
first on the next run (``.hypothesis/``). Reproduce one with ``pytest --hypothesis-seed=N``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCALE = max(1, int(os.environ.get("TRADESTAT_PROPERTY_SCALE", "1")))
RANDOM = os.environ.get("TRADESTAT_PROPERTY_RANDOM") == "1"


def examples(n: int) -> settings:
    """Settings of a property test: ``n`` examples (times SCALE), no deadline (an example
    ingests a warehouse file), no health check on slow data generation or fixtures."""
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        derandomize=not RANDOM,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
        ],
        print_blob=True,
    )


# --- the records -----------------------------------------------------------------
# Months of two years; flows; codes the ingest accepts (real ISO, HS, GB/T, modes).
MONTHS = ["01", "02", "03", "06", "07", "12"]
PERIODS = [f"{y}-{m}" for y in (2022, 2023) for m in MONTHS]
PARTNERS = ["USA", "DEU", "FRA", "JPN", "VNM", "IDN"]
HS_CODES = ["85076000", "870380", "6109", "84181020", "85", "940360"]
ENTERPRISES = ["E1", "E2", "E3", "E4", "E5"]
ENTERPRISE_TYPES = ["private", "state_owned", "foreign_invested", "other"]
TRADE_MODES = ["0110", "9610", "1210", "9710"]
GRAIN = ["period", "flow", "hs_code", "partner", "enterprise_type", "enterprise_id", "trade_mode"]
VINTAGES = ["2024-01-15", "2024-03-15", "2024-06-15"]  # first release, revisions

COLUMNS = [
    "record_id",
    "period",
    "flow",
    "hs_code",
    "partner",
    "enterprise_type",
    "enterprise_id",
    "trade_mode",
    "value",
    "currency",
    "quantity",
    "is_return",
    "vintage",
]


def _money(cents: int, is_return: bool) -> Decimal:
    """A value in CNY: returns are negative or zero, other records positive or zero."""
    value = Decimal(cents).scaleb(-2)
    return -value if is_return and cents else value


cents = st.one_of(st.just(0), st.integers(1, 999), st.integers(1, 10**9))


@st.composite
def record_versions(draw: Any, index: int) -> list[dict[str, Any]]:
    """One record (a declaration line) and, sometimes, later revised versions of it."""
    is_return = draw(st.sampled_from([False, False, False, True]))
    base = {
        "record_id": f"r{index}",
        "period": draw(st.sampled_from(PERIODS)),
        "flow": draw(st.sampled_from(["X", "M"])),
        "hs_code": draw(st.sampled_from([*HS_CODES, None])),
        "partner": draw(st.sampled_from([*PARTNERS, None])),
        "enterprise_type": draw(st.sampled_from(ENTERPRISE_TYPES)),
        "enterprise_id": draw(st.sampled_from([*ENTERPRISES, None])),
        "trade_mode": draw(st.sampled_from(TRADE_MODES)),
        "currency": "CNY",
        "is_return": is_return,
    }
    n_versions = draw(st.sampled_from([1, 1, 1, 2, 3]))
    versions = []
    for vintage in VINTAGES[:n_versions]:
        quantity = draw(st.one_of(st.none(), st.integers(0, 10**6)))
        if quantity is not None and is_return:
            quantity = -quantity
        versions.append(
            {
                **base,
                "value": _money(draw(cents), is_return),
                "quantity": quantity,
                "vintage": vintage,
            }
        )
    return versions


@st.composite
def record_sets(draw: Any, min_records: int = 0, max_records: int = 25) -> list[dict[str, Any]]:
    """Rows of a canonical CSV: every version of every record, in random order."""
    n = draw(st.integers(min_records, max_records))
    rows = [row for i in range(n) for row in draw(record_versions(i))]
    return draw(st.permutations(rows))


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for r in rows:
            out.writerow(["" if r[c] is None else _text(r[c]) for c in COLUMNS])
    return path


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return str(v)


@dataclass
class Loaded:
    """A warehouse file holding one generated record set as dataset ``trade``."""

    wh: Any
    rows: list[dict[str, Any]]

    def query(self, **kw: Any) -> Any:
        return self.wh.query({"dataset": "trade", **kw})


@pytest.fixture
def load(tmp_path_factory: pytest.TempPathFactory) -> Iterable[Callable[[list], Loaded]]:
    """``load(rows)``: a fresh warehouse file with ``rows`` ingested as one batch.

    One warehouse per example (tmp_path would be shared by every example of a test)."""
    import tradestat

    opened: list[Any] = []

    def _load(rows: list[dict[str, Any]]) -> Loaded:
        while opened:  # the previous example's warehouse
            opened.pop().close()
        folder = tmp_path_factory.mktemp("prop")
        wh = tradestat.connect(folder / "w.duckdb")
        opened.append(wh)
        if rows:
            report = wh.ingest(write_csv(rows, folder / "records.csv"), "trade")
            assert (report.rows_accepted, report.rows_rejected) == (len(rows), 0), report
        else:  # an empty dataset of the same grain
            wh.create_dataset("trade", GRAIN)
        return Loaded(wh, rows)

    yield _load
    while opened:
        opened.pop().close()


# --- expected figures, computed independently ---------------------------------------
def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS).astype(object)
    return df.where(df.notna(), None)


def latest(df: pd.DataFrame) -> pd.DataFrame:
    """Per record_id, the version with the latest vintage (the comparable basis)."""
    if df.empty:
        return df
    return df.sort_values("vintage").groupby("record_id", as_index=False).tail(1)


def first_published(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return df
    return df.sort_values("vintage").groupby("record_id", as_index=False).head(1)


def months_of(period: str) -> list[str]:
    """The months (YYYY-MM) of the period texts the tests use."""
    if ".." in period:
        start, end = period.split("..")
    elif "-Q" in period:
        y, q = period.split("-Q")
        start, end = f"{y}-{3 * int(q) - 2:02d}", f"{y}-{3 * int(q):02d}"
    elif "-H" in period:
        y, h = period.split("-H")
        start, end = f"{y}-{6 * int(h) - 5:02d}", f"{y}-{6 * int(h):02d}"
    elif len(period) == 4:
        start, end = f"{period}-01", f"{period}-12"
    else:
        start = end = period
    y0, m0 = map(int, start.split("-"))
    y1, m1 = map(int, end.split("-"))
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1)]


def shift_year(months: list[str], years: int) -> list[str]:
    return [f"{int(m[:4]) + years}{m[4:]}" for m in months]


def in_months(df: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    return df[df["period"].isin(months)]


def money_sum(df: pd.DataFrame) -> Decimal:
    return sum(df["value"], Decimal("0.00"))


def pct(num: Any, den: Any) -> float | None:
    """(num × 100) / den, None when den is 0 or unknown (as the README defines growth)."""
    if num is None or den is None or den == 0:
        return None
    return float(num) * 100 / float(den)


def close(a: float | None, b: float | None, scale: float = 1.0) -> bool:
    """Floats equal up to rounding; ``scale`` is the size of the terms that were added."""
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(scale), abs(b))
