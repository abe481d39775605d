"""Words around figures: up/down/flat, percentage points, lists and period names.

>>> change(0.2), change(-0.3), change(0.04)
('up 0.2%', 'down 0.3%', 'flat')
>>> change(0.2, "zh"), change(-0.3, "zh"), change(-0.04, "zh")
('增长0.2%', '下降0.3%', '持平')
>>> pp(3.1), pp(3.1, "zh")
('3.1 percentage points', '3.1个百分点')
>>> join_list(["Shenzhen", "Guangzhou", "Ningbo"]), join_list(["深圳", "广州", "宁波"], "zh")
('Shenzhen, Guangzhou and Ningbo', '深圳、广州和宁波')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tradestat.report.format.numbers import Written, digits, rounded_to

RATE_DECIMALS = 1  # customs releases print rates and shares with one decimal

_EN_CHANGE = {"up": ("up", "down", "flat"), "rose": ("rose", "fell", "was flat"),
              "increase": ("an increase of", "a decrease of", "no change")}  # fmt: skip
_ZH_CHANGE = ("增长", "下降", "持平")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_ORDINALS = ("first", "second", "third", "fourth")
_ZH_ORDINALS = ("一", "二", "三", "四")


def change(x: Any, lang: str = "en", style: str = "up", after: Any = None) -> Written:
    """Direction word from the sign of the *rounded* rate, then the rate without sign.
    ``after``: the rate written just before it in a pair ("分别增长0.8%和12.1%"); when
    both go the same way the word is not repeated.

    >>> change(101.04, style="rose"), change(-5.05, style="rose"), change(0, style="rose")
    ('rose 101.0%', 'fell 5.1%', 'was flat')
    >>> change(12.1, "zh", after=0.8), change(-1.2, "zh", after=0.8), change(0, "zh", after=0)
    ('12.1%', '下降1.2%', '持平')
    """
    r = rounded_to(x, RATE_DECIMALS, rule="1 decimal, percent")
    rise, fall, flat = _ZH_CHANGE if lang == "zh" else _EN_CHANGE[style]
    if r.value == 0:
        return Written(flat, r)
    word = rise if r.value > 0 else fall
    number = digits(abs(r.value), RATE_DECIMALS, separators=False)
    if after is not None:
        before = rounded_to(after, RATE_DECIMALS, rule="1 decimal, percent").value
        if before != 0 and (before > 0) == (r.value > 0):
            return Written(f"{number}%", r)
    return Written(f"{word}{'' if lang == 'zh' else ' '}{number}%", r)


def signed(x: Any, lang: str = "en") -> Written:
    """A rate with its sign, as in "volume +3.1%, prices −2.4%" (a true minus sign).

    >>> signed(3.14), signed(-2.44), signed(0.01), signed(-2.44, "zh")
    ('+3.1%', '−2.4%', '0.0%', '下降2.4%')
    """
    if lang == "zh":
        return change(x, lang)
    r = rounded_to(x, RATE_DECIMALS, rule="1 decimal, percent")
    number = digits(abs(r.value), RATE_DECIMALS, separators=False)
    sign = "+" if r.value > 0 else "\u2212" if r.value < 0 else ""
    return Written(f"{sign}{number}%", r)


def pp(x: Any, lang: str = "en") -> Written:
    """A percentage-point amount, sign kept.

    >>> pp(1), pp(-0.44)
    ('1.0 percentage point', '-0.4 percentage points')
    """
    r = rounded_to(x, RATE_DECIMALS, rule="1 decimal, percentage points")
    number = digits(r.value, RATE_DECIMALS, separators=False)
    if lang == "zh":
        return Written(f"{number}个百分点", r)
    return Written(f"{number} percentage point{'' if abs(r.value) == 1 else 's'}", r)


def pp_change(x: Any, lang: str = "en") -> Written:
    """
    >>> pp_change(3.1), pp_change(-0.44, "zh"), pp_change(0.01)
    ('up 3.1 percentage points', '下降0.4个百分点', 'unchanged')
    """
    r = rounded_to(x, RATE_DECIMALS, rule="1 decimal, percentage points")
    if r.value == 0:
        return Written("持平" if lang == "zh" else "unchanged", r)
    amount = pp(abs(r.value), lang)
    if lang == "zh":
        return Written(("提升" if r.value > 0 else "下降") + amount, r)
    return Written(("up " if r.value > 0 else "down ") + amount, r)


def join_list(items: Iterable[Any], lang: str = "en") -> str:
    """
    >>> join_list(["A"]), join_list(["A", "B"], "zh"), join_list([])
    ('A', 'A和B', '')
    """
    parts = [str(i) for i in items]
    if len(parts) < 2:
        return "".join(parts)
    if lang == "zh":
        return "、".join(parts[:-1]) + "和" + parts[-1]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def period_label(period: str, lang: str = "en") -> str:
    """How a release names a period.

    >>> period_label("2023"), period_label("2023-Q4"), period_label("2024-01..2024-06")
    ('2023', 'the fourth quarter of 2023', 'the first half of 2024')
    >>> period_label("2023", "zh"), period_label("2023-Q4", "zh"), period_label("2024-06", "zh")
    ('2023年', '2023年第四季度', '2024年6月')
    >>> period_label("2024-01..2024-07", "zh"), period_label("2010-12..2011-02")
    ('2024年前7个月', 'December 2010 to February 2011')
    """
    from tradestat.query.periods import Span

    s = Span.parse(period)
    first, last, n = s.start, s.end, s.months
    zh = lang == "zh"
    if first.year == last.year and first.month == 1 and n == 12:
        return f"{first.year}年" if zh else str(first.year)
    if n == 1:
        return (
            f"{first.year}年{first.month}月" if zh else f"{_MONTHS[first.month - 1]} {first.year}"
        )
    if first.year == last.year and n == 3 and first.month % 3 == 1:
        q = (first.month - 1) // 3
        return (
            f"{first.year}年第{_ZH_ORDINALS[q]}季度"
            if zh
            else (f"the {_ORDINALS[q]} quarter of {first.year}")
        )
    if first.year == last.year and first.month == 1:
        if n == 6:
            return f"{first.year}年上半年" if zh else f"the first half of {first.year}"
        return f"{first.year}年前{n}个月" if zh else f"the first {n} months of {first.year}"
    if zh:
        return f"{first.year}年{first.month}月至{last.year}年{last.month}月"
    return f"{_MONTHS[first.month - 1]} {first.year} to {_MONTHS[last.month - 1]} {last.year}"


def short_period(period: str, lang: str = "en") -> str:
    """Compact label for chart axes and tables.

    >>> short_period("2023-04"), short_period("2023-Q4", "zh"), short_period("2023")
    ('Apr 2023', '2023年四季度', '2023')
    """
    from tradestat.query.periods import Span

    s = Span.parse(period)
    if s.months == 1:
        return (
            f"{s.start.year}年{s.start.month}月"
            if lang == "zh"
            else (f"{_MONTHS[s.start.month - 1][:3]} {s.start.year}")
        )
    if s.months == 3 and s.start.month % 3 == 1:
        q = (s.start.month - 1) // 3
        return (
            f"{s.start.year}年{_ZH_ORDINALS[q]}季度"
            if lang == "zh"
            else (f"Q{q + 1} {s.start.year}")
        )
    return str(s)


def base_words(span: Any, base: Any, lang: str = "en") -> tuple[str, str]:
    """What growth is measured against, in words: for a figure ("year on year" only when
    the base is the year before, else "on <base>") and for a month-by-month chart (each
    month against the month so many earlier)."""
    from tradestat.report.format import period_label

    base_text = period_label(str(base), lang)
    year_earlier = base == span.default_base()
    months = span.offset_to(base)
    if lang == "zh":
        return ("同比" if year_earlier else f"比{base_text}",
                "同比" if months == 12 else f"比{months}个月前")  # fmt: skip
    return ("year on year" if year_earlier else f"on {base_text}",
            "year on year" if months == 12 else f"vs {months} months earlier")  # fmt: skip
