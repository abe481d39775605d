"""The bulletin's own words in Chinese where the engine speaks English: why a statement
was left out, coverage notes, rounding rules and dataset descriptions.

The engine's messages stay English (the CLI, REST and logs use them); a Chinese
bulletin translates the known message forms, with identifiers (dataset, query and field
names) kept as code between backticks. A message of an unknown form is returned as is,
so the test that scans the Chinese bulletins for English words finds it.

>>> reason("dataset 'gac' has no partner (grain: period, flow), so it cannot answer by "
...        "'partner_group' (query 'bri')")
'数据集`gac`没有贸易伙伴（粒度：统计期、流向），无法按伙伴组别回答（查询`bri`）'
>>> rounding("absolute value; 2 decimals in 万亿")
'取绝对值；以万亿为单位，保留2位小数'
>>> warning("base period 2009 has no data")
'基期2009没有数据'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tradestat.query.words import dimension_name, field_name

GRAIN_WORDS = {"monthly": "月度", "quarterly": "季度", "annual": "年度"}
SIDES = {"current": "本期", "base": "基期"}
COMPARES = {"growth": "增速", "share_pp": "占比变化", "contribution": "拉动"}
MEASURES = {"enterprises": "企业数", "orders": "订单数", "partners": "贸易伙伴数",
            "records": "记录数", "quantity": "数量"}  # fmt: skip


def _code(text: str) -> str:
    return f"`{text}`"


def _fields(grain: str) -> str:
    """A grain's fields; the period is "统计期", which a monthly, quarterly or annual
    dataset's period all are (the message does not say which)."""
    return "、".join(
        "统计期" if f.strip() == "period" else field_name(f.strip(), "zh") for f in grain.split(",")
    )


def _months(text: str) -> str:
    """'2024-01..2024-06, 2024-09' stays as it is (codes of months); words around go."""
    return text.replace(" and ", "和").replace(", ", "、")


_REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"dataset '([^']+)' has no (\w+) \(grain: ([^)]*)\), so it cannot answer by "
                r"'(\w+)'"),
     lambda m: f"数据集{_code(m[1])}没有{field_name(m[2], 'zh')}（粒度：{_fields(m[3])}），"
               f"无法按{dimension_name(m[4], 'zh')}回答"),
    (re.compile(r"'(\w+)' needs (\w+), which dataset '([^']+)' lacks \(grain: ([^)]*)\)"),
     lambda m: f"{MEASURES.get(m[1], _code(m[1]))}需要按{field_name(m[2], 'zh')}记录的数据，"
               f"数据集{_code(m[3])}没有（粒度：{_fields(m[4])}）"),
    (re.compile(r"dataset '([^']+)' is (\w+): it has no (\w+)s to break down"),
     lambda m: f"数据集{_code(m[1])}是{GRAIN_WORDS.get(m[2], m[2])}数据，没有可细分的"
               f"{dimension_name(m[3], 'zh')}"),
    (re.compile(r"dataset '([^']+)' is (\w+): ask for '([^']+)', not '([^']+)'"),
     lambda m: f"数据集{_code(m[1])}是{GRAIN_WORDS.get(m[2], m[2])}数据：应查询{_code(m[3])}，"
               f"而非{_code(m[4])}"),
    (re.compile(r"period (\S+) holds no whole calendar quarter"),
     lambda m: f"统计期{m[1]}不含完整的日历季度"),
    (re.compile(r"the spec answers it from dataset '([^']+)', which this bulletin does not read"),
     lambda m: f"规范指定由数据集{_code(m[1])}回答，本公报未读取该数据集"),
    (re.compile(r"(\S+) has no value \(suppressed: [^()]*(?:\([^)]*\))?[^()]*\)"),
     lambda m: f"{_code(m[1])}因披露控制而隐去"),
    (re.compile(r"(\S+) has no value \(the engine returned no value, e.g. growth on an empty "
                r"base\)"),
     lambda m: f"{_code(m[1])}没有数值（例如基期为零时无法计算增速）"),
    (re.compile(r"(\S+) has no value \(the query returned no rows\)"),
     lambda m: f"{_code(m[1])}没有数值（查询无结果）"),
    (re.compile(r"query '([^']+)' returned no rows(?: to name)?"),
     lambda m: f"查询{_code(m[1])}无结果"),
    (re.compile(r"not comparable: (.*)"), lambda m: f"不可比：{comparable(m[1])}"),
]  # fmt: skip
_QUERY = re.compile(r" \(query '([^']+)'\)$")


