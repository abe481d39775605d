"""Reference look-ups: dimensions and query vocabulary, partners, partner groups,
product groups and HS codes. Packaged public data, but still behind a key like the
rest of the API, so one rule holds: no valid key, no answer."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.exceptions import HTTPException

from tradestat.web.auth import api_principal

router = APIRouter(prefix="/reference", tags=["reference"], dependencies=[Depends(api_principal)])

Lang = Query("en", pattern="^(en|zh)$")
EDITION = "^(HS2017|HS2022)$"  # reference.hs.EDITIONS, checked by a test


def not_found(exc: Exception) -> HTTPException:
    return HTTPException(404, str(exc))


@router.get("/vocabulary", summary="Dimensions, measures, flows and comparisons of a query")
def vocabulary() -> dict[str, Any]:
    from tradestat.query import tradequery as tq
    from tradestat.query.dimensions import DIMENSIONS

    return {
        "dimensions": [
            {"name": d.name, "needs": d.grain_field, "kind": d.kind, "doc": d.doc}
            for d in DIMENSIONS.values()
        ],
        "measures": list(tq.MEASURES),
        "flows": list(tq.FLOWS),
        "compare": list(tq.COMPARES),
        "index_method": list(tq.INDEX_METHODS),
        "returns": list(tq.RETURNS),
        "composition": list(tq.COMPOSITIONS),
        "hs_edition": [*tq.HS_EDITIONS, "recorded"],
    }


@router.get("/partners", summary="Partners (ISO 3166-1 alpha-3) with English and Chinese names")
def partners(q: str | None = Query(None, max_length=100)) -> dict[str, Any]:
    from tradestat import reference

    codes = sorted(reference.partner_codes())
    if q:
        try:
            codes = [reference.resolve_partner(q)]
        except reference.UnknownCode:
            needle = q.casefold()
            codes = [c for c in codes if needle in _names(c).casefold()]
    return {"partners": [_partner(c) for c in codes]}


@router.get("/partners/{code}", summary="One partner by code or name (GAC, UN, ISO, name)")
def partner(code: str) -> dict[str, Any]:
    from tradestat import reference

    try:
        return _partner(reference.resolve_partner(code[:100]))
    except reference.UnknownCode as exc:
        raise not_found(exc) from None


def _partner(code: str) -> dict[str, Any]:
    from tradestat import reference

    p = reference.partner(code)
    return {"code": p.code, "iso2": p.iso2, "kind": p.kind, "name_en": p.name_en,
            "name_zh": p.name_zh}  # fmt: skip


def _names(code: str) -> str:
    from tradestat import reference

    p = reference.partner(code)
    return f"{p.code} {p.name_en} {p.name_zh}"


@router.get("/partner-groups", summary="Partner groups (EU, ASEAN, RCEP, Belt and Road, ...)")
def partner_groups() -> dict[str, Any]:
    from tradestat import reference

    groups = [reference.partner_group(g) for g in reference.partner_group_ids()]
    return {"partner_groups": [
        {"id": g.id, "name_en": g.name_en, "name_zh": g.name_zh, "kind": g.kind}
        for g in groups
    ]}  # fmt: skip


@router.get("/partner-groups/{group_id}", summary="A partner group's members on a date")
def partner_group(group_id: str, on: date | None = None) -> dict[str, Any]:
    from tradestat import reference

    try:
        g = reference.partner_group(group_id[:100])
    except (reference.UnknownCode, KeyError) as exc:
        raise not_found(exc) from None
    day = on or date.today()
    return {
        "id": g.id, "name_en": g.name_en, "name_zh": g.name_zh, "kind": g.kind,
        "source": g.source, "on": day.isoformat(),
        "members": sorted(reference.partner_group_members_on(g.id, day)),
        "history": [
            {"member": m.member, "valid_from": m.valid_from, "valid_to": m.valid_to}
            for m in g.members if m.valid_from or m.valid_to
        ],
    }  # fmt: skip


@router.get("/product-groups", summary="HS-based product groups (new three, ships, ...)")
def product_groups() -> dict[str, Any]:
    from tradestat import reference

    groups = [reference.product_group(g) for g in reference.product_group_ids()]
    return {"product_groups": [
        {"id": g.id, "name_en": g.name_en, "name_zh": g.name_zh, "kind": g.kind,
         "official": g.official, "editions": [e.edition for e in g.editions]}
        for g in groups
    ]}  # fmt: skip


@router.get("/hs/{code}", summary="Description of an HS code (2, 4 or 6 digits)")
def hs(
    code: str = Path(pattern=r"^([0-9]{2}){1,5}$", description="2, 4, 6, 8 or 10 digits."),
    edition: str | None = Query(None, pattern=EDITION),
    lang: str = Lang,
) -> dict[str, Any]:
    from tradestat import reference

    if not code.isdigit() or len(code) not in (2, 4, 6, 8, 10):
        raise HTTPException(422, "code: must be 2, 4, 6, 8 or 10 digits")
    try:
        label = reference.hs_label(code, edition, lang)
        if label is None and lang == "zh":  # HS descriptions are English only below 8 digits
            label = reference.hs_label(code, edition, "en")
    except (reference.UnknownCode, ValueError) as exc:
        raise HTTPException(422, f"edition: {exc}") from None
    if label is None:
        raise HTTPException(404, f"unknown HS code {code!r}")
    return {"code": code, "edition": edition, "lang": lang, "label": label,
            "section": reference.hs_section(code, edition)}  # fmt: skip


@router.get("/hs-sections", summary="The 21 HS sections")
def hs_sections(edition: str = Query("HS2022", pattern=EDITION)) -> dict[str, Any]:
    from tradestat import reference

    try:
        rows = reference.hs_sections(edition)
    except (reference.UnknownCode, ValueError) as exc:
        raise HTTPException(422, f"edition: {exc}") from None
    return {"sections": [
        {"section": n, "roman": r, "name_en": en, "name_zh": zh} for n, r, en, zh in rows
    ]}  # fmt: skip
