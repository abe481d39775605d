"""Reading rate files: FRED / datahub (long or FRED's own layout) and IMF daily rates.

Each reader returns one ``Series`` per currency with every value found for each month;
``importer`` averages them and checks their direction.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.readers.packaged import load_csv


@dataclass
class Series:
    label: str  # country name, FRED series id or currency column
    currency: str | None
    declared: str  # per_usd | usd_per
    values: dict[date, list[float]] = field(default_factory=lambda: defaultdict(list))
    skip: str = ""  # why the series cannot be imported at all


def detect(path: Path) -> str:
    with open(path, encoding="utf-8-sig") as fh:
        first = fh.readline()
    if ";" in first:
        return "imf"
    header = {h.strip().lower() for h in first.split(",")}
    return "table" if "period" in header else "fred"


def read_table(path: Path, report: Any) -> list[Series]:
    """A plain monthly table: ``period,currency,per_usd`` (units per USD), or
    ``period,cny_per_usd`` — e.g. GAC's monthly statistical rates (海关统计汇率), typed
    in from its releases. ``period`` is ``YYYY-MM`` (or a date in the month)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise IngestError(f"{path}: empty file")
    header = {h.strip().lower(): h for h in rows[0]}
    long_form = {"period", "currency", "per_usd"} <= set(header)
    if not long_form and not {"period", "cny_per_usd"} <= set(header):
        raise IngestError(
            f"{path}: header {sorted(rows[0])}: expected period,currency,per_usd "
            "or period,cny_per_usd"
        )
    series: dict[str, Series] = {}
    for line, r in enumerate(rows, start=2):
        text = (r[header["period"]] or "").strip()
        try:
            month = datetime.strptime(text[:7], "%Y-%m").date()
        except ValueError:
            raise IngestError(f"{path}, row {line}, period: not YYYY-MM: {text!r}") from None
        cur = (r[header["currency"]] if long_form else "CNY").strip().upper()
        raw = r[header["per_usd" if long_form else "cny_per_usd"]]
        value = _number(raw)
        if value is None:
            raise IngestError(f"{path}, row {line}, per_usd: not a positive number: {raw!r}")
        s = series.setdefault(cur, Series(cur, cur, "per_usd"))
        s.values[month].append(value)
    return list(series.values())


def _number(text: str | None) -> float | None:
    text = (text or "").strip()
    if text in ("", ".", "NA", "N/A"):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 else None


def read_fred(path: Path, report: Any) -> list[Series]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise IngestError(f"{path}: empty file")
    header = [h.strip() for h in rows[0]]
    if "Country" in header:
        return _fred_long(path, header, rows[1:])
    if header[0].lower() in ("date", "observation_date"):
        return _fred_native(path, header, rows[1:], report)
    raise IngestError(
        f"{path}: not a FRED file (header {header}): expected Date,Country,"
        "Exchange rate or observation_date,SERIESID"
    )


def _fred_long(path: Path, header: list[str], rows: list[list[str]]) -> list[Series]:
    value_col = next((h for h in header if h not in ("Date", "Country")), None)
    if value_col is None:
        raise IngestError(f"{path}: no rate column next to Date and Country")
    i_date, i_country, i_value = (
        header.index("Date"),
        header.index("Country"),
        header.index(value_col),
    )
    countries = {r["country"]: r for r in load_csv(__package__, "fred_countries.csv")}
    series: dict[str, Series] = {}
    for row in rows:
        if len(row) <= max(i_date, i_country, i_value):
            continue
        name = row[i_country].strip()
        if name not in series:
            known = countries.get(name)
            s = Series(name, (known or {}).get("currency") or None, "per_usd")
            if known is None:
                s.skip = "unknown country name (no currency in fred_countries.csv)"
            elif not s.currency:
                s.skip = known["note"]
            series[name] = s
        value = _number(row[i_value])
        if value is not None:
            series[name].values[_month(row[i_date], path)].append(value)
    return list(series.values())


def _fred_native(path: Path, header: list[str], rows: list[list[str]], report: Any) -> list[Series]:
    ids = {r["series"]: r for r in load_csv(__package__, "fred_series.csv")}
    series = []
    for j, sid in enumerate(header[1:], start=1):
        known = ids.get(sid.upper())
        s = Series(
            sid, known["currency"] if known else None, known["quote"] if known else "per_usd"
        )
        if known is None:
            s.skip = "unknown FRED series id (not in fred_series.csv)"
        for row in rows:
            value = _number(row[j]) if len(row) > j else None
            if value is not None:
                s.values[_month(row[0], path)].append(value)
        series.append(s)
    return series


def read_imf(path: Path, report: Any) -> list[Series]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    header = [h.strip() for h in rows[0]] if rows else []
    if not header or header[0].lower() != "date":
        raise IngestError(f"{path}: not an IMF rates file (expected Date;CUR;CUR;...)")
    series = []
    for j, cur in enumerate(header[1:], start=1):
        s = Series(cur, cur.upper(), "per_usd")
        if len(cur) != 3 or not cur.isalpha():
            s.skip = "column is not an ISO 4217 currency code"
        for row in rows[1:]:
            value = _number(row[j]) if len(row) > j else None
            if value is not None:
                s.values[_month(row[0], path)].append(value)
        if s.currency == "USD":
            ones = all(v == 1 for vs in s.values.values() for v in vs)
            report.notes.append(
                "USD column "
                + (
                    "is 1 throughout: not stored"
                    if ones
                    else "is not 1 throughout: file suspect, not stored"
                )
            )
            continue
        series.append(s)
    days = sum(len(v) for s in series for v in s.values.values())
    months = sum(len(s.values) for s in series)
    report.notes.append(f"{days:,} daily fixings averaged into {months:,} monthly rates")
    return series


def _month(text: str, path: Path) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d-%b-%Y", "%Y-%m", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise IngestError(f"{path}: not a date: {text!r}")
