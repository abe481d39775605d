"""Names of product categories: the items of the UCI Online Retail shop, whose stock
codes are its categories (``online_retail_categories.csv.gz``, built from the source's
own item descriptions by ``scripts/build_reference/build_categories.py``).

Category codes are a platform's own; these names are those of the Online Retail stock
codes, the platform data the project ships. A code not listed reads as itself.

>>> category_name("85123A"), category_name("85123A", "zh")
('White hanging heart T-light holder', '白色心形悬挂烛台')
"""

from __future__ import annotations

from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference.errors import UnknownCode


@cache
def _names() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["name_en"], r["name_zh"])
            for r in read_csv("online_retail_categories.csv.gz")}  # fmt: skip


def category_name(code: str, lang: str = "en") -> str:
    """The item's name; in Chinese where translated, else the source's (English) name."""
    names = _names().get(str(code))
    if names is None:
        raise UnknownCode(str(code), "category", "not an Online Retail stock code")
    en, zh = names
    return zh or en if lang == "zh" else en
