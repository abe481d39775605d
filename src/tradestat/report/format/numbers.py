"""Numbers as customs releases write them: rounded half-up, in trillions / 万亿 and friends.

Each helper returns a :class:`Written` text that remembers what was rounded and how, so
the provenance appendix and the consistency checks can use the figure *as printed*.

>>> money(Decimal("41757000000000"), "CNY")
'CNY 41.76 trillion'
>>> money(Decimal("261500000000"), "USD")
'$261.5 billion'
>>> money(Decimal("41757000000000"), "CNY", "zh")
'41.76万亿元'
>>> money(Decimal("1690000000000"), "CNY", "zh")
'1.69万亿元'
>>> count(556000, "zh"), count(556000)
('55.6万', '556,000')
>>> over(137), over(645000, "zh")
('over 100', '超过60万')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

# (scale, word, decimals): customs write two decimals for trillions, one below.
EN_UNITS = ((Decimal(10) ** 12, "trillion", 2), (Decimal(10) ** 9, "billion", 1),
            (Decimal(10) ** 6, "million", 1))  # fmt: skip
ZH_UNITS = (
    (Decimal(10) ** 12, "万亿", 2),
    (Decimal(10) ** 8, "亿", 1),
    (Decimal(10) ** 4, "万", 1),
)
# below the smallest unit, in a sentence that uses it: "$0.84 million" beside "$4.8 million"
FLOOR_DECIMALS = 2
EN_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}
ZH_CURRENCIES = {"CNY": "元", "USD": "美元", "GBP": "英镑", "EUR": "欧元", "JPY": "日元",
                 "HKD": "港元"}  # fmt: skip


@dataclass(frozen=True)
class Rounded:
    """The figure as written: ``value`` in base units, and the exact values that print so."""

    value: Decimal
    low: Decimal
    high: Decimal
    rule: str

    def admits(self, exact: Any) -> bool:
        return self.low <= to_decimal(exact) <= self.high


class Written(str):
    """Text of one figure, carrying its :class:`Rounded` (``None`` for words only)."""

    rounded: Rounded | None

    def __new__(cls, text: str, rounded: Rounded | None = None) -> Written:
        obj = super().__new__(cls, text)
        obj.rounded = rounded
        return obj


def to_decimal(x: Any) -> Decimal:
    """Exact decimal of an engine figure; floats go through their shortest repr.

    >>> to_decimal(0.1), to_decimal(3), to_decimal(Decimal("2.50"))
    (Decimal('0.1'), Decimal('3'), Decimal('2.50'))
    """
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool) or x is None:
        raise TypeError(f"not a number: {x!r}")
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        return Decimal(repr(x))
    return Decimal(str(x))


def round_half_up(x: Any, decimals: int) -> Decimal:
    """Round as a person does (0.05 -> 0.1), not banker's rounding.

    >>> round_half_up(0.05, 1), round_half_up(-0.25, 1), round_half_up(2.675, 2)
    (Decimal('0.1'), Decimal('-0.3'), Decimal('2.68'))
    """
    return to_decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimals_rule(decimals: int) -> str:
    return "whole units" if decimals == 0 else f"{decimals} decimal{'s' if decimals > 1 else ''}"


def rounded_to(x: Any, decimals: int, scale: Decimal = Decimal(1), rule: str = "") -> Rounded:
    shown = round_half_up(to_decimal(x) / scale, decimals)
    half = Decimal("0.5").scaleb(-decimals) * scale
    value = shown * scale
    return Rounded(value, value - half, value + half, rule or decimals_rule(decimals))


def currency_name(code: str, lang: str = "en") -> str:
    """
    >>> currency_name("GBP"), currency_name("GBP", "zh"), currency_name("CNY", "zh")
    ('GBP', '英镑', '人民币')
    """
    code = code.upper()
    if lang != "zh":
        return code
    return "人民币" if code == "CNY" else ZH_CURRENCIES.get(code, code)


def digits(x: Decimal, decimals: int, separators: bool = True) -> str:
    """
    >>> digits(Decimal("1234.5"), 1), digits(Decimal("-3"), 0, False)
    ('1,234.5', '-3')
    """
    return f"{x:,.{decimals}f}" if separators else f"{x:.{decimals}f}"


def magnitude(value: Any, lang: str = "en", floor: str | None = None) -> tuple[str, str, Rounded]:
    """(number text, unit word, rounding) in the largest unit that keeps it >= 1.

    ``floor`` is the smallest unit word the sentence uses (see :func:`sentence_floor`): an
    amount below it is written in that unit with :data:`FLOOR_DECIMALS` decimals, so a
    sentence that says "$4.8 million" says "$0.84 million", not "$836,229". An amount that
    would read 0.00 keeps whole units (nothing to write in the unit).

    >>> magnitude(Decimal("999960000000"))[:2]
    ('1.00', 'trillion')
    >>> magnitude(Decimal("-52340000"), "zh")[:2]
    ('-5,234.0', '万')
    >>> magnitude(Decimal("836228.99"), floor="million")[:2]
    ('0.84', 'million')
    """
    v = to_decimal(value)
    units = ZH_UNITS if lang == "zh" else EN_UNITS
    for scale, word, decimals in units:
        shown = round_half_up(abs(v) / scale, decimals)
        if shown >= 1:
            r = rounded_to(v, decimals, scale, f"{decimals_rule(decimals)} in {word}")
            return digits(r.value / scale, decimals), word, r
    for scale, word, _ in units:
        if word == floor and round_half_up(abs(v) / scale, FLOOR_DECIMALS) != 0:
            r = rounded_to(v, FLOOR_DECIMALS, scale, f"{decimals_rule(FLOOR_DECIMALS)} in {word}")
            return digits(r.value / scale, FLOOR_DECIMALS), word, r
    r = rounded_to(v, 0, rule="whole units")
    return digits(r.value, 0), "", r


def sentence_floor(amounts: list[Any], lang: str = "en") -> str | None:
    """The smallest unit word of a sentence's money amounts, when some reach a unit and
    others fall below every unit: those are then written in it (one scale per sentence).
    Chinese writes 万 from ten thousand up and keeps smaller amounts whole, as releases do.

    >>> sentence_floor([Decimal("4770490.77"), Decimal("836228.99")])
    'million'
    >>> sentence_floor([Decimal("2.1e12"), Decimal("836228.99")]), sentence_floor([12345, 600])
    ('million', None)
    >>> sentence_floor([Decimal("4770490.77"), Decimal("836228.99")], "zh") is None
    True
    """
    if lang == "zh":
        return None
    words = [magnitude(a, lang)[1] for a in amounts]
    if "" not in words or all(w == "" for w in words):
        return None
    return EN_UNITS[-1][1]


def money(value: Any, currency: str, lang: str = "en", floor: str | None = None) -> Written:
    """
    >>> money(Decimal("12345.67"), "GBP"), money(Decimal("-5780000000000"), "CNY")
    ('£12,346', '-CNY 5.78 trillion')
    >>> money(Decimal("261500000000"), "USD", "zh"), money(Decimal("8900000"), "GBP", "zh")
    ('2,615.0亿美元', '890.0万英镑')
    >>> money(Decimal("-350000"), "CNY", floor="million")
    '-CNY 0.35 million'
    """
    currency = currency.upper()
    number, word, r = magnitude(value, lang, floor)
    if lang == "zh":
        return Written(f"{number}{word}{ZH_CURRENCIES.get(currency, ' ' + currency)}", r)
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    prefix = EN_SYMBOLS.get(currency, currency + " ")
    return Written(f"{sign}{prefix}{number}{' ' + word if word else ''}", r)


def quantity(value: Any, lang: str = "en") -> Written:
    """A plain magnitude without currency: '12.3 million' / '1,230.0万'.

    >>> quantity(12300000), quantity(12300000, "zh")
    ('12.3 million', '1,230.0万')
    """
    number, word, r = magnitude(value, lang)
    return Written(f"{number}{' ' + word if word and lang != 'zh' else word}", r)


def count(n: Any, lang: str = "en") -> Written:
    """Exact count in English; in Chinese, 万 with one decimal from ten thousand up."""
    v = to_decimal(n)
    if lang == "zh" and abs(v) >= 10_000:
        scale, word = (Decimal(10) ** 8, "亿") if abs(v) >= 10**8 else (Decimal(10) ** 4, "万")
        r = rounded_to(v, 1, scale, f"1 decimal in {word}")
        text = digits(r.value / scale, 1, separators=False).removesuffix(".0")
        return Written(text + word, r)
    r = rounded_to(v, 0, rule="exact count")
    return Written(digits(r.value, 0, separators=lang != "zh"), r)


def over(n: Any, lang: str = "en") -> Written:
    """'over N' with N the count floored to its leading digit; exact when already round."""
    v = to_decimal(n)
    if v < 10:
        return count(v, lang)
    step = Decimal(10) ** (len(str(int(v))) - 1)
    floor = (v / step).quantize(Decimal(1), rounding=ROUND_FLOOR) * step
    if floor == v:
        return count(v, lang)
    r = Rounded(floor, floor, floor + step, f"floored to {step:,} ('over')")
    text = count(floor, lang)
    return Written(f"超过{text}" if lang == "zh" else f"over {text}", r)


def pct(x: Any, decimals: int = 1) -> Written:
    """
    >>> pct(53.54), pct(Decimal("7"))
    ('53.5%', '7.0%')
    """
    r = rounded_to(x, decimals, rule=f"{decimals_rule(decimals)}, percent")
    return Written(f"{digits(r.value, decimals, separators=False)}%", r)


def number(x: Any, decimals: int = 1, lang: str = "en") -> Written:
    r = rounded_to(x, decimals)
    return Written(digits(r.value, decimals, separators=lang != "zh"), r)
