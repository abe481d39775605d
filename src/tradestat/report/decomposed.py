"""The growth decomposed in words: "exports rose 0.6%: volume +3.1%, prices −2.4%".

Two template filters and one ready-made statement template:

- ``{{ q.price_index|index_change }}`` writes an index (base = 100) as its change,
  "up 3.1%" (``index_change('signed')``: "+3.1%");
- ``{{ q|decomposed }}`` writes a query's growth with its volume and price indices
  (it needs ``compare: [growth, price_index, volume_index]``), the subject named from
  its flow; each of the three numbers is a figure of the appendix;
- a statement with ``template: growth_decomposed`` and a query named ``decomposed``
  takes the sentence below in both languages.
"""

from __future__ import annotations

from typing import Any

from tradestat.report import format as fmt
from tradestat.report.figures import Num, QueryFigures, ReportError

TEMPLATES = {
    "growth_decomposed": {
        "en": "In {{ period }}, {{ decomposed|decomposed }}.",
        "zh": "{{ period }}，{{ decomposed|decomposed }}。",
    }
}


def index_change(num: Any) -> Num:
    """An index figure as its change in %, traced to the same cell."""
    if not isinstance(num, Num) or num.kind != "index":
        raise ReportError("index_change: pass an index, e.g. q.price_index or q.volume_index")
    value = num.exact()
    return Num(value - 100, num.source, "pct", transform="index minus 100")


def write_change(num: Num, style: str, lang: str) -> fmt.Written:
    if style == "signed":
        return fmt.signed(num.exact(), lang)
    return fmt.change(num.exact(), lang, style)


def decomposed(fig: Any, lang: str, record: Any) -> str:
    """``record(num, written, helper)`` traces each number (templating.Recorder)."""
    from tradestat.query.words import FLOW_WORDS

    if not isinstance(fig, QueryFigures) and not hasattr(fig, "_nums"):
        raise ReportError("decomposed: pass a query (or one row of a breakdown)")
    try:
        growth, volume, price = fig.growth_pct, fig.volume_index, fig.price_index
    except AttributeError:
        raise ReportError(
            "decomposed: the query needs compare: [growth, price_index, volume_index]"
        ) from None
    flow = FLOW_WORDS[growth.source.query.flow][1 if lang == "zh" else 0]
    g = record(growth, fmt.change(growth.exact(), lang, "rose"), "decomposed")
    v_num, p_num = index_change(volume), index_change(price)
    v = record(v_num, write_change(v_num, "signed", lang), "decomposed")
    p = record(p_num, write_change(p_num, "signed", lang), "decomposed")
    if lang == "zh":
        return f"{flow}{g}，其中数量{v}，价格{p}"
    return f"{flow.lower()} {g}: volume {v}, prices {p}"
