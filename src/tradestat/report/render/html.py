"""Self-contained HTML: inline CSS, inline SVG charts, figures linked to the appendix.

Nothing is loaded from elsewhere (no CDN, no web fonts), so the file works offline
and can be mailed as one attachment.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tradestat.report.render import TEMPLATES, context, template_env
from tradestat.report.templating import MARK


def figure_links(marked: str, figures: dict[int, Any] | None = None) -> Any:
    """Escape sentence text and turn each figure marker into a link to its appendix row."""
    from markupsafe import Markup

    out, pos = [], 0
    for m in MARK.finditer(marked):
        out.append(html.escape(marked[pos : m.start()]))
        n = int(m.group(1))
        fig = (figures or {}).get(n)
        title = f' title="{html.escape(fig.exact_text + " · " + fig.rounding)}"' if fig else ""
        out.append(f'<a class="fig" href="#fig-{n}"{title}>{html.escape(m.group(2))}</a>')
        pos = m.end()
    out.append(html.escape(marked[pos:]))
    return Markup("".join(out))


def code_spans(text: str) -> Any:
    """Escape text and show its `identifiers` (between backticks) as code."""
    from markupsafe import Markup

    parts = re.split(r"`([^`]*)`", str(text))
    return Markup("".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p)
                          for i, p in enumerate(parts)))  # fmt: skip


def breakable(identifier: str) -> Any:
    """An identifier that may wrap after its dots and underscores (and nowhere else): a
    zero-width space there (WeasyPrint does not break at <wbr>)."""
    from markupsafe import Markup

    return Markup(re.sub(r"([._])", "\\1\u200b", html.escape(str(identifier))))


def render_html(bulletin: Any, *, font_face: str = "", charts: dict[str, str] | None = None) -> str:
    env = template_env(autoescape=True)
    by_number = {f.number: f for f in bulletin.figures}
    env.filters["figures"] = lambda text: figure_links(text, by_number)
    env.filters["code"] = code_spans
    env.filters["breakable"] = breakable
    ctx = context(bulletin)
    ctx["css"] = (TEMPLATES / "bulletin.css").read_text(encoding="utf-8")
    ctx["font_face"] = font_face
    ctx["charts"] = bulletin.charts() if charts is None else charts
    return env.get_template("bulletin.html.j2").render(ctx)
