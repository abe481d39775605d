"""HS editions HS1992-HS2022 at 6 digits, and HS -> BEC Rev.4 (end use) and SITC Rev.4.

The UNSD correlation tables (``hs_correspondence.csv.gz``) relate HS2022 to every earlier
edition. ``hs_targets`` gives, for each 6-digit code of one edition, the codes of another
edition its content went to: one target when the UN relationship is 1:1 or n:1 (exact),
several when it is 1:n or n:n (a split, which the engine weights). Between two editions
that are not HS2022 the path always goes through HS2022 (HS2017 -> HS2022 -> HS2012), so
every pair of editions is converted the same way; the direct HS2017-HS2012 table is kept
for reference (``hs_correspondence``).

``hs_classes`` maps 6-digit codes to BEC Rev.4 categories (UN tables for HS2022 and HS2017)
or SITC Rev.4 codes (UN table for HS2022). ``END_USES`` are the SNA basic classes of BEC
Rev.4 (``bec4.csv``, from the BEC manual) plus ``other`` for goods BEC leaves unclassified.
"""

from __future__ import annotations

from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference.errors import UnknownCode

ALL_EDITIONS = ("HS1992", "HS1996", "HS2002", "HS2007", "HS2012", "HS2017", "HS2022")
HUB = "HS2022"
END_USES = ("capital", "intermediate", "consumption", "other")
CLASSIFICATIONS = {"BEC4": ("HS2022", "HS2017"), "SITC4": ("HS2022",)}
END_USE_NAMES = {
    "capital": ("Capital goods", "资本品"),
    "intermediate": ("Intermediate goods", "中间品"),
    "consumption": ("Consumption goods", "消费品"),
    "other": ("Not classified by end use", "未按最终用途分类"),
}


def check_edition(edition: str) -> str:
    if edition not in ALL_EDITIONS:
        raise UnknownCode(edition, "HS edition", f"use one of {', '.join(ALL_EDITIONS)}")
    return edition


@cache
def _hub_pairs() -> dict[str, dict[str, tuple[str, ...]]]:
    """edition -> {HS2022 code: codes of that edition}, from the HS2022 tables."""
    out: dict[str, dict[str, list[str]]] = {}
    for r in read_csv("hs_correspondence.csv.gz"):
        if r["from_edition"] == HUB:
            out.setdefault(r["to_edition"], {}).setdefault(r["from_code"], []).append(r["to_code"])
    return {ed: {c: tuple(dict.fromkeys(t)) for c, t in m.items()} for ed, m in out.items()}


@cache
def _direct(from_edition: str, to_edition: str) -> dict[str, tuple[str, ...]]:
    """One step to or from HS2022."""
    if from_edition == HUB:
        return _hub_pairs()[to_edition]
    back: dict[str, list[str]] = {}
    for hub_code, codes in _hub_pairs()[from_edition].items():
        for code in codes:
            back.setdefault(code, []).append(hub_code)
    return {c: tuple(dict.fromkeys(t)) for c, t in back.items()}


@cache
def hs_targets(from_edition: str, to_edition: str) -> dict[str, tuple[str, ...]]:
    """{6-digit code of ``from_edition``: the ``to_edition`` codes it goes to}, sorted.

    Through HS2022 when neither edition is HS2022."""
    check_edition(from_edition), check_edition(to_edition)
    if from_edition == to_edition:
        raise UnknownCode(f"{from_edition}->{to_edition}", "HS conversion", "same edition")
    if HUB in (from_edition, to_edition):
        return {c: tuple(sorted(t)) for c, t in _direct(from_edition, to_edition).items()}
    up, down = _direct(from_edition, HUB), _direct(HUB, to_edition)
    out = {}
    for code, hubs in up.items():
        out[code] = tuple(sorted({t for h in hubs for t in down.get(h, ())}))
    return out


def hs_path(from_edition: str, to_edition: str) -> tuple[str, ...]:
    """The editions a conversion steps through, e.g. (HS2017, HS2022, HS2012)."""
    if HUB in (from_edition, to_edition):
        return (from_edition, to_edition)
    return (from_edition, HUB, to_edition)


@cache
def _classes() -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in read_csv("hs_classes.csv.gz"):
        key = (r["classification"], r["hs_edition"])
        out.setdefault(key, {}).setdefault(r["hs_code"], []).append(r["class_code"])
    return {k: {c: tuple(dict.fromkeys(v)) for c, v in m.items()} for k, m in out.items()}


def hs_classes(classification: str, edition: str) -> dict[str, tuple[str, ...]]:
    """{6-digit code: class codes} of an HS edition the UN table exists for."""
    if edition not in CLASSIFICATIONS.get(classification, ()):
        raise UnknownCode(f"{classification} {edition}", "HS classification table",
                          f"known: {CLASSIFICATIONS}")  # fmt: skip
    return _classes()[(classification, edition)]


@cache
def bec_end_use() -> dict[str, str]:
    """BEC Rev.4 category -> end use (capital, intermediate, consumption, other)."""
    return {r["code"]: r["end_use"] for r in read_csv("bec4.csv") if r["end_use"]}


@cache
def sitc_sections() -> dict[str, tuple[str, str]]:
    """SITC Rev.4 section (one digit) -> (English, Chinese) name."""
    return {r["section"]: (r["name_en"], r["name_zh"]) for r in read_csv("sitc4_sections.csv")}


def end_use_name(code: str, lang: str = "en") -> str | None:
    names = END_USE_NAMES.get(code)
    return names[lang == "zh"] if names else None


def sitc_section_name(code: str, lang: str = "en") -> str | None:
    names = sitc_sections().get(code)
    return names[lang == "zh"] if names else None
