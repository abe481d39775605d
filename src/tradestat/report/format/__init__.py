"""Formatting helpers for bulletin text in English and Chinese (also the template filters)."""

from tradestat.report.format.numbers import (
    Rounded,
    Written,
    count,
    currency_name,
    magnitude,
    money,
    number,
    over,
    pct,
    quantity,
    round_half_up,
    sentence_floor,
    to_decimal,
)
from tradestat.report.format.words import (
    change,
    join_list,
    period_label,
    pp,
    pp_change,
    short_period,
    signed,
)

__all__ = [
    "Rounded",
    "Written",
    "change",
    "count",
    "currency_name",
    "join_list",
    "magnitude",
    "money",
    "number",
    "over",
    "pct",
    "period_label",
    "pp",
    "pp_change",
    "quantity",
    "round_half_up",
    "sentence_floor",
    "short_period",
    "signed",
    "to_decimal",
]
