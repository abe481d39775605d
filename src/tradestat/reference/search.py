"""Search codes and names across the reference tables (partners, HS, regions, trade modes).

A query that is all digits matches codes by prefix (HS, regions, trade modes) or exactly
(GAC / UN partner codes); other text matches names in English and Chinese (case and accents
ignored, substring) and partner / ISO codes exactly. Names are shown in ``lang``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tradestat.reference._text import name_key


@dataclass(frozen=True)
class Hit:
    table: str
    code: str
    name: str
    note: str = ""


def _has(needle: str, *texts: str) -> bool:
    return any(needle in name_key(t) for t in texts if t)


def _partners(q: str, key: str, lang: str) -> Iterator[Hit]:
    from tradestat.reference.partners import partner, partner_code_table, partner_codes

    if q.isdigit():
        for scheme in ("gac", "un"):
            target = partner_code_table(scheme).get(q.zfill(3) if scheme == "gac" else str(int(q)))
            if target:
                p = partner(target)
                yield Hit(
                    "partners",
                    target,
                    p.name_zh if lang == "zh" else p.name_en,
                    f"{scheme} code {q}",
                )
        return
    for code in sorted(partner_codes()):
        p = partner(code)
        if q.upper() in (p.code, p.iso2) or _has(key, p.name_en, p.name_zh):
            yield Hit("partners", code, p.name_zh if lang == "zh" else p.name_en, p.kind)


def _hs(q: str, key: str, lang: str) -> Iterator[Hit]:
    from tradestat.reference.hs import hs_codes, hs_label

    if q.isdigit() and len(q) <= 6:
        for level in (2, 4, 6):
            for code in sorted(c for c in hs_codes("HS2022", level) if c.startswith(q)):
                yield Hit("hs", code, hs_label(code, "HS2022") or "", "HS2022")
        return
    if lang == "en" and not q.isdigit():
        for level in (2, 4, 6):
            for code in sorted(hs_codes("HS2022", level)):
                if _has(key, hs_label(code, "HS2022") or ""):
                    yield Hit("hs", code, hs_label(code, "HS2022") or "", "HS2022")
        return
    from tradestat.reference.china_codes import china_codes

    for r in china_codes(2023).to_pylist():
        if r["code8"].startswith(q) or (
            not q.isdigit() and _has(key, r["description_zh"], r["description_en"])
        ):
            name = r["description_zh"] if lang == "zh" else r["description_en"]
            yield Hit("china_codes", r["code8"], name, "2023")


def _regions(q: str, key: str, lang: str) -> Iterator[Hit]:
    from tradestat.reference.regions import region, region_codes

    for code in sorted(region_codes()):
        r = region(code)
        if (q.isdigit() and code.startswith(q)) or (
            not q.isdigit() and _has(key, r.name_zh, r.name_en)
        ):
            yield Hit("regions", code, r.name_zh if lang == "zh" else r.name_en, r.level)


def _modes(q: str, key: str, lang: str) -> Iterator[Hit]:
    from tradestat.reference.trade_modes import (
        stat_trade_mode_codes,
        trade_mode_codes,
        trade_mode_name,
    )

    for table, codes in (
        ("stat_trade_modes", stat_trade_mode_codes()),
        ("trade_modes", trade_mode_codes()),
    ):
        for code in sorted(codes):
            en, zh = trade_mode_name(code, "en"), trade_mode_name(code, "zh")
            if (q.isdigit() and code.startswith(q)) or (not q.isdigit() and _has(key, en, zh)):
                yield Hit(table, code, zh if lang == "zh" else en)


def search(text: str, lang: str = "en", limit: int = 50) -> list[Hit]:
    """Hits for ``text`` in partners, trade modes, regions and HS, at most ``limit``."""
    q = text.strip()
    key = name_key(q)
    if not key:
        return []
    hits: list[Hit] = []
    for finder in (_partners, _modes, _regions, _hs):
        for hit in finder(q, key, lang):
            hits.append(hit)
            if len(hits) >= limit:
                return hits
    return hits