def reason(text: str) -> str:
    """Why a dataset could not answer a statement, in Chinese."""
    query = _QUERY.search(text)
    core = text[: query.start()] if query else text
    for pattern, words in _REASONS:
        m = pattern.fullmatch(core)
        if m:
            return words(m) + (f"（查询{_code(query[1])}）" if query else "")
    return text


_COMPARABLE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(\S+) has (\d+) month\(s\) and its base (\S+) (\d+)"),
     lambda m: f"{m[1]}有{m[2]}个月，其基期{m[3]}有{m[4]}个月"),
    (re.compile(r"(\S+) has data for (.+)"), lambda m: f"{m[1]}仅有{_months(m[2])}的数据"),
    (re.compile(r"(\S+) has no data"), lambda m: f"{m[1]}没有数据"),
    (re.compile(r"compare (\S+) with (\S+)"), lambda m: f"可比较{m[1]}与{m[2]}"),
    (re.compile(r"no month has data on both sides"), lambda m: "没有一个月两期都有数据"),
]  # fmt: skip


def _translated(text: str, table: list[tuple[re.Pattern[str], Callable]]) -> str:
    """``text`` through the first pattern of ``table`` it matches whole; else as it is."""
    for pattern, words in table:
        m = pattern.fullmatch(text)
        if m:
            return words(m)
    return text


def comparable(note: str) -> str:
    """The engine's note on why two periods are not comparable."""
    marks = {"; ": "；", ": ": "："}
    return "".join(marks.get(part) or _translated(part, _COMPARABLE)
                   for part in re.split(r"(; |: )", note))  # fmt: skip


def _partial(m: re.Match[str]) -> str:
    from tradestat.reference.labels import label

    codes = re.findall(r"\b(\d{6})\b", m[3])
    more = re.search(r" and (\d+) more$", m[3])
    names = "、".join(label("region", c, "zh") for c in codes)
    rest = f"等（另有{more[1]}处）" if more else ""
    return f"{label('region', m[1], 'zh')}为部分数据：数据集没有其本身的行，为{names}{rest}之和"


_WARNINGS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(current|base) period (\S+) has no data"),
     lambda m: f"{SIDES[m[1]]}{m[2]}没有数据"),
    (re.compile(r"(current|base) period (\S+) lacks data for (\d+) month\(s\): (.*)"),
     lambda m: f"{SIDES[m[1]]}{m[2]}缺少{m[3]}个月的数据：{_months(m[4])}"),
    (re.compile(r"not comparable, so ([\w, ]+) not computed: (.*)"),
     lambda m: f"不可比，未计算{'、'.join(COMPARES.get(c, c) for c in m[1].split(', '))}："
               f"{comparable(m[2])}"),
    (re.compile(r"not comparable \(computed anyway, coverage 'partial'\): (.*)"),
     lambda m: f"不可比（按部分覆盖照常计算）：{comparable(m[1])}"),
    (re.compile(r"(\d{6}) (.+?) is partial: the dataset has no row of its own, so it is the "
                r"sum of (.*)"), _partial),
]  # fmt: skip


def warning(text: str) -> str:
    """An engine coverage warning, in Chinese."""
    return _translated(text, _WARNINGS)


_ROUNDING = [
    (re.compile(r"(\d+) decimals? in (\S+)"), lambda m: f"以{m[2]}为单位，保留{m[1]}位小数"),
    (re.compile(r"(\d+) decimals?, percent"), lambda m: f"百分数，保留{m[1]}位小数"),
    (re.compile(r"(\d+) decimals?, percentage points"), lambda m: f"百分点，保留{m[1]}位小数"),
    (re.compile(r"(\d+) decimals?"), lambda m: f"保留{m[1]}位小数"),
    (re.compile(r"floored to ([\d,]+) \('over'\)"), lambda m: f"向下取整至{m[1]}（“超过”）"),
    (re.compile(r"whole units"), lambda m: "取整数"),
    (re.compile(r"exact count"), lambda m: "精确计数"),
    (re.compile(r"words only"), lambda m: "仅文字"),
    (re.compile(r"absolute value"), lambda m: "取绝对值"),
    (re.compile(r"negated"), lambda m: "取相反数"),
]  # fmt: skip


def rounding(rule: str) -> str:
    """A figure's rounding rule (``format.numbers`` writes it in English), in Chinese."""
    return "；".join(_translated(part, _ROUNDING) for part in rule.split("; "))


def described(description: str, lang: str) -> str:
    """A dataset description in the bulletin's language. A description may carry its
    Chinese after a line ``zh: …``; without one, a Chinese bulletin shows none."""
    text, _, zh = description.partition("\nzh:")
    if lang == "zh":
        return zh.strip()
    return text.strip()
