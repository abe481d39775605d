"""The reference tables as rows, for listing and display (CLI ``tradestat reference``).

``tables()`` names every table with a one-line description; ``table_rows(name, ...)``
returns ``(columns, rows)`` with rows as tuples of text. Options that only some tables use
(``lang``, ``edition``, ``level``, ``year``, ``currency``) are ignored by the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tradestat.reference.errors import UnknownCode

Rows = tuple[list[str], list[tuple[str, ...]]]


@dataclass(frozen=True)
class Options:
    lang: str = "en"
    edition: str = "HS2022"
    level: int | None = None
    year: int = 2023
    currency: str | None = None


def _partners(o: Options) -> Rows:
    from tradestat.reference.partners import partner, partner_codes

    rows = [
        (p.code, p.iso2, p.kind, p.name_en, p.name_zh)
        for p in (partner(c) for c in sorted(partner_codes()))
    ]
    return ["code", "iso2", "kind", "name_en", "name_zh"], rows


def _codes(scheme: str) -> Callable[[Options], Rows]:
    def rows(o: Options) -> Rows:
        from tradestat.reference.partners import partner_code_table, partner_name

        table = partner_code_table(scheme)
        data = [
            (k, v, partner_name(v, o.lang))
            for k, v in sorted(table.items(), key=lambda kv: int(kv[0]))
        ]
        return [f"{scheme}_code", "partner", "name"], data

    return rows


def _partner_groups(o: Options) -> Rows:
    from tradestat.reference.groups import partner_group, partner_group_ids

    groups = [partner_group(g) for g in partner_group_ids()]
    name = "name_zh" if o.lang == "zh" else "name_en"
    rows = [
        (g.id, g.kind, str(len({m.member for m in g.members})), getattr(g, name)) for g in groups
    ]
    return ["id", "kind", "members", "name"], rows


def _product_groups(o: Options) -> Rows:
    from tradestat.reference.product_groups import product_group, product_group_ids

    groups = [product_group(g) for g in product_group_ids()]
    name = "name_zh" if o.lang == "zh" else "name_en"
    rows = [
        (
            g.id,
            g.kind,
            "yes" if g.official else "no",
            ",".join(e.edition for e in g.editions),
            getattr(g, name),
        )
        for g in groups
    ]
    return ["id", "kind", "official", "editions", "name"], rows


def _hs(o: Options) -> Rows:
    from tradestat.reference.hs import hs_codes, hs_label, hs_section

    levels = [o.level] if o.level else [2, 4, 6]
    codes = sorted(c for lv in levels for c in hs_codes(o.edition, lv))
    rows = [(c, str(hs_section(c, o.edition)), hs_label(c, o.edition) or "") for c in codes]
    return ["code", "section", "description"], rows


def _hs_sections(o: Options) -> Rows:
    from tradestat.reference.hs import hs_sections

    rows = [(str(n), r, zh if o.lang == "zh" else en) for n, r, en, zh in hs_sections(o.edition)]
    return ["section", "roman", "name"], rows


def _china(o: Options) -> Rows:
    from tradestat.reference.china_codes import china_codes

    t = china_codes(o.year).to_pylist()
    desc = "description_zh" if o.lang == "zh" else "description_en"
    unit = "unit1_zh" if o.lang == "zh" else "unit1_en"
    return ["code8", "description", "unit"], [(r["code8"], r[desc], r[unit] or "") for r in t]


def _regions(o: Options) -> Rows:
    from tradestat.reference.regions import region, region_codes

    wanted = {
        None: ("province", "city", "county"),
        2: ("province",),
        4: ("city",),
        6: ("county",),
    }.get(o.level, ("province", "city", "county"))
    rs = [region(c) for c in sorted(region_codes())]
    rows = [
        (r.code, r.level, r.name_zh, r.name_en, r.province, r.city) for r in rs if r.level in wanted
    ]
    return ["code", "level", "name_zh", "name_en", "province", "city"], rows


def _trade_modes(o: Options) -> Rows:
    from tradestat.reference.trade_modes import trade_mode, trade_mode_codes

    ms = [trade_mode(c) for c in sorted(trade_mode_codes())]
    rows = [
        (m.code, m.stat_code, m.name_zh if o.lang == "zh" else m.name_en, m.introduced) for m in ms
    ]
    return ["code", "stat_code", "name", "introduced"], rows


def _stat_modes(o: Options) -> Rows:
    from tradestat.reference.trade_modes import stat_trade_mode_codes, trade_mode_name

    return ["code", "name"], [
        (c, trade_mode_name(c, o.lang)) for c in sorted(stat_trade_mode_codes())
    ]


def _mode_groups(o: Options) -> Rows:
    from tradestat.reference.trade_modes import trade_mode_group_info, trade_mode_groups

    info = trade_mode_group_info()
    name = "name_zh" if o.lang == "zh" else "name_en"
    rows = [(g, " ".join(sorted(c)), info[g][name]) for g, c in trade_mode_groups().items()]
    return ["id", "modes", "name"], rows


def _enterprise_types(o: Options) -> Rows:
    from tradestat.reference.enterprises import enterprise_type_ids, enterprise_type_name

    return ["id", "name"], [(t, enterprise_type_name(t, o.lang)) for t in enterprise_type_ids()]


def _fx(o: Options) -> Rows:
    from tradestat.reference.fx import fx_rates

    t = fx_rates().to_pylist()
    rows = [
        (r["currency"], r["period"].isoformat(), f"{r['per_usd']:.4f}")
        for r in t
        if o.currency is None or r["currency"] == o.currency.upper()
    ]
    return ["currency", "period", "per_usd"], rows


TABLES: dict[str, tuple[str, Callable[[Options], Rows]]] = {
    "partners": ("Partner codes (ISO alpha-3 and special X.. codes) with names", _partners),
    "gac_partners": ("GAC 3-digit trading-partner codes -> partner", _codes("gac")),
    "un_partners": ("UN Comtrade / BACI numeric codes -> partner", _codes("un")),
    "partner_groups": (
        "Partner groups with dated membership (EU, RCEP, BRI, M49, ...)",
        _partner_groups,
    ),
    "product_groups": ("HS-based product groups (new three, sections, ...)", _product_groups),
    "hs": ("HS nomenclature at 2/4/6 digits (--edition, --level)", _hs),
    "hs_sections": ("The 21 HS sections", _hs_sections),
    "china_codes": ("China's 8-digit commodity codes with units (--year 2015-2023)", _china),
    "regions": ("China's GB/T 2260 regions (--level 2 provinces, 4 cities, 6 counties)", _regions),
    "trade_modes": (
        "Customs supervision modes (4 digits) and their statistical code",
        _trade_modes,
    ),
    "stat_trade_modes": ("GAC statistical trade modes (2 digits)", _stat_modes),
    "trade_mode_groups": (
        "Trade-mode groups (cbec, processing, bonded, stat_XX, ...)",
        _mode_groups,
    ),
    "enterprise_types": ("Enterprise types", _enterprise_types),
    "fx": ("Monthly exchange rates, units per USD (--currency)", _fx),
}


def tables() -> dict[str, str]:
    return {name: desc for name, (desc, _) in TABLES.items()}


def table_rows(name: str, options: Options | None = None) -> Rows:
    if name not in TABLES:
        raise UnknownCode(name, "reference table", f"tables: {', '.join(TABLES)}")
    return TABLES[name][1](options or Options())
