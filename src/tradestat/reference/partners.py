"""Trading partners: canonical ISO 3166-1 alpha-3 codes, names, and code/name resolution.

Canonical codes are ISO alpha-3 (``USA``), former ISO codes still used in trade series
(``ANT``, ``SCG``, ...) and special codes in ISO's user-assigned ``X..`` range for partners
that are not countries ("not specified" ``XUN``, "other Asia nes" ``XAS``, bunkers ``XBK``,
...; see ``partners.csv`` and docs/reference.md). Trade with special partners is kept.

Schemes: ``iso3``, ``iso2``, ``gac`` (GAC 3-digit trading-partner code), ``un`` (UN Comtrade /
CEPII BACI numeric code, e.g. 842 USA, 699 India, 490 Taiwan; plain ISO numeric codes are
accepted when they are not Comtrade codes of something else), ``isonum`` (ISO 3166 numeric),
``name`` (tolerant, see ``_text.name_key``) and ``auto``. Nothing is guessed: an input that
does not resolve, or resolves to two partners, raises ``UnknownCode``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from tradestat.reference._files import read_csv
from tradestat.reference._text import name_key
from tradestat.reference.errors import ReferenceError, UnknownCode

SCHEMES = ("auto", "iso3", "iso2", "gac", "un", "isonum", "name")
LANGS = ("en", "zh")
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Partner:
    code: str
    iso2: str
    iso_numeric: str
    kind: str  # country | territory | historic | special
    name_en: str
    name_zh: str
    note: str
    article_en: str = ""  # "the" for the United Kingdom, the Netherlands... in running text


@dataclass(frozen=True)
class _Tables:
    partners: dict[str, Partner]
    iso2: dict[str, str]
    isonum: dict[str, str]
    gac: dict[str, str]
    un: dict[str, str]
    names: dict[str, str]
    ambiguous: dict[str, tuple[str, ...]]


@cache
def _tables() -> _Tables:
    file = "partners.csv"
    partners: dict[str, Partner] = {}
    for row in read_csv(file):
        p = Partner(**row)
        if not _CODE.match(p.code) or p.code in partners:
            raise ReferenceError(file, p.code, "invalid or duplicate partner code")
        if p.kind not in ("country", "territory", "historic", "special"):
            raise ReferenceError(file, p.code, f"unknown kind {p.kind!r}")
        partners[p.code] = p
    live = [p for p in partners.values() if p.kind in ("country", "territory")]
    iso2 = {p.iso2: p.code for p in live if p.iso2}
    isonum = {str(int(p.iso_numeric)): p.code for p in live if p.iso_numeric}
    schemes: dict[str, dict[str, str]] = {"gac": {}, "un": {}}
    for row in read_csv("partner_codes.csv"):
        if row["partner"] not in partners or row["scheme"] not in schemes:
            raise ReferenceError("partner_codes.csv", f"{row['scheme']} {row['code']}", "bad row")
        schemes[row["scheme"]][str(int(row["code"]))] = row["partner"]
    names: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    for row in read_csv("partner_aliases.csv"):
        targets = tuple(row["partner"].split("|"))
        if any(t not in partners for t in targets):
            raise ReferenceError("partner_aliases.csv", row["alias"], "unknown partner")
        if row["source"] == "ambiguous":
            ambiguous[row["key"]] = targets
        else:
            names[row["key"]] = targets[0]
    return _Tables(partners, iso2, isonum, schemes["gac"], schemes["un"], names, ambiguous)


def partner_codes() -> frozenset[str]:
    """All canonical partner codes (ISO alpha-3, historic and special codes)."""
    return frozenset(_tables().partners)


def partner(code: str) -> Partner:
    """The partner record of a canonical code."""
    try:
        return _tables().partners[code]
    except KeyError:
        raise UnknownCode(code, "partner code", "canonical codes are ISO alpha-3") from None


def partner_name(code: str, lang: str = "en") -> str:
    if lang not in LANGS:
        raise UnknownCode(lang, "language", "use 'en' or 'zh'")
    p = partner(code)
    return p.name_zh if lang == "zh" else p.name_en


def partner_name_in_text(code: str, lang: str = "en") -> str:
    """The name as a sentence writes it: with its article in English ("the Netherlands").

    >>> partner_name_in_text("NLD"), partner_name_in_text("DEU"), partner_name_in_text("NLD", "zh")
    ('the Netherlands', 'Germany', '荷兰')
    """
    p = partner(code)
    if lang == "zh":
        return p.name_zh
    return f"{p.article_en} {p.name_en}" if p.article_en else p.name_en


def _numeric(text: str, scheme: str) -> str | None:
    t = _tables()
    key = str(int(text))
    if scheme == "gac":
        return t.gac.get(key)
    if scheme == "isonum":
        return t.isonum.get(key)
    # Comtrade first; an ISO numeric code only where Comtrade does not use that number
    return t.un.get(key) or t.isonum.get(key)


def _resolve(text: str, scheme: str) -> str:
    if scheme not in SCHEMES:
        raise UnknownCode(scheme, "partner scheme", f"use one of {', '.join(SCHEMES)}")
    t = _tables()
    raw = text.strip()
    up = raw.upper()
    if scheme in ("iso3", "auto") and up in t.partners:
        return up
    if scheme in ("iso2", "auto") and up in t.iso2:
        return t.iso2[up]
    if raw.isdigit() and scheme in ("gac", "un", "isonum"):
        hit = _numeric(raw, scheme)
        if hit:
            return hit
    elif raw.isdigit() and scheme == "auto":
        hits = {h for h in (_numeric(raw, "gac"), _numeric(raw, "un")) if h}
        if len(hits) == 1:
            return hits.pop()
        if hits:
            raise UnknownCode(raw, "partner code", f"GAC and UN codes disagree: {sorted(hits)}")
    elif scheme in ("name", "auto"):
        key = name_key(raw)
        if key in t.names:
            return t.names[key]
        if key in t.ambiguous:
            raise UnknownCode(raw, "partner name", f"ambiguous: {'|'.join(t.ambiguous[key])}")
    raise UnknownCode(raw, f"partner ({scheme})")


@cache
def _resolve_cached(text: str, scheme: str) -> str:
    return _resolve(text, scheme)


def resolve_partner(text: str, scheme: str = "auto") -> str:
    """Canonical partner code of a code or name; ``UnknownCode`` if it does not resolve."""
    return _resolve_cached(str(text), scheme)


def resolve_partners(texts: Iterable[str], scheme: str = "auto") -> dict[str, str | None]:
    """Bulk resolution: {input text: code or None}. Unknown or ambiguous inputs give None."""
    if scheme not in SCHEMES:
        raise UnknownCode(scheme, "partner scheme", f"use one of {', '.join(SCHEMES)}")
    out: dict[str, str | None] = {}
    for text in texts:
        if text in out:
            continue
        try:
            out[text] = resolve_partner(text, scheme)
        except UnknownCode:
            out[text] = None
    return out


def partner_code_table(scheme: str) -> dict[str, str]:
    """{GAC or UN numeric code: partner} for ``scheme`` in ("gac", "un")."""
    t = _tables()
    if scheme == "gac":
        return {k.zfill(3): v for k, v in t.gac.items()}
    if scheme == "un":
        return dict(t.un)
    raise UnknownCode(scheme, "partner code scheme", "use 'gac' or 'un'")
