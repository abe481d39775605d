"""Markdown output: sentences as paragraphs, then notes, checks and the provenance appendix.

>>> md_escape("growth_pct *and* [x]")
'growth_pct \\\\*and\\\\* \\\\[x\\\\]'
>>> table_cell("a | b\\nc")
'a \\\\| b c'
"""

from __future__ import annotations

import re
from typing import Any

# `_` inside words (hs_code, product_group) is not emphasis in CommonMark: left alone
_SPECIAL = re.compile(r"([\\`*\[\]<>])")


def md_escape(text: str) -> str:
    """Escape characters Markdown would read as markup."""
    return _SPECIAL.sub(r"\\\1", str(text))


def table_cell(text: Any) -> str:
    return md_escape(" ".join(str(text).split())).replace("|", "\\|")


_CODE = re.compile(r"(`[^`]*`)")


def md_code(text: str) -> str:
    """Escape markup except inside `code` spans, which stay code.

    >>> md_code("`a_b` *x*")
    '`a_b` \\\\*x\\\\*'
    """
    return "".join(p if _CODE.fullmatch(p) else md_escape(p) for p in _CODE.split(str(text)))


def table_cell_code(text: Any) -> str:
    return md_code(" ".join(str(text).split())).replace("|", "\\|")


def render_markdown(bulletin: Any, chart_dir: str | None = None) -> str:
    from tradestat.report.render import context, template_env

    env = template_env(autoescape=False)
    env.filters["md"] = md_escape
    env.filters["cell"] = table_cell
    env.filters["mdcode"] = md_code
    env.filters["cellcode"] = table_cell_code
    ctx = context(bulletin)
    ctx["chart_dir"] = chart_dir
    ctx["charts"] = _chart_ids(bulletin) if chart_dir else set()
    text = env.get_template("bulletin.md.j2").render(ctx)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def _chart_ids(bulletin: Any) -> set[str]:
    return {st.id for st in bulletin.statements() if st.chart and not st.left_out}
