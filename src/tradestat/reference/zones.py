"""Special customs zones: China's 22 pilot free trade zones (自由贸易试验区).

``zones.csv`` lists each zone with its code (``FTZ`` and the two digits of its province,
e.g. ``FTZ31`` Shanghai), its province, English and Chinese names, and the batch and date
it was launched (see PROVENANCE.md).

>>> zone_name("FTZ31"), zone_name("FTZ31", "zh")
('Shanghai Pilot Free Trade Zone', '中国（上海）自由贸易试验区')
>>> zone_name_in_text("FTZ44")
'the Guangdong Pilot Free Trade Zone'
"""

from __future__ import annotations

from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference.errors import UnknownCode


@cache
def zones() -> dict[str, dict[str, str]]:
    """Zone code -> its row (kind, province, name_en, name_zh, batch, date, date_meaning)."""
    return {r["code"]: r for r in read_csv("zones.csv")}


def zone_name(code: str, lang: str = "en") -> str:
    row = zones().get(str(code))
    if row is None:
        raise UnknownCode(str(code), "zone", "zones.csv lists the 22 pilot free trade zones")
    return row["name_zh" if lang == "zh" else "name_en"]


def zone_name_in_text(code: str, lang: str = "en") -> str:
    """As a sentence writes it: 'the Shanghai Pilot Free Trade Zone'."""
    name = zone_name(code, lang)
    return name if lang == "zh" else f"the {name}"
