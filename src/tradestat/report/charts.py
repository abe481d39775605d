"""Charts beside the text, drawn with matplotlib (Agg/SVG, no display) from query results.

- ``monthly``: a month-by-month series as bars, with year-on-year growth as a line.
- ``bars``: a breakdown or a top-N ranking as horizontal bars.

Text in the SVG is drawn as outlines, so the charts need no font where they are shown
(offline HTML, PDF). The output is deterministic: fixed ids, no date.
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace
from typing import Any

from tradestat.query.units import Scale, pick_scale, unit_label
from tradestat.report.labels import label

BAR = "#2f5d8a"
LINE = "#c0392b"
_STRIP = re.compile(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*", re.DOTALL)
AXIS = {
    "en": {"growth": "year-on-year growth (%)", "share_pct": "share (%)",
           "growth_pct": "growth (%)", "contribution_pp": "contribution (pp)",
           "growth_on": "growth vs {n} months earlier (%)", "value": "value ({unit})"},
    "zh": {"growth": "同比增速(%)", "share_pct": "占比(%)", "growth_pct": "增速(%)",
           "contribution_pp": "拉动(百分点)", "growth_on": "比{n}个月前增速(%)",
           "value": "金额（{unit}）"},
}  # fmt: skip


def draw_charts(bulletin: Any) -> dict[str, str]:
    out = {}
    for st in bulletin.statements():
        if st.left_out or st.chart is None:
            continue
        run = st.runs[st.chart.query]
        out[st.id] = draw(st.chart, run, run.result.unit or run.currency, bulletin.lang,
                          growth_months=_base_offset(bulletin))  # fmt: skip
    return out


def _base_offset(bulletin: Any) -> int:
    """How many months earlier each month's growth is measured against (12: a year)."""
    from tradestat.query.periods import Span

    span = Span.parse(bulletin.period)
    base = Span.parse(bulletin.base_period) if bulletin.base_period else span.default_base()
    return span.offset_to(base)


def draw(chart: Any, run: Any, unit: str, lang: str, growth_months: int = 12) -> str:
    """A bulletin chart as SVG; ``unit`` is the figures' (a currency code, or a count);
    the growth axis names the base the growth is measured on, as the title does."""
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context(_rc(lang)):
        if chart.type == "monthly":
            fig = _monthly(chart, run, unit, lang, growth_months=growth_months)
        else:
            fig = _bars(chart, run, unit, lang)
        return _svg(fig)


def result_figure(result: Any, lang: str = "en", scale: Scale | None = None) -> Any:
    """``Result.plot()``: the chart a bulletin would draw for the result's query (bars by
    period with growth on a second axis for a time series, else horizontal bars), as a
    matplotlib Figure titled with the query in words. No backend is switched, so it
    shows inline in a notebook."""
    import matplotlib

    from tradestat.query.dimensions import TIME_DIMENSIONS

    by = tuple(result.provenance.get("query", {}).get("by", []))
    kind = "monthly" if len(by) == 1 and by[0] in TIME_DIMENSIONS else "bars"
    chart = SimpleNamespace(type=kind, column="value", title={lang: result.caption(lang)})
    run = SimpleNamespace(result=result, query=SimpleNamespace(by=by))
    with matplotlib.rc_context(_rc(lang)):
        return (_monthly if kind == "monthly" else _bars)(chart, run, result.unit, lang, scale)


def _rc(lang: str) -> dict[str, Any]:
    from tradestat.report.fonts import setup_matplotlib

    # a list of concrete families lets matplotlib fall back glyph by glyph to the CJK font
    return {"svg.fonttype": "path", "svg.hashsalt": "tradestat",
            "font.family": setup_matplotlib(lang), "axes.spines.top": False,
            "axes.spines.right": False, "font.size": 9}  # fmt: skip


def _unit(values: list[float], unit: str, lang: str, scale: Scale | None) -> tuple[float, str]:
    """The factor the figures are divided by and the axis title that says so."""
    chosen = scale or pick_scale("auto", values, unit, lang)
    return float(chosen.factor), unit_label(unit, chosen, lang)


def _title(chart: Any, lang: str) -> str:
    return chart.title.get(lang, "") if chart.title else ""


def _growth_axis(lang: str, months: int) -> str:
    return AXIS[lang]["growth"] if months == 12 else AXIS[lang]["growth_on"].format(n=months)


def bar_text(x: float) -> str:
    """A bar's value with at least two significant digits, so small markets do not all
    read '0.1': 12.3, 0.84, 0.061; below 0.001 of the unit, '<0.001'.

    >>> bar_text(12.34), bar_text(0.0843), bar_text(0.00612), bar_text(0.0004), bar_text(0)
    ('12.3', '0.084', '0.0061', '<0.001', '0')
    """
    a = abs(x)
    if a == 0:
        return "0"
    if a < 0.001:
        return "<0.001"
    decimals = 1 if a >= 1 else min(4, 1 - math.floor(math.log10(a)))
    return f"{x:,.{decimals}f}"


