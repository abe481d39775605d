"""The unit of a query's figures and the scales people read them in.

The unit follows from the query and its dataset alone: a currency code for money
(``value`` in the query's currency, else the dataset's home currency), else what the
measure counts. Every front end takes it from here (through ``Result.unit``), so a
CLI header, an axis title and a spreadsheet's units row always say the same thing.

>>> from tradestat.query.tradequery import TradeQuery
>>> unit_of(TradeQuery(dataset="d", period="2023", currency="usd"), "CNY")
'USD'
>>> unit_of(TradeQuery(dataset="d", period="2023", measure="orders"), "GBP")
'orders'
>>> s = pick_scale("auto", [43_846_792_580_000], "CNY", "zh"); s.name, unit_label("CNY", s, "zh")
('万亿', '万亿元')
>>> unit_label("CNY", pick_scale("auto", [2.6e11], "CNY"), "en")
'CNY billion'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tradestat.errors import QueryError

# measure -> what one unit of it is (en, zh); quantities are in the records' own units
COUNT_WORDS = {
    "orders": ("orders", "单"),
    "records": ("records", "条"),
    "enterprises": ("enterprises", "家"),
    "partners": ("partners", "个"),
    "quantity": ("quantity", "数量"),
}
ZH_CURRENCIES = {"CNY": "元", "USD": "美元", "GBP": "英镑", "EUR": "欧元", "JPY": "日元",
                 "HKD": "港元"}  # fmt: skip
PERCENT, POINTS = "%", "pp"


@dataclass(frozen=True)
class Scale:
    name: str  # "exact", "trillion", "亿" ...
    factor: Decimal
    en: str = ""  # the word after the unit in English ("CNY trillion")
    zh: str = ""  # the word before the unit in Chinese ("万亿元")


EXACT = Scale("exact", Decimal(1))
SCALES = {
    s.name: s
    for s in (
        EXACT,
        Scale("trillion", Decimal(10) ** 12, "trillion", "万亿"),
        Scale("billion", Decimal(10) ** 9, "billion", "十亿"),
        Scale("million", Decimal(10) ** 6, "million", "百万"),
        Scale("万亿", Decimal(10) ** 12, "trillion", "万亿"),
        Scale("亿", Decimal(10) ** 8, "hundred million", "亿"),
        Scale("万", Decimal(10) ** 4, "ten thousand", "万"),
    )
}
SCALE_CHOICES = ("auto", *SCALES)
# what `auto` picks from, largest first: the words each language's releases use
AUTO_LADDER = {"en": ("trillion", "billion", "million"), "zh": ("万亿", "亿", "万")}


def unit_of(q: Any, home_currency: str) -> str:
    """A currency code for money, else the measure's count word (``orders`` ...)."""
    if q.measure == "value":
        return (q.currency or home_currency).upper()
    if q.measure == "unit_value":  # money per unit of quantity (the `unit` column)
        return f"{(q.currency or home_currency).upper()}/unit"
    return q.measure


def is_money(unit: str | None) -> bool:
    return bool(unit) and len(unit) == 3 and unit.isupper()


def column_unit(column: str, unit: str | None) -> str | None:
    """The unit of one result column: the figure's for values, % or pp for comparisons."""
    if column in ("value", "base_value"):
        return unit
    if column.endswith("_pct"):
        return PERCENT
    if column.endswith("_pp"):
        return POINTS
    return None


def pick_scale(name: str | None, values: list[Any], unit: str | None, lang: str = "en") -> Scale:
    """The scale ``name`` stands for; ``auto`` picks the largest step the biggest figure
    reaches (money only: counts stay whole), ``None`` and ``exact`` keep units."""
    if name is None or name == "exact":
        return EXACT
    if name not in SCALE_CHOICES:
        raise QueryError("scale", f"must be one of {', '.join(SCALE_CHOICES)}, not {name!r}")
    if name != "auto":
        return SCALES[name]
    if not is_money(unit):
        return EXACT
    top = max((abs(Decimal(str(v))) for v in values if v is not None), default=Decimal(0))
    ladder = AUTO_LADDER["zh" if lang == "zh" else "en"]
    return next((SCALES[s] for s in ladder if top >= SCALES[s].factor), EXACT)


def unit_label(unit: str | None, scale: Scale = EXACT, lang: str = "en") -> str:
    """``CNY trillion`` / ``万亿元``, ``million orders`` / ``万单``; ``""`` without a unit."""
    if not unit:
        return ""
    if lang == "zh":
        word = ZH_CURRENCIES.get(unit, unit) if is_money(unit) else _count_word(unit, 1)
        return f"{scale.zh}{word}"
    if is_money(unit):
        return f"{unit} {scale.en}".strip()
    return f"{scale.en} {_count_word(unit, 0)}".strip()


def column_label(column: str, unit: str | None, scale: Scale = EXACT, lang: str = "en",
                 name: str | None = None) -> str:  # fmt: skip
    """A header with its unit: ``value (CNY trillion)``, ``growth_pct (%)``."""
    own = column_unit(column, unit)
    shown = name or column
    if own is None:
        return shown
    text = unit_label(own, scale, lang) if own == unit else own
    if not text:
        return shown
    return f"{shown}（{text}）" if lang == "zh" else f"{shown} ({text})"


def scale_value(value: Any, scale: Scale) -> Any:
    """A figure divided by the scale's factor, exactly (decimals stay decimals)."""
    if value is None or scale.factor == 1:
        return value
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value) / scale.factor
    return value / float(scale.factor)


def _count_word(unit: str, lang_index: int) -> str:
    return COUNT_WORDS.get(unit, (unit, unit))[lang_index]
