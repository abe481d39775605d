"""Monthly exchange rates: units of currency per USD, one rate per currency and month.

Packaged: ``fx_monthly.csv.gz``, FRED monthly averages (noon buying rates in New York) via
datahub.io (ODC-PDDL), every series normalised to units per USD by the build script. These
are not the PBoC central parity nor the monthly rates GAC uses for declarations.

User tables take precedence: every ``fx/*.csv`` in a ``TRADESTAT_REFERENCE_PATH`` directory
(columns ``currency,period,per_usd``; period ``YYYY-MM`` or ``YYYY-MM-DD``, any day of the
month) replaces the packaged rate of the same currency and month; later directories win.

Sanity check on load: every rate must lie in its currency's magnitude band
(``fx_bands.csv``, e.g. CNY 1.5-9, JPY 70-400, GBP 0.35-1.0, EUR 0.6-1.3 per USD); a series
quoted the wrong way round (USD per unit) falls outside and fails loudly, naming the file,
currency and month. Currencies without a band are accepted unchecked. USD is 1.0.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tradestat.reference._files import DATA_DIR, display, read_csv, user_files
from tradestat.reference.errors import ReferenceError, UnknownCode

if TYPE_CHECKING:
    import pyarrow as pa

_CUR = re.compile(r"^[A-Z]{3}$")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})(-\d{2})?$")


@cache
def _bands() -> dict[str, tuple[float, float]]:
    return {
        r["currency"]: (float(r["min_per_usd"]), float(r["max_per_usd"]))
        for r in read_csv("fx_bands.csv")
    }


def _load(path: Path, into: dict[tuple[str, date], float]) -> None:
    name = display(path)
    rows = read_csv(path)
    if rows and not {"currency", "period", "per_usd"} <= set(rows[0]):
        raise ReferenceError(name, "header", "needs columns currency, period, per_usd")
    for i, r in enumerate(rows, start=2):
        cur, period = r["currency"].strip().upper(), r["period"].strip()
        entry = f"line {i} {cur} {period}"
        m = _PERIOD.match(period)
        if not _CUR.match(cur) or not m:
            raise ReferenceError(name, entry, "currency must be ISO 4217, period YYYY-MM[-DD]")
        try:
            month = date(int(m.group(1)), int(m.group(2)), 1)
            value = float(r["per_usd"])
        except ValueError as exc:
            raise ReferenceError(name, entry, str(exc)) from exc
        if not value > 0:
            raise ReferenceError(name, entry, f"rate {value} is not positive")
        lo, hi = _bands().get(cur, (0.0, float("inf")))
        if not lo <= value <= hi:
            raise ReferenceError(
                name,
                entry,
                f"{value} per USD is outside the expected band [{lo}, {hi}]: is the rate "
                "quoted the wrong way round (USD per unit)?",
            )
        into[(cur, month)] = value


@cache
def _rates() -> dict[tuple[str, date], float]:
    rates: dict[tuple[str, date], float] = {}
    _load(DATA_DIR / "fx_monthly.csv.gz", rates)
    for path in user_files("fx", "*.csv"):
        _load(path, rates)
    for month in {m for _, m in rates}:
        rates[("USD", month)] = 1.0
    return rates


def fx_currencies() -> tuple[str, ...]:
    return tuple(sorted({c for c, _ in _rates()}))


def fx_rate(currency: str, month: date) -> float:
    """Units of ``currency`` per USD in the month of ``month``; UnknownCode if none."""
    cur = currency.strip().upper()
    if cur == "USD":
        return 1.0
    try:
        return _rates()[(cur, month.replace(day=1))]
    except KeyError:
        raise UnknownCode(
            f"{cur} {month:%Y-%m}", "exchange rate", "no rate for that month"
        ) from None


def fx_monthly_map() -> dict[tuple[str, date], float]:
    """(currency, first of month) -> units per USD, user tables applied. Plain Python:
    building an Arrow table from Python values makes pyarrow import pandas (~0.5 s),
    which a query converting currencies need not pay."""
    return dict(_rates())


@cache
def _annual() -> dict[tuple[str, int], float]:
    return {(r["currency"], int(r["period"])): float(r["per_usd"])
            for r in read_csv("fx_annual.csv")}  # fmt: skip


def fx_annual_map() -> dict[tuple[str, int], float]:
    """(currency, year) -> FRED annual average of daily rates (``fx_annual.csv``), the
    rate an annual row is converted at."""
    return dict(_annual())


@cache
def fx_annual_rates() -> pa.Table:
    """Columns currency, year (int), per_usd: ``fx_annual_map`` as a table."""
    import pyarrow as pa

    items = sorted(_annual().items())
    return pa.table(
        {
            "currency": pa.array([c for (c, _), _v in items], pa.string()),
            "year": pa.array([y for (_c, y), _v in items], pa.int32()),
            "per_usd": pa.array([v for _k, v in items], pa.float64()),
        }
    )


@cache
def fx_rates() -> pa.Table:
    """Columns currency (string), period (date32, first of month), per_usd (float64)."""
    import pyarrow as pa

    items = sorted(_rates().items())
    return pa.table(
        {
            "currency": pa.array([c for (c, _), _v in items], pa.string()),
            "period": pa.array([m for (_c, m), _v in items], pa.date32()),
            "per_usd": pa.array([v for _k, v in items], pa.float64()),
        }
    )


@cache
def fx_fingerprint() -> str:
    """A fingerprint of every bundled and user-file rate (monthly and annual): what
    ingest keeps its converted rates by, so a changed rate file (after ``clear_caches``)
    converts the next batch at the new rate. Python's hash, so valid within a process
    only, as the kept rates are (a digest of the rates' text took 0.14 s)."""
    both = hash(frozenset(_rates().items())) ^ hash(frozenset(_annual().items()))
    return f"{both & (2**64 - 1):016x}"