def _monthly(chart: Any, run: Any, unit: str, lang: str, chosen: Scale | None = None,
             growth_months: int = 12) -> Any:  # fmt: skip
    from matplotlib.figure import Figure

    rows = run.result.rows()
    values = [float(r["value"] or 0) for r in rows]
    scale, unit = _unit(values, unit, lang, chosen)
    time_dim = run.query.by[0] if run.query.by else "month"
    months = [str(r[time_dim]) for r in rows]
    one_year = time_dim == "month" and len({m[:4] for m in months}) == 1
    ticks = [label("month", m, lang).split(" ")[0] if one_year else m for m in months]
    if one_year and lang == "zh":
        ticks = [f"{int(m[5:])}月" for m in months]
    fig = Figure(figsize=(6.4, 3.0))
    ax = fig.add_subplot()
    handles = [ax.bar(range(len(rows)), [v / scale for v in values], color=BAR,
                      label=AXIS[lang]["value"].format(unit=unit))]  # fmt: skip
    ax.set_xticks(range(len(rows)), ticks, rotation=0 if len(rows) <= 12 else 90)
    ax.set_ylabel(unit)
    if "growth_pct" in run.result.columns:
        ax2 = ax.twinx()
        growth = [r["growth_pct"] for r in rows]
        shown = [(i, g) for i, g in enumerate(growth) if g is not None]
        axis = _growth_axis(lang, growth_months)
        (line,) = ax2.plot([i for i, _ in shown], [g for _, g in shown], color=LINE, marker="o",
                           markersize=3, label=axis)  # fmt: skip
        handles.append(line)
        ax2.axhline(0, color=LINE, linewidth=0.5, linestyle=":")
        ax2.set_ylabel(axis, color=LINE)
        ax2.spines["right"].set_visible(True)
        _align_zeros(ax, ax2)
    ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False,
              bbox_to_anchor=(0, -0.12), ncol=2)  # fmt: skip
    ax.set_title(_title(chart, lang), loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def _align_zeros(ax: Any, ax2: Any) -> None:
    """Put the growth axis's 0 level with the bars' 0: otherwise the growth line's zero
    is drawn at some value of the bars (a reader takes a negative growth for positive).
    Each axis is extended below (or above) as far as the other needs."""
    (lo1, hi1), (lo2, hi2) = ax.get_ylim(), ax2.get_ylim()
    lo1, hi1, lo2, hi2 = min(lo1, 0), max(hi1, 0), min(lo2, 0), max(hi2, 0)
    if hi1 <= lo1 or hi2 <= lo2:
        return
    # the share of each axis's height below zero; both take the larger one
    below = max(-lo1 / (hi1 - lo1), -lo2 / (hi2 - lo2))
    if below >= 1:  # everything below zero on one axis: no room above for the other
        return
    for axis, lo, hi in ((ax, lo1, hi1), (ax2, lo2, hi2)):
        if hi > 0:
            axis.set_ylim(-below * hi / (1 - below), hi)
        else:
            axis.set_ylim(lo, -lo * (1 - below) / below)


def _bars(chart: Any, run: Any, unit: str, lang: str, chosen: Scale | None = None) -> Any:
    from matplotlib.figure import Figure

    rows = run.result.rows()
    dims = run.query.by
    names = [" / ".join(label(d, r[d], lang) for d in dims) for r in rows]
    column = chart.column
    values = [float(r[column] or 0) for r in rows]
    if column == "value":
        scale, unit = _unit(values, unit, lang, chosen)
    else:
        scale, unit = 1.0, AXIS[lang][column]
    fig = Figure(figsize=(6.4, 0.6 + 0.32 * max(len(rows), 3)))
    ax = fig.add_subplot()
    pos = list(range(len(rows)))[::-1]  # first row on top
    legend = AXIS[lang]["value"].format(unit=unit) if column == "value" else unit
    ax.barh(pos, [v / scale for v in values], color=BAR, label=legend)
    ax.set_yticks(pos, [n if len(n) <= 40 else n[:38] + "…" for n in names])
    if min(values, default=0) < 0:  # room left of a negative bar for its value
        ax.margins(x=0.2)
    ax.set_xlabel(unit)
    # above the plot, right of the title: never over a bar (the longest may be the last)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), borderaxespad=0.2, fontsize=7,
              frameon=False)  # fmt: skip
    for p, v in zip(pos, values, strict=True):
        ax.annotate(bar_text(v / scale), (v / scale, p), xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points", va="center", ha="left" if v >= 0 else "right",
                    fontsize=8)  # fmt: skip
    ax.set_title(_title(chart, lang), loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def _svg(fig: Any) -> str:
    import io

    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buf = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None, "Creator": None})
    return _STRIP.sub("", buf.getvalue()).strip()
