"""Code translations shared by the formats: regions, HS editions, unit names.

Thin wrappers over the reference layer (``tradestat.reference``) and the packaged
tables in ``data/``, so adapters translate whole columns with one call.
"""

from __future__ import annotations

import re
from functools import cache

from tradestat.ingest.readers.packaged import load_yaml, norm_header


def normalize_regions(codes: list[str]) -> dict[str, str | None]:
    """{code as given: 6-digit GB/T 2260 code, or None when unknown}."""
    from tradestat import reference

    out: dict[str, str | None] = {}
    for code in codes:
        try:
            out[code] = reference.normalize_region(code)  # None when unknown
        except reference.UnknownCode:
            out[code] = None
    return out


@cache
def _editions() -> list[tuple[int, str]]:
    return sorted(
        (int(year), edition) for year, edition in load_yaml(__package__, "hs_editions.yaml").items()
    )


def hs_edition_for(period: str | None) -> str | None:
    """HS edition in force in China in the year of ``period`` (text starting YYYY)."""
    if not period or not re.match(r"\d{4}", period):
        return None
    year = int(period[:4])
    found = None
    for start, edition in _editions():
        if start <= year:
            found = edition
    return found


@cache
def _units() -> dict[str, str]:
    return {norm_header(k): v for k, v in load_yaml(__package__, "units.yaml").items()}


def unit_name(text: str) -> str:
    """The stored unit for a GAC unit name (Chinese or English); unknown names kept as given."""
    return _units().get(norm_header(text), text.strip())
