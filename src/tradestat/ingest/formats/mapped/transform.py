"""Applying a mapping to the rows of one table: wide-to-long, constants, period formats,
code translations, unit multipliers and January-to-month differencing.

The whole table is in memory: differencing needs each series complete and ordered.
Every output row keeps the number of the source row it came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation

from tradestat.ingest.formats.common.codes import normalize_regions
from tradestat.ingest.formats.mapped.spec import Mapping, Sheet
from tradestat.ingest.readers.staged import Staged, blank, strip_thousands
from tradestat.model.schema import DIMENSION_FIELDS

_PERIOD = re.compile(r"^(\d{4})-?(\d{2})(-\d{2})?")


def stage_rows(
    m: Mapping,
    sheet: Sheet,
    columns: dict[str, list[str | None]],
    rows: list[int],
    raw: list[str],
) -> tuple[Staged, list[str]]:
    """Staged rows of one table, and notes for the report."""
    records: list[tuple[int, dict[str, str | None]]] = []
    for i in range(len(rows)):
        base = {f: blank(columns[c][i]) for f, c in m.columns.items()}
        base.update(m.constants)
        base.update(sheet.constants)
        if not m.wide_field:
            records.append((i, base))
            continue
        for key, col in m.wide_columns.items():
            records.append((i, {**base, m.wide_field: key, m.wide_value: blank(columns[col][i])}))
    out = Staged([rows[i] for i, _ in records])
    out.raw = [raw[i] for i, _ in records]
    notes: list[str] = []
    for f in sorted(m.fields()):
        values = [r.get(f) for _, r in records]
        values = text_steps(out, f, values, m)
        if f in m.multiply:
            values = _multiply(out, f, values, m.multiply[f])
        out.set(f, values)
    if m.cumulative:
        notes += _difference(out, m, sheet)
    return out, notes


# strptime directives that name a month or a day: a format without any reads years
_SUB_YEAR = ("%m", "%b", "%B", "%d", "%j", "%U", "%W", "%x", "%c")


def text_steps(out: Staged, f: str, values: list, m: Mapping) -> list:
    """A field's period format, translation and resolution, in that order: the steps
    that read its text (rejects recorded in ``out``); the values after them."""
    if f == "period" and m.period_format:
        values = _periods(out, values, m.period_format)
    if f in m.translate:
        table = m.translate[f]
        out.translate(
            f,
            values,
            lambda texts, t=table: {s: t.get(s) for s in texts},
            "no translation in the mapping for",
        )
        values = out.cols[f]
    if f in m.resolve:
        _resolve(out, f, values, m.resolve[f])
        values = out.cols[f]
    return values


def _periods(out: Staged, values: list[str | None], fmt: str) -> list[str | None]:
    # a year format (e.g. "%Y") gives a year: the row stays annual, never a January
    written = "%Y-%m" if any(d in fmt for d in _SUB_YEAR) else "%Y"
    result: list[str | None] = []
    for i, v in enumerate(values):
        if v is None:
            result.append(None)
            continue
        try:
            result.append(datetime.strptime(v, fmt).strftime(written))
        except ValueError:
            out.reject(i, "period", f"does not match period_format {fmt!r}: {v}")
            result.append(v)
    return result


def _resolve(out: Staged, f: str, values: list[str | None], scheme: str) -> None:
    from tradestat import reference

    if f in ("partner", "reporter"):  # a reporter is an economy too: the same schemes
        out.translate(
            f,
            values,
            lambda texts: reference.resolve_partners(texts, scheme),
            f"unknown {f} ({scheme})",
        )
    else:
        out.translate(f, values, normalize_regions, "unknown GB/T 2260 region code")


def _multiply(out: Staged, f: str, values: list[str | None], factor: Decimal) -> list[str | None]:
    result: list[str | None] = []
    for i, v in enumerate(values):
        number = _decimal(v)
        if v is not None and number is None:
            out.reject(i, f, f"not a number: {v}")
        result.append(v if number is None else _plain(number * factor))
    return result


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        number = Decimal(strip_thousands(text) or "")
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _difference(out: Staged, m: Mapping, sheet: Sheet) -> list[str]:
    """January-to-month totals -> monthly values, series by series.

    A month is derived as its cumulative total minus the previous month's; January is
    its own total. A month whose previous month is missing, or whose total falls below
    the previous one, cannot be derived: it is rejected, and the next month (derived
    from a suspect total) is named in a note.
    """
    value_field = m.wide_value if m.wide_field else "value"
    keys = [f for f in DIMENSION_FIELDS if f != "period" and f in out.cols]
    series: dict[tuple, list[tuple[tuple[int, int], int]]] = defaultdict(list)
    for i in range(out.n):
        month = _month(out.cols["period"][i])
        if month is None or out.is_rejected(i):
            continue  # validation explains it
        series[tuple(out.cols[k][i] for k in keys)].append((month, i))
    derived = list(out.cols[value_field])
    where = f"sheet {sheet.name!r}, " if sheet.name else ""
    notes: list[str] = []
    for key, points in series.items():
        points.sort()
        prev: tuple[tuple[int, int], Decimal | None] | None = None
        for (year, month), i in points:
            total = _decimal(out.cols[value_field][i])
            label = f"{year}-{month:02d}"
            if total is None:
                prev = ((year, month), None)
                continue
            if month == 1:
                derived[i] = _plain(total)
            elif prev is None or prev[0] != (year, month - 1) or prev[1] is None:
                out.reject(
                    i,
                    value_field,
                    f"cumulative: no January-to-month total for the "
                    f"month before {label} ({where}series {_label(keys, key)})",
                )
            elif total < prev[1]:
                out.reject(
                    i,
                    value_field,
                    f"cumulative total falls from {prev[1]} to {total} "
                    f"in {label} ({where}series {_label(keys, key)}): not January-to-"
                    "month, or revised; month not derived",
                )
                notes.append(
                    f"{where}{_label(keys, key)}: {label} total below the month "
                    "before; the month after it is derived from a suspect total"
                )
            else:
                derived[i] = _plain(total - prev[1])
            prev = ((year, month), total)
    out.set(value_field, derived)
    return notes


def _month(text: str | None) -> tuple[int, int] | None:
    match = _PERIOD.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))


def _label(keys: list[str], key: tuple) -> str:
    return ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True) if v is not None) or "-"
