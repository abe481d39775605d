"""The provenance appendix: every written figure with its exact value and rounding, and
every query with its TradeQuery JSON and the vintages it used."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

LABELS = {
    "en": {
        "figures": "Figures in the text", "queries": "Queries", "no": "#", "figure": "As written",
        "exact": "Exact value", "rounding": "Rounding", "source": "Query", "vintages": "Vintages",
        "missing": "Months without data", "none": "none", "chart": "chart data",
        "current": "current", "base": "base", "rows": "rows", "dataset": "Dataset",
    },
    "zh": {
        "figures": "正文数字", "queries": "查询", "no": "序号", "figure": "正文写法",
        "exact": "精确值", "rounding": "修约", "source": "查询", "vintages": "数据版本",
        "missing": "缺少数据的月份", "none": "无", "chart": "图表数据",
        "current": "本期", "base": "基期", "rows": "行", "dataset": "数据集",
    },
}  # fmt: skip


@dataclass(frozen=True)
class FigureEntry:
    number: int
    text: str
    exact: str
    rounding: str
    query_key: str
    ref: str
    dataset: str  # the dataset that answered it
    names: bool = False  # a list of names (wraps), not a number (never wraps)


@dataclass(frozen=True)
class QueryEntry:
    key: str
    statement: str
    name: str
    dataset: str
    json: str
    vintages: str
    missing: str
    figures: tuple[int, ...]
    chart: bool


def appendix(bulletin: Any) -> tuple[list[FigureEntry], list[QueryEntry]]:
    words = LABELS[bulletin.lang]
    if bulletin.lang == "zh":
        from tradestat.report.format.chinese import rounding as rule_words
    else:

        def rule_words(rule: str) -> str:
            return rule

    figures = [
        FigureEntry(f.number, f.text, f.exact_text, rule_words(f.rounding),
                    f"{f.source.statement}.{f.source.query_name}", f.source.ref,
                    getattr(f.source.query, "dataset", ""), f.helper == "names")
        for f in bulletin.figures
    ]  # fmt: skip
    used: dict[str, list[int]] = {}
    for f in figures:
        used.setdefault(f.query_key, []).append(f.number)
    queries = []
    for st in bulletin.statements():
        if st.left_out:
            continue
        charted = st.chart.query if st.chart else None
        for name, run in st.runs.items():
            cov = run.result.provenance.get("coverage", {})
            queries.append(
                QueryEntry(
                    key=run.key,
                    statement=st.id,
                    name=name,
                    dataset=run.query.dataset,
                    json=json.dumps(run.query.to_dict(), ensure_ascii=False, sort_keys=True),
                    vintages=vintages_text(cov, words),
                    missing=missing_text(cov, words),
                    figures=tuple(used.get(run.key, ())),
                    chart=name == charted,
                )
            )
    return figures, queries


def vintages_text(coverage: dict[str, Any], words: dict[str, str]) -> str:
    """'current `2023`: 2024-01-12 (24 rows); base `2022`: 2023-01-13 (1 rows), ...' (the
    periods as code: they are written as a query writes them)"""
    parts = []
    for side in ("current", "base"):
        info = coverage.get(side)
        if not info:
            continue
        vint = ", ".join(f"{v} ({n} {words['rows']})" for v, n in info["vintages"].items())
        parts.append(f"{words[side]} `{info['period']}`: {vint or words['none']}")
    return "; ".join(parts)


def missing_text(coverage: dict[str, Any], words: dict[str, str]) -> str:
    parts = []
    for side in ("current", "base"):
        info = coverage.get(side)
        if info and info["months_missing"]:
            parts.append(f"{words[side]}: {', '.join(info['months_missing'])}")
    return "; ".join(parts)
