"""Names of dimension values (partners, regions, groups, HS codes...) in English or Chinese.

A lookup that the reference does not offer, or a code it does not know, falls back to
the code itself: a table or bulletin with a code where a name should be is readable,
one that fails is not. Time dimensions are labelled by their own code here (bulletins
write them as words, see ``report.labels``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

FLOWS = {"X": ("exports", "出口"), "M": ("imports", "进口")}


def _reference(name: str) -> Callable[..., Any] | None:
    from tradestat import reference

    return getattr(reference, name, None)


def _group_name(getter: str, code: str, lang: str) -> str | None:
    fn = _reference(getter)
    if fn is None:
        return None
    group = fn(code)
    return group.name_zh if lang == "zh" else group.name_en


def _call(name: str, code: str, lang: str) -> str | None:
    fn = _reference(name)
    return fn(code, lang=lang) if fn else None


def _trade_mode_group(code: str, lang: str) -> str | None:
    fn = _reference("trade_mode_group_info")
    info = fn().get(code) if fn else None
    return info.get("name_zh" if lang == "zh" else "name_en") if info else None


def _hs(code: str, lang: str) -> str | None:
    fn = _reference("hs_label")
    return fn(code, lang=lang) if fn else None


_LOOKUPS: dict[str, Callable[[str, str], str | None]] = {
    "partner": lambda c, lang: _call("partner_name", c, lang),
    "reporter": lambda c, lang: _call("partner_name", c, lang),
    "partner_group": lambda c, lang: _group_name("partner_group", c, lang),
    "product_group": lambda c, lang: _group_name("product_group", c, lang),
    "region": lambda c, lang: _call("region_name", c, lang),
    "province": lambda c, lang: _call("region_name", c, lang),
    "city": lambda c, lang: _call("region_name", c, lang),
    "trade_mode": lambda c, lang: _call("trade_mode_name", c, lang),
    "trade_mode_group": _trade_mode_group,
    "enterprise_type": lambda c, lang: _call("enterprise_type_name", c, lang),
    "stat_trade_mode": lambda c, lang: _call("stat_trade_mode_name", c, lang),
    "hs2": _hs,
    "hs4": _hs,
    "hs6": _hs,
    "hs_code": _hs,
    "zone": lambda c, lang: _call("zone_name", c, lang),
    "category": lambda c, lang: _call("category_name", c, lang),
    "end_use": lambda c, lang: _call("end_use_name", c, lang),
    "sitc_section": lambda c, lang: _call("sitc_section_name", c, lang),
}
# names as a sentence writes them (English articles: "the United Kingdom"), where they differ
_IN_TEXT: dict[str, Callable[[str, str], str | None]] = {
    "partner": lambda c, lang: _call("partner_name_in_text", c, lang),
    "reporter": lambda c, lang: _call("partner_name_in_text", c, lang),
    "zone": lambda c, lang: _call("zone_name_in_text", c, lang),
}


@lru_cache(maxsize=4096)
def label(dim: str, code: Any, lang: str = "en") -> str:
    """Display name of ``code`` on dimension ``dim``; the code itself when unknown."""
    if code is None:
        return "not stated" if lang == "en" else "未注明"
    text = str(code)
    if dim == "flow" and text in FLOWS:
        return FLOWS[text][lang == "zh"]
    lookup = _LOOKUPS.get(dim)
    if lookup is None:
        return text
    from tradestat.reference.errors import UnknownCode

    try:
        name = lookup(text, lang)
    except (UnknownCode, LookupError):
        name = None  # an unknown code reads as itself; a broken reference file still raises
    return name or text


@lru_cache(maxsize=4096)
def label_in_text(dim: str, code: Any, lang: str = "en") -> str:
    """``label`` as a sentence writes it: "the United Kingdom", "the Shanghai Pilot Free
    Trade Zone" (tables and charts show ``label``)."""
    lookup = _IN_TEXT.get(dim)
    if code is None or lookup is None or lang == "zh":
        return label(dim, code, lang)
    from tradestat.reference.errors import UnknownCode

    try:
        return lookup(str(code), lang) or label(dim, code, lang)
    except (UnknownCode, LookupError):
        return label(dim, code, lang)
