"""Dimensions a query can break down by (`by`) or filter on (`where` / `exclude`).

Each dimension reads one grain field of the dataset; a query on a dataset whose
grain lacks that field is refused with a message saying so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    name: str
    grain_field: str  # the canonical field it needs in the dataset's grain
    # "time" (from the calendar), "column" (stored), "group" (membership), "class" (a
    # classification of the HS code: BEC end use, SITC; a split code is shared out)
    kind: str
    column: str | None = None  # stored fact column for kind "column"
    doc: str = ""


_DIMENSIONS = (
    Dimension("year", "period", "time", doc="calendar year, e.g. 2023"),
    Dimension("quarter", "period", "time", doc="quarter, e.g. 2023-Q4"),
    Dimension("month", "period", "time", doc="month, e.g. 2023-06"),
    Dimension("flow", "flow", "column", "flow", "X export, M import"),
    Dimension("hs2", "hs_code", "column", "hs2", "HS chapter"),
    Dimension("hs4", "hs_code", "column", "hs4", "HS heading"),
    Dimension("hs6", "hs_code", "column", "hs6", "HS subheading"),
    Dimension("hs_code", "hs_code", "column", "hs_code", "full commodity code"),
    Dimension("product_group", "hs_code", "group", doc="HS-based product group id"),
    Dimension(
        "end_use",
        "hs_code",
        "class",
        doc="BEC Rev.4 end use: capital, intermediate, consumption, other",
    ),
    Dimension("sitc_section", "hs_code", "class", doc="SITC Rev.4 section (1 digit)"),
    Dimension("sitc_division", "hs_code", "class", doc="SITC Rev.4 division (2 digits)"),
    Dimension("reporter", "reporter", "column", "reporter", "reporting economy, alpha-3"),
    Dimension("partner", "partner", "column", "partner", "ISO 3166-1 alpha-3"),
    Dimension("partner_group", "partner", "group", doc="partner group id (dated membership)"),
    Dimension("region", "region", "column", "region", "GB/T 2260 code as recorded"),
    Dimension("province", "region", "column", "province", "province code (6 digits)"),
    Dimension("city", "region", "column", "city", "prefecture city code (6 digits)"),
    Dimension("enterprise_type", "enterprise_type", "column", "enterprise_type"),
    Dimension("trade_mode", "trade_mode", "column", "trade_mode", "supervision mode"),
    Dimension("trade_mode_group", "trade_mode", "group", doc="e.g. cbec, general"),
    Dimension("stat_trade_mode", "stat_trade_mode", "column", "stat_trade_mode"),
    Dimension("zone", "zone", "column", "zone", "special customs zone / FTZ"),
    Dimension("category", "category", "column", "category", "platform category"),
)

DIMENSIONS: dict[str, Dimension] = {d.name: d for d in _DIMENSIONS}
TIME_DIMENSIONS = tuple(d.name for d in _DIMENSIONS if d.kind == "time")
GROUP_DIMENSIONS = tuple(d.name for d in _DIMENSIONS if d.kind == "group")
CLASS_DIMENSIONS = tuple(d.name for d in _DIMENSIONS if d.kind == "class")


def dimension(name: str) -> Dimension:
    try:
        return DIMENSIONS[name]
    except KeyError:
        raise KeyError(name) from None


def normalize_value(dim: str, value: object) -> str:
    """Canonical spelling of a filter value (codes upper-case, ids lower-case)."""
    text = str(value).strip()
    if dim in ("partner", "reporter", "flow"):
        return text.upper()
    if dim in GROUP_DIMENSIONS or dim in ("enterprise_type", "end_use"):
        return text.lower()
    if dim in ("region", "province", "city") and text.isdigit() and len(text) in (2, 4):
        return text.ljust(6, "0")
    return text
