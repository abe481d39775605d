"""Enterprise types used in GAC statistics: state-owned, foreign-invested, private, other.

``enterprise_types.csv`` lists the four ids with English and Chinese names;
``enterprise_type_aliases.csv`` maps names seen in inputs (GAC categories such as 国有企业,
外商投资企业, 民营企业 / 私营企业, 其他; their English forms; sub-categories such as
中外合资企业 or 集体企业) to an id. Matching ignores case, spaces and punctuation.
"""

from __future__ import annotations

from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference._text import name_key
from tradestat.reference.errors import ReferenceError, UnknownCode


@cache
def _types() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in read_csv("enterprise_types.csv")}


@cache
def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in read_csv("enterprise_type_aliases.csv"):
        key = name_key(r["alias"])
        if r["id"] not in _types():
            raise ReferenceError("enterprise_type_aliases.csv", r["alias"], "unknown id")
        if out.get(key, r["id"]) != r["id"]:
            raise ReferenceError("enterprise_type_aliases.csv", r["alias"], "maps to two ids")
        out[key] = r["id"]
    for tid, t in _types().items():
        for text in (tid, t["name_en"], t["name_zh"]):
            out.setdefault(name_key(text), tid)
    return out


def enterprise_type_ids() -> tuple[str, ...]:
    return tuple(_types())


def enterprise_type_name(type_id: str, lang: str = "en") -> str:
    if type_id not in _types():
        raise UnknownCode(type_id, "enterprise type", f"use one of {', '.join(_types())}")
    return _types()[type_id]["name_zh" if lang == "zh" else "name_en"]


def resolve_enterprise_type(text: str) -> str:
    """Enterprise-type id of an id or a name (en / zh / GAC category); UnknownCode otherwise."""
    hit = _aliases().get(name_key(str(text)))
    if hit is None:
        raise UnknownCode(str(text), "enterprise type", f"ids: {', '.join(_types())}")
    return hit
