"""Everything fixed for a seed: modes, partners, products per year, cities, enterprises,
the string dictionaries the chunks index into, and the output schema."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from tradestat.model.schema import FIELDS, arrow_schema
from tradestat.synth import codes
from tradestat.synth.distributions import (
    TYPES,
    Modes,
    Partners,
    Products,
    build_modes,
    build_partners,
    build_products,
)
from tradestat.synth.enterprises import Cities, Enterprises, build_cities, build_enterprises

# low-cardinality text columns, written dictionary-encoded
DICTIONARY_COLUMNS = (
    "flow", "hs_code", "hs_edition", "partner", "region", "enterprise_type", "trade_mode",
    "stat_trade_mode", "zone", "currency", "unit",
)  # fmt: skip


@dataclass
class Universe:
    seed: int
    modes: Modes
    partners: Partners
    products: dict[int, Products]  # per year (by its HS edition)
    cities: Cities
    enterprises: Enterprises
    enterprise_ids: pa.Array
    dicts: dict[str, pa.Array]
    stat_index: np.ndarray  # per mode: index into dicts["stat_trade_mode"], -1 if none
    parcel_value: np.ndarray  # per mode: CNY per order for retail e-commerce, NaN otherwise
    schema: pa.Schema


def default_enterprises(rows: int) -> int:
    """About one enterprise per 30 lines, between 2 000 and 700 000 (China: ~650 000)."""
    return int(min(700_000, max(2_000, rows // 30)))


def build_universe(seed: int, years: range, n_enterprises: int) -> Universe:
    from tradestat.synth.chunk import PARCEL_VALUE

    rng = np.random.default_rng(np.random.SeedSequence([seed, 0]))
    modes = build_modes()
    editions = {codes.hs_edition(y) for y in years}
    by_edition = {e: build_products(e, rng) for e in sorted(editions)}
    cities = build_cities()
    enterprises = build_enterprises(n_enterprises, cities, years, rng)
    stat_codes = sorted({s for s in modes.stat if s})
    stat_index = np.array([stat_codes.index(s) if s else -1 for s in modes.stat], np.int32)
    partners = build_partners()
    dicts = {
        "flow": ["X", "M"],
        "partner": partners.codes,
        "region": cities.codes,
        "enterprise_type": list(TYPES),
        "trade_mode": modes.codes,
        "stat_trade_mode": stat_codes,
        "zone": enterprises.zones,
        "currency": ["CNY"],
    }
    return Universe(
        seed=seed,
        modes=modes,
        partners=partners,
        products={y: by_edition[codes.hs_edition(y)] for y in years},
        cities=cities,
        enterprises=enterprises,
        enterprise_ids=pa.array(enterprises.ids, pa.string()),
        dicts={k: pa.array(v, pa.string()) for k, v in dicts.items()},
        stat_index=stat_index,
        parcel_value=np.array([PARCEL_VALUE.get(m, np.nan) for m in modes.codes]),
        schema=output_schema(),
    )


def output_schema() -> pa.Schema:
    """The canonical fields, text columns with few values dictionary-encoded."""
    canonical = arrow_schema()
    fields = []
    for f in FIELDS:
        field = canonical.field(f.name)
        if f.name in DICTIONARY_COLUMNS:
            field = field.with_type(pa.dictionary(pa.int32(), pa.string()))
        fields.append(field)
    return pa.schema(fields)
