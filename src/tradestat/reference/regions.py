"""China's regions: GB/T 2260 codes of provinces, prefecture-level cities and counties.

``regions.csv.gz`` (built from the NBS 2023 statistical division codes, WTFPL copy) holds
34 province-level units (31 mainland + Taiwan 710000, Hong Kong 810000, Macao 820000), the
prefecture-level units and the county-level units, each with its Chinese and English name.

Identifiers are 6-digit codes: ``440000`` Guangdong, ``440300`` Shenzhen, ``440306`` Bao'an.
GAC's 2-digit place-of-registration codes (收发货人注册地) are province codes:
``normalize_region("44") == "440000"``.

Roll-up choices (documented in docs/reference.md):
- a municipality's districts belong to its city-level code ``XX0100`` (110105 -> 110100),
  which carries the municipality's name; Chongqing's counties (5002xx) and their code
  500200 roll up to 500100 too, so each municipality is one city;
- county-level units administered directly by a province (e.g. 济源 419001) belong to the
  source's pseudo-city ``XX9000`` ("county-level divisions directly under ...");
- a province has no city: ``city_of("440000") is None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference._text import name_key
from tradestat.reference.errors import ReferenceError, UnknownCode

FILE = "regions.csv.gz"
LEVELS = ("province", "city", "county")


@dataclass(frozen=True)
class Region:
    code: str
    level: str
    name_zh: str
    name_en: str
    province: str
    city: str  # county: its city; city: the city it rolls up to (500200 -> 500100) or ""
    note: str
    aliases: str


@cache
def _regions() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for row in read_csv(FILE):
        r = Region(**row)
        if not (len(r.code) == 6 and r.code.isdigit()) or r.code in out:
            raise ReferenceError(FILE, r.code, "code is not 6 digits or is duplicated")
        if r.level not in LEVELS:
            raise ReferenceError(FILE, r.code, f"unknown level {r.level!r}")
        out[r.code] = r
    for r in out.values():
        if r.province not in out or (r.city and r.city not in out):
            raise ReferenceError(FILE, r.code, "province or city code is not in the table")
        if r.level == "county" and not r.city:
            raise ReferenceError(FILE, r.code, "county without a city")
    return out


def region_codes() -> frozenset[str]:
    """All known 6-digit region codes (provinces, cities and counties)."""
    return frozenset(_regions())


def normalize_region(code: str) -> str | None:
    """6-digit code of a 2-, 4- or 6-digit region code; None when unknown."""
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (2, 4, 6):
        return None
    full = code.ljust(6, "0")
    return full if full in _regions() else None


def region(code: str) -> Region:
    full = normalize_region(code)
    if full is None:
        raise UnknownCode(str(code), "region code", "GB/T 2260, 2, 4 or 6 digits")
    return _regions()[full]


def region_level(code: str) -> str:
    return region(code).level


def province_of(code: str) -> str:
    """Province-level code of any region code: "440300" -> "440000"."""
    return region(code).province


def city_of(code: str) -> str | None:
    """City-level code of a city or county (see the module notes); None for a province."""
    r = region(code)
    if r.level == "province":
        return None
    city = r.city if r.level == "county" else r.code
    return _regions()[city].city or city


def region_name(code: str, lang: str = "en") -> str:
    if lang not in ("en", "zh"):
        raise UnknownCode(lang, "language", "use 'en' or 'zh'")
    r = region(code)
    return r.name_zh if lang == "zh" else r.name_en


@cache
def _names() -> tuple[dict[str, str], dict[str, set[str]]]:
    found: dict[str, set[str]] = {}
    for r in _regions().values():
        if r.level == "county":
            continue  # county names repeat across China (e.g. 朝阳区); use codes
        if r.level == "city" and r.name_zh == _regions()[r.province].name_zh:
            continue  # a municipality's name means the province-level unit
        for text in (r.name_zh, r.name_en, *r.aliases.split("|")):
            if text:
                found.setdefault(name_key(text), set()).add(r.code)
    unique = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    ambiguous = {k: v for k, v in found.items() if len(v) > 1}
    return unique, ambiguous


def resolve_region(text: str) -> str:
    """Code of a region given as a code or a province / city name (zh, en, GAC English)."""
    full = normalize_region(text)
    if full:
        return full
    unique, ambiguous = _names()
    key = name_key(str(text))
    if key in unique:
        return unique[key]
    hint = f"ambiguous: {sorted(ambiguous[key])}" if key in ambiguous else ""
    raise UnknownCode(str(text), "region", hint)
