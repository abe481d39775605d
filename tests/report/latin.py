"""Latin words in the text a reader of a Chinese bulletin sees.

The text is the HTML page without what is code by nature: ``<code>`` and ``<pre>``
elements (dataset, query and field identifiers, the TradeQuery JSON), the stylesheet and
the charts (whose labels are checked where they are drawn). What is left must be Chinese,
apart from an allow-list of abbreviations a Chinese release itself writes in Latin
letters (HS, RCEP, CNY/USD…), and the bulletin's own dataset names.
"""

from __future__ import annotations

import html
import re

ALLOWED = {"HS", "RCEP", "ASEAN", "EU", "CNY", "USD", "GBP", "EUR", "JPY", "HKD", "GDP",
           "SQL", "JSON", "ISO", "UN", "Comtrade", "GAC", "pp"}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def reader_text(page: str) -> str:
    for tag in ("style", "svg", "pre", "code", "title"):
        page = re.sub(rf"<{tag}\b.*?</{tag}>", " ", page, flags=re.DOTALL)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def latin_words(page: str, datasets: tuple[str, ...] = ()) -> dict[str, str]:
    """Each Latin word outside the allow-list, with the line it stands in."""
    out: dict[str, str] = {}
    for line in reader_text(page).splitlines():
        for word in WORD.findall(line):
            if word not in ALLOWED and word not in datasets:
                out.setdefault(word, line.strip()[:160])
    return out
