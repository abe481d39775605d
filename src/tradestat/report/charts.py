"""Charts beside the text, drawn with matplotlib (Agg/SVG, no display) from query results.

- ``monthly``: a month-by-month series as bars, with year-on-year growth as a line.
- ``bars``: a breakdown or a top-N ranking as horizontal bars.

Text in the SVG is drawn as outlines, so the charts need no font where they are shown
(offline HTML, PDF). The output is deterministic: fixed ids, no date.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tradestat.report.format.numbers import EN_UNITS, ZH_CURRENCIES, ZH_UNITS
from tradestat.report.labels import label

BAR = "#2f5d8a"
LINE = "#c0392b"
_STRIP = re.compile(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*", re.DOTALL)
AXIS = {
    "en": {"growth": "year-on-year growth (%)", "share_pct": "share (%)",
           "growth_pct": "growth (%)", "contribution_pp": "contribution (pp)"},
    "zh": {"growth": "同比增速(%)", "share_pct": "占比(%)", "growth_pct": "增速(%)",
           "contribution_pp": "拉动(百分点)"},
}  # fmt: skip


def draw_charts(bulletin: Any) -> dict[str, str]:
    out = {}
    for st in bulletin.statements():
        if st.left_out or st.chart is None:
            continue
        run = st.runs[st.chart.query]
        out[st.id] = draw(st.chart, run, run.currency, bulletin.lang)
    return out


def draw(chart: Any, run: Any, currency: str, lang: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from tradestat.report.fonts import setup_matplotlib

    # a list of concrete families lets matplotlib fall back glyph by glyph to the CJK font
    rc = {"svg.fonttype": "path", "svg.hashsalt": "tradestat",
          "font.family": setup_matplotlib(lang), "axes.spines.top": False,
          "axes.spines.right": False, "font.size": 9}  # fmt: skip
    with matplotlib.rc_context(rc):
        fig = (_monthly if chart.type == "monthly" else _bars)(chart, run, currency, lang)
        return _svg(fig)


def _unit(values: list[float], currency: str, lang: str) -> tuple[float, str]:
    top = max((abs(v) for v in values), default=0.0)
    units = ZH_UNITS if lang == "zh" else EN_UNITS
    scale, word = next(((s, w) for s, w, _ in units if top >= float(s)), (Decimal(1), ""))
    if lang == "zh":
        return float(scale), f"{word}{ZH_CURRENCIES.get(currency, currency)}"
    return float(scale), f"{currency} {word}".strip()


def _title(chart: Any, lang: str) -> str:
    return chart.title.get(lang, "") if chart.title else ""


def _monthly(chart: Any, run: Any, currency: str, lang: str) -> Any:
    from matplotlib.figure import Figure

    rows = run.result.rows()
    values = [float(r["value"] or 0) for r in rows]
    scale, unit = _unit(values, currency, lang)
    months = [r["month"] for r in rows]
    one_year = len({m[:4] for m in months}) == 1
    ticks = [label("month", m, lang).split(" ")[0] if one_year else m for m in months]
    if one_year and lang == "zh":
        ticks = [f"{int(m[5:])}月" for m in months]
    fig = Figure(figsize=(6.4, 3.0))
    ax = fig.add_subplot()
    ax.bar(range(len(rows)), [v / scale for v in values], color=BAR, label=unit)
    ax.set_xticks(range(len(rows)), ticks, rotation=0 if len(rows) <= 12 else 90)
    ax.set_ylabel(unit)
    if "growth_pct" in run.result.columns:
        ax2 = ax.twinx()
        growth = [r["growth_pct"] for r in rows]
        shown = [(i, g) for i, g in enumerate(growth) if g is not None]
        ax2.plot([i for i, _ in shown], [g for _, g in shown], color=LINE, marker="o", markersize=3)
        ax2.axhline(0, color=LINE, linewidth=0.5, linestyle=":")
        ax2.set_ylabel(AXIS[lang]["growth"], color=LINE)
        ax2.spines["right"].set_visible(True)
    ax.set_title(_title(chart, lang), loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def _bars(chart: Any, run: Any, currency: str, lang: str) -> Any:
    from matplotlib.figure import Figure

    rows = run.result.rows()
    dims = run.query.by
    names = [" / ".join(label(d, r[d], lang) for d in dims) for r in rows]
    column = chart.column
    values = [float(r[column] or 0) for r in rows]
    if column == "value":
        scale, unit = _unit(values, currency, lang)
    else:
        scale, unit = 1.0, AXIS[lang][column]
    fig = Figure(figsize=(6.4, 0.6 + 0.32 * max(len(rows), 3)))
    ax = fig.add_subplot()
    pos = list(range(len(rows)))[::-1]  # first row on top
    ax.barh(pos, [v / scale for v in values], color=BAR)
    ax.set_yticks(pos, [n if len(n) <= 40 else n[:38] + "…" for n in names])
    ax.set_xlabel(unit)
    for p, v in zip(pos, values, strict=True):
        ax.annotate(f"{v / scale:,.1f}", (v / scale, p), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)  # fmt: skip
    ax.set_title(_title(chart, lang), loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def _svg(fig: Any) -> str:
    import io

    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buf = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None, "Creator": None})
    return _STRIP.sub("", buf.getvalue()).strip()
