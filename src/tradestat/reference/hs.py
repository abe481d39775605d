"""Harmonized System nomenclature (HS2017, HS2022) and the UN correspondence tables.

``hs_nomenclature.csv.gz`` holds both editions at 2/4/6 digits with their section (1-21)
and English description (datasets/harmonized-system, ODC-PDDL). The Comtrade codes
"99" / "9999" / "999999" (commodities not specified according to kind) are kept with an
empty section: ``hs_label`` knows them, ``hs_codes`` leaves them out (they are not HS codes).

Correspondence (UNSD tables): ``hs_correspondence`` gives every (from, to) pair with the UN
relationship type: "1:1" (same content), "n:1" (several codes merged: values can be summed),
"1:n" / "n:n" (split: any conversion of values is an approximation). ``hs_conversion`` gives
UNSD's conversion table, one target per source code (for reading newer data in an older
edition). Pairs available: HS2022 with every earlier edition (HS2017 .. HS1992) and
HS2017<->HS2012; conversion paths between any two editions are in ``concordance``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference.errors import ReferenceError, UnknownCode

EDITIONS = ("HS2017", "HS2022")
LEVELS = (2, 4, 6)
_FLIP = {"1:n": "n:1", "n:1": "1:n", "1:1": "1:1", "n:n": "n:n"}


@dataclass(frozen=True)
class HsEntry:
    code: str
    level: int
    section: int | None
    parent: str
    description: str


@cache
def _nomenclature() -> dict[str, dict[str, HsEntry]]:
    file = "hs_nomenclature.csv.gz"
    out: dict[str, dict[str, HsEntry]] = {e: {} for e in EDITIONS}
    for r in read_csv(file):
        code, level = r["code"], int(r["level"])
        if r["edition"] not in out or not code.isdigit() or len(code) != level:
            raise ReferenceError(file, f"{r['edition']} {code}", "bad edition, code or level")
        section = int(r["section"]) if r["section"] else None
        if section is not None and not 1 <= section <= 21:
            raise ReferenceError(file, f"{r['edition']} {code}", f"bad section {section}")
        out[r["edition"]][code] = HsEntry(code, level, section, r["parent"], r["description"])
    for edition, entries in out.items():
        for e in entries.values():
            if e.level > 2 and e.parent not in entries:
                raise ReferenceError(file, f"{edition} {e.code}", f"parent {e.parent} unknown")
    return out


def _edition(edition: str) -> str:
    if edition not in EDITIONS:
        raise UnknownCode(edition, "HS edition", f"use one of {', '.join(EDITIONS)}")
    return edition


def hs_editions() -> tuple[str, ...]:
    return EDITIONS


@cache
def hs_codes(edition: str, level: int) -> frozenset[str]:
    """HS codes of ``edition`` at ``level`` digits (2, 4 or 6), without the 99 family."""
    if level not in LEVELS:
        raise UnknownCode(str(level), "HS level", "use 2, 4 or 6")
    entries = _nomenclature()[_edition(edition)]
    return frozenset(c for c, e in entries.items() if e.level == level and e.section)


def hs_entry(code: str, edition: str | None = None) -> HsEntry | None:
    """The nomenclature entry of a 2/4/6-digit code (latest edition that has it if None)."""
    editions = [_edition(edition)] if edition else list(reversed(EDITIONS))
    for ed in editions:
        hit = _nomenclature()[ed].get(code)
        if hit:
            return hit
    return None


def hs_label(code: str, edition: str | None = None, lang: str = "en") -> str | None:
    """Description of an HS code; None when unknown.

    2/4/6 digits: the HS description (English only; ``lang="zh"`` gives None).
    8 digits: China's commodity description (zh or en) from ``china_codes``; ``edition``
    picks the latest year of that edition, None the latest year that has the code.
    """
    if lang not in ("en", "zh"):
        raise UnknownCode(lang, "language", "use 'en' or 'zh'")
    code = code.strip()
    if len(code) == 8:
        from tradestat.reference.china_codes import china_label

        return china_label(code, edition, lang)
    if lang == "zh":
        return None
    entry = hs_entry(code, edition)
    return entry.description if entry else None


def hs_section(code: str, edition: str | None = None) -> int | None:
    """HS section number (1-21) of any code of 2 or more digits; None if unknown."""
    entry = hs_entry(code[:2], edition)
    return entry.section if entry else None


@cache
def hs_sections(edition: str = "HS2022") -> tuple[tuple[int, str, str, str], ...]:
    """(number, roman numeral, English title, Chinese title) of the 21 sections."""
    _edition(edition)
    rows = [r for r in read_csv("hs_sections.csv") if r["edition"] == edition]
    return tuple((int(r["section"]), r["roman"], r["name"], r["name_zh"]) for r in rows)


@cache
def _pairs(file: str) -> dict[tuple[str, str], list[dict[str, str]]]:
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in read_csv(file):
        out.setdefault((r["from_edition"], r["to_edition"]), []).append(r)
    return out


def _rows(file: str, from_edition: str, to_edition: str) -> tuple[list[dict[str, str]], bool]:
    pairs = _pairs(file)
    if (from_edition, to_edition) in pairs:
        return pairs[(from_edition, to_edition)], False
    if (to_edition, from_edition) in pairs:
        return pairs[(to_edition, from_edition)], True
    known = ", ".join(f"{a}->{b}" for a, b in pairs)
    raise UnknownCode(f"{from_edition}->{to_edition}", "HS correspondence", f"known: {known}")


def hs_correspondence(from_edition: str, to_edition: str) -> list[tuple[str, str, str]]:
    """(from_code6, to_code6, relationship) for every pair in the UNSD correlation table."""
    rows, flipped = _rows("hs_correspondence.csv.gz", from_edition, to_edition)
    if flipped:
        return [(r["to_code"], r["from_code"], _FLIP[r["relationship"]]) for r in rows]
    return [(r["from_code"], r["to_code"], r["relationship"]) for r in rows]


def hs_conversion(from_edition: str, to_edition: str) -> dict[str, str]:
    """UNSD conversion table: each code of the newer edition -> one code of the older one."""
    rows, flipped = _rows("hs_conversion.csv.gz", from_edition, to_edition)
    if flipped:
        raise UnknownCode(
            f"{from_edition}->{to_edition}",
            "HS conversion",
            "conversion tables go from the newer to the older edition; "
            "use hs_correspondence for the other direction",
        )
    return {r["from_code"]: r["to_code"] for r in rows}
