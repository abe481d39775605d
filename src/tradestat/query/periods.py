"""Periods: a span of whole months, written as customs releases write them.

>>> Span.parse("2023-Q4").label
'2023-10..2023-12'
>>> Span.parse("2023").default_base().label
'2022-01..2022-12'
>>> Span.parse("2023-01..2023-06").months
6
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def from_index(i: int) -> date:
    return date(i // 12, i % 12 + 1, 1)


def add_months(d: date, n: int) -> date:
    return from_index(month_index(d) + n)


def _bounds(text: str) -> tuple[date, date]:
    """First and last month of one period token."""
    t = text.strip()
    if m := _YEAR.match(t):
        y = int(m.group(1))
        return date(y, 1, 1), date(y, 12, 1)
    if m := _QUARTER.match(t):
        y, q = int(m.group(1)), int(m.group(2))
        return date(y, 3 * q - 2, 1), date(y, 3 * q, 1)
    if m := _HALF.match(t):
        y, h = int(m.group(1)), int(m.group(2))
        return date(y, 6 * h - 5, 1), date(y, 6 * h, 1)
    if m := _MONTH.match(t):
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise ValueError(f"invalid month {t!r}")
        return date(y, mo, 1), date(y, mo, 1)
    raise ValueError(
        f"invalid period {text!r}: use 2023, 2023-Q4, 2023-H1, 2023-06 or 2023-01..2023-06"
    )


@dataclass(frozen=True, order=True)
class Span:
    """Months ``start`` .. ``end`` inclusive (both first-of-month dates)."""

    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> Span:
        if not isinstance(text, str) or not text.strip():
            raise ValueError("period must be a non-empty string such as '2023'")
        if ".." in text:
            left, right = text.split("..", 1)
            start, end = _bounds(left)[0], _bounds(right)[1]
        else:
            start, end = _bounds(text)
        if end < start:
            raise ValueError(f"invalid period {text!r}: end before start")
        if start.year < 1900 or end.year > 2200:
            raise ValueError(f"invalid period {text!r}: year out of range")
        return cls(start, end)

    @property
    def months(self) -> int:
        return month_index(self.end) - month_index(self.start) + 1

    def month_list(self) -> list[date]:
        first = month_index(self.start)
        return [from_index(first + i) for i in range(self.months)]

    def shift(self, months: int) -> Span:
        return Span(add_months(self.start, months), add_months(self.end, months))

    def default_base(self) -> Span:
        return self.shift(-12)

    def offset_to(self, other: Span) -> int:
        """Months to add to ``other`` to align it with this span's start."""
        return month_index(self.start) - month_index(other.start)

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"

    def __str__(self) -> str:
        s, e = self.start, self.end
        if s.month == 1 and e.month == 12 and s.year == e.year:
            return f"{s.year}"
        if s == e:
            return f"{s:%Y-%m}"
        if s.year == e.year and s.month % 3 == 1 and e.month == s.month + 2:
            return f"{s.year}-Q{(s.month + 2) // 3}"
        return self.label


def month_label(d: date) -> str:
    return f"{d:%Y-%m}"


def quarter_label(d: date) -> str:
    return f"{d.year}-Q{(d.month + 2) // 3}"
