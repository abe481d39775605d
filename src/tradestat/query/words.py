"""A query in words, in English and Chinese: its caption in a notebook, a CLI table,
the explorer and a spreadsheet ("Exports by province, 2024, CNY").

>>> caption({"dataset": "d", "period": "2024", "flow": "export", "by": ["province"]}, "CNY")
'Exports by province, 2024, CNY'
>>> caption({"dataset": "d", "period": "2024", "compare": ["growth"]}, "CNY", "zh")
'进出口，2024，元，含同比增长'
>>> caption({"dataset": "d", "period": "2024", "where": {"partner": ["KOR", "JPN"]}}, "CNY")
'Total trade, partner KOR/JPN, 2024, CNY'

A filter is always said: a figure of some partners must not read as the total.
"""

from __future__ import annotations

from typing import Any

from tradestat.query.units import EXACT, is_money, unit_label

DIMENSION_NAMES = {
    "year": ("Year", "年"), "quarter": ("Quarter", "季度"), "month": ("Month", "月"),
    "flow": ("Flow", "流向"), "hs2": ("HS chapter", "HS 章"), "hs4": ("HS heading", "HS 品目"),
    "hs6": ("HS subheading", "HS 子目"), "hs_code": ("Commodity code", "商品编码"),
    "product_group": ("Product group", "商品组别"), "partner": ("Partner", "贸易伙伴"),
    "reporter": ("Reporter", "申报方"),
    "partner_group": ("Partner group", "伙伴组别"), "region": ("Region", "地区"),
    "province": ("Province", "省份"), "city": ("City", "城市"),
    "enterprise_type": ("Enterprise type", "企业性质"), "trade_mode": ("Trade mode", "贸易方式"),
    "trade_mode_group": ("Trade mode group", "贸易方式组别"),
    "stat_trade_mode": ("Statistical trade mode", "统计贸易方式"), "zone": ("Zone", "特殊区域"),
    "category": ("Category", "品类"),
    "end_use": ("End use", "最终用途"), "sitc_section": ("SITC section", "SITC 类"),
    "sitc_division": ("SITC division", "SITC 章"),
}  # fmt: skip
# grain fields that are not dimensions of their own name
FIELD_NAMES = {
    "period": ("Month", "月份"), "enterprise_id": ("Enterprise", "企业"),
    "order_id": ("Order", "订单"), "hs_edition": ("HS edition", "HS 版本"),
}  # fmt: skip
FLOW_WORDS = {
    "total": ("Total trade", "进出口"),
    "export": ("Exports", "出口"),
    "import": ("Imports", "进口"),
    "balance": ("Trade balance", "贸易差额"),
}
MEASURE_WORDS = {
    "quantity": ("Quantity", "数量"),
    "orders": ("Orders", "订单数"),
    "records": ("Records", "记录数"),
    "enterprises": ("Enterprises", "企业数"),
    "partners": ("Partners", "贸易伙伴数"),
    "unit_value": ("Unit values", "单价"),
}
COMPARE_WORDS = {
    "growth": ("growth", "同比增长"),
    "share": ("share", "占比"),
    "share_pp": ("change of share", "占比变化"),
    "contribution": ("contribution", "拉动"),
    "price_index": ("price index", "价格指数"),
    "volume_index": ("volume index", "数量指数"),
    "value_index": ("value index", "价值指数"),
    "effects": ("volume, price, exchange-rate and revision effects", "数量、价格、汇率与修订影响"),
}


def dimension_name(dim: str, lang: str = "en") -> str:
    return DIMENSION_NAMES.get(dim, (dim, dim))[1 if lang == "zh" else 0]


def field_name(grain_field: str, lang: str = "en") -> str:
    """A grain field in words: what one row of a dataset carries."""
    if grain_field in FIELD_NAMES:
        return FIELD_NAMES[grain_field][1 if lang == "zh" else 0]
    return dimension_name(grain_field, lang)


def caption(query: dict[str, Any], unit: str | None, lang: str = "en", scale: Any = None) -> str:
    """The query's subject, breakdown, period, unit and comparisons in one line."""
    i = 1 if lang == "zh" else 0
    flow = FLOW_WORDS.get(query.get("flow", "total"), FLOW_WORDS["total"])[i]
    measure = query.get("measure", "value")
    subject = flow
    if measure in MEASURE_WORDS:
        word = MEASURE_WORDS[measure][i]
        if query.get("flow", "total") == "total":
            subject = word
        else:
            subject = f"{flow}{word}" if lang == "zh" else f"{word}, {flow.lower()}"
    by = [dimension_name(d, lang) for d in query.get("by", [])]
    parts = []
    if lang == "zh":
        parts.append(f"按{'、'.join(by)}分的{subject}" if by else subject)
    else:
        parts.append(f"{subject} by {', '.join(b.lower() for b in by)}" if by else subject)
    parts += filter_words(query, lang)
    period = str(query.get("period", ""))
    base = query.get("base_period")
    parts.append(f"{period}（比{base}）" if base and lang == "zh" else
                 f"{period} on {base}" if base else period)  # fmt: skip
    label = unit_label(unit, scale or EXACT, lang)
    if label and (is_money(unit) or (scale or EXACT).factor != 1):  # counts name themselves
        parts.append(label)
    compares = [COMPARE_WORDS[c][i] for c in query.get("compare", []) if c in COMPARE_WORDS]
    if compares:
        parts.append(f"含{'、'.join(compares)}" if lang == "zh" else f"with {', '.join(compares)}")
    return ("，" if lang == "zh" else ", ").join(parts)


SHOWN_VALUES = 3  # a filter of more values names these and counts the rest


def filter_words(query: dict[str, Any], lang: str = "en") -> list[str]:
    """The query's ``where`` and ``exclude`` in words: "partner KOR/JPN", "excluding
    trade mode 1233"; in Chinese "贸易伙伴KOR/JPN", "不含贸易方式1233"."""
    said = []
    for key in ("where", "exclude"):
        for dim, values in (query.get(key) or {}).items():
            many = isinstance(values, list | tuple)  # a raw dict may hold one value
            values = [str(v) for v in values] if many else [str(values)]
            shown = "/".join(values[:SHOWN_VALUES])
            rest = len(values) - SHOWN_VALUES
            if lang == "zh":
                shown += f"等{len(values)}项" if rest > 0 else ""
                said.append(f"{'不含' if key == 'exclude' else ''}{field_name(dim, lang)}{shown}")
            else:
                shown += f" and {rest} more" if rest > 0 else ""
                name = field_name(dim, lang).lower()
                said.append(f"{'excluding ' if key == 'exclude' else ''}{name} {shown}")
    return said
