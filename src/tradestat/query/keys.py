"""The values each TradeQuery key accepts: measures, flows, comparisons, bases and the
other closed lists every front end offers and ``tradestat.query.validate`` checks."""

from __future__ import annotations

from tradestat.reference.concordance import ALL_EDITIONS as HS_EDITIONS

MEASURES = ("value", "quantity", "orders", "records", "enterprises", "partners", "unit_value")
FLOWS = ("export", "import", "total", "balance")
COMPARES = ("growth", "share", "share_pp", "contribution")
# price/volume indices and growth decomposed (tradestat.engine.indexed)
INDEX_COMPARES = ("price_index", "volume_index", "value_index", "effects")
COMPARES = (*COMPARES, *INDEX_COMPARES)
INDEX_METHODS = ("fisher", "laspeyres", "paasche")
EFFECT_COLUMNS = ("volume_pp", "price_pp", "residual_pp", "fx_pp", "revision_pp")
HS_DIMENSIONS = ("hs2", "hs4", "hs6", "hs_code")  # unit values are per HS code and unit
BASES = ("latest", "first_published", "as_of")
RETURNS = ("net", "gross", "only")
COMPOSITIONS = ("current", "historical")
COVERAGES = ("complete", "partial")  # partial: compare sides that cover different months
ADDITIVE = ("value", "quantity")
# Largest `top`: a ranking longer than this is not a ranking, and an unbounded number
# overflowed the engine's LIMIT (DuckDB takes a 64-bit integer) with a database error.
MAX_TOP = 1_000_000

__all__ = [
    "ADDITIVE", "BASES", "COMPARES", "COMPOSITIONS", "COVERAGES", "EFFECT_COLUMNS", "FLOWS",
    "HS_DIMENSIONS", "HS_EDITIONS", "INDEX_COMPARES", "INDEX_METHODS", "MAX_TOP", "MEASURES",
    "RETURNS",
]  # fmt: skip
