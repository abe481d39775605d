"""Renderers: Markdown, self-contained HTML and PDF, from packaged Jinja2 templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

WORDS = {
    "en": {
        "dataset": "Dataset", "period": "Period", "base": "Base period", "notes": "Notes",
        "left_out": "Left out", "warning": "Data coverage", "checks": "Consistency checks",
        "check": "Check", "statement": "Statement", "result": "Result", "detail": "Detail",
        "pass": "pass", "fail": "FAIL", "appendix": "Appendix: where each figure comes from",
        "figures_used": "Figures", "vintages": "Vintages", "missing": "Months without data",
        "chart": "Chart data", "summary": "{passed} of {total} checks passed",
        "fail_n": "{n} failed", "skip_n": "{n} could not run (no value)", "skip": "skipped",
        "no_checks": "No checks apply.", "default_base": "the same period a year earlier",
        "synthetic": "Synthetic data: the figures of {names} are computed from synthetic "
                     "records, calibrated to published totals; they illustrate the method "
                     "and are not official statistics.",
        "mirror": "Mirror data: the figures of {names} are what the partner economies "
                  "reported of their trade with China to UN Comtrade; their totals and "
                  "shares cover those partners only, not China's own reported total.",
        "datasets": "Datasets", "colon": ": ", "open": " (", "close": ")", "comma": ", ",
    },
    "zh": {
        "dataset": "数据集", "period": "统计期", "base": "基期", "notes": "说明",
        "left_out": "未列入", "warning": "数据覆盖", "checks": "一致性检查",
        "check": "检查", "statement": "段落", "result": "结果", "detail": "详情",
        "pass": "通过", "fail": "未通过", "appendix": "附录：数字来源",
        "figures_used": "数字", "vintages": "数据版本", "missing": "缺少数据的月份",
        "chart": "图表数据", "summary": "{total}项检查中{passed}项通过",
        "fail_n": "{n}项未通过", "skip_n": "{n}项因缺少数值未能检查", "skip": "未检查",
        "no_checks": "无适用的检查。", "default_base": "上年同期",
        "synthetic": "合成数据：{names}的数字由按公布总值校准的合成记录计算，仅用于演示方法，"
                     "并非官方统计数据。",
        "mirror": "镜像数据：{names}的数字是各贸易伙伴向联合国商品贸易统计数据库报告的"
                  "与中国的贸易；其总值和占比仅涵盖这些伙伴，而非中国自身报告的总值。",
        "datasets": "数据集", "colon": "：", "open": "（", "close": "）", "comma": "、",
    },
}  # fmt: skip


def template_env(autoescape: bool) -> Any:
    """Our own templates (package data) with the format helpers as filters."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from tradestat.report.templating import environment

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(environment("en").filters)
    return env


def context(bulletin: Any) -> dict[str, Any]:
    from tradestat.report.format import period_label
    from tradestat.report.format.chinese import described
    from tradestat.report.provenance import LABELS, appendix

    figures, queries = appendix(bulletin)
    words = WORDS[bulletin.lang]
    counts = {s: sum(1 for c in bulletin.checks if c.status == s) for s in ("pass", "fail", "skip")}
    summary = words["summary"].format(passed=counts["pass"], total=len(bulletin.checks))
    sep = "，" if bulletin.lang == "zh" else ", "
    for status in ("fail", "skip"):
        if counts[status]:
            summary += sep + words[status + "_n"].format(n=counts[status])
    summary += "。" if bulletin.lang == "zh" else "."
    base = bulletin.base_period
    return {
        "b": bulletin,
        "w": words,
        "p": LABELS[bulletin.lang],
        "period_text": period_label(bulletin.period, bulletin.lang),
        "base_text": period_label(base, bulletin.lang) if base else words["default_base"],
        "figures": figures,
        "queries": queries,
        "left_out": [n for n in bulletin.notes if n.kind == "left_out"],
        "warnings": _warnings(bulletin),
        "descriptions": {
            d: described(text, bulletin.lang) for d, text in bulletin.descriptions.items()
        },
        "check_summary": summary,
        "notices": _notices(bulletin, words),
        "name_sep": "、" if bulletin.lang == "zh" else ", ",
    }


def _warnings(bulletin: Any) -> list[Any]:
    """Coverage notes, in Chinese for a Chinese bulletin (the engine writes English)."""
    from dataclasses import replace

    from tradestat.report.format.chinese import warning

    notes = [n for n in bulletin.notes if n.kind == "warning"]
    if bulletin.lang != "zh":
        return notes
    return [replace(n, text=warning(n.text)) for n in notes]


def _notices(bulletin: Any, words: dict[str, str]) -> list[tuple[str, str, list[str], str]]:
    """(kind, text before the dataset names, the names, text after) of each notice at
    the bulletin's top (Bulletin.notices): the templates set the names as code."""
    out = []
    for kind, names in bulletin.notices.items():
        before, after = words[kind].split("{names}")
        out.append((kind, before, names, after))
    return out
