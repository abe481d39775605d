"""One chunk of declaration lines: a month's rows (or part of them) as an Arrow table.

Generation has two stages with their own order of random draws, so the first pass of
a calibrated run can draw only what the value sums need (``draw_core``) and the second
pass redraws exactly the same numbers before drawing the rest (``build_table``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from tradestat.synth.calibrate import Sums
from tradestat.synth.distributions import sample_by_flow
from tradestat.synth.universe import Universe

EXPORT_ROW_SHARE = 0.55
RETURN_SCALE = 0.3  # a return is a fraction of a typical line
PARTNER_FIX_SHARE = 0.1  # revisions that also correct the partner
PARCEL_VALUE = {"9610": 400.0, "1210": 600.0, "1239": 600.0}  # CNY per order
MAX_ROWS = 10**7  # record ids keep 7 digits for the row within a chunk


@dataclass(frozen=True)
class ChunkSpec:
    year: int
    month: int
    part: int
    rows: int  # originals + revisions
    revisions: int
    vintage: date
    revision_vintage: date | None

    @property
    def originals(self) -> int:
        return self.rows - self.revisions

    def seed_key(self, seed: int) -> list[int]:
        return [seed, self.year, self.month, self.part]


@dataclass
class Core:
    export: np.ndarray  # bool
    enterprise: np.ndarray
    mode: np.ndarray
    raw: np.ndarray  # unscaled value, negative for returns
    is_return: np.ndarray
    revised: np.ndarray  # indices of originals that get a later vintage
    raw_revision: np.ndarray  # their revised unscaled values


def draw_core(u: Universe, spec: ChunkSpec, rng: np.random.Generator) -> Core:
    m = spec.originals
    export = rng.random(m) < EXPORT_ROW_SHARE
    enterprise = u.enterprises.p_for(spec.year)(rng, m)
    mode = sample_by_flow(rng, u.modes.p, export)
    raw = np.exp(u.modes.mu[mode] + u.modes.sigma[mode] * rng.standard_normal(m))
    is_return = rng.random(m) < u.modes.return_rate[mode]
    raw = np.where(is_return, -RETURN_SCALE * raw, raw)
    mode = np.where(is_return & ~u.modes.cbec[mode], u.modes.return_mode, mode).astype(np.int32)
    revised = np.sort(rng.choice(m, spec.revisions, replace=False)) if spec.revisions else None
    if revised is None:
        revised = np.empty(0, dtype=np.int64)
    raw_revision = raw[revised] * rng.lognormal(0.0, 0.1, len(revised))
    return Core(export, enterprise, mode, raw, is_return, revised, raw_revision)


def core_sums(core: Core) -> dict[str, Sums]:
    out = {}
    for flow, mask in (("X", core.export), ("M", ~core.export)):
        rev_mask = mask[core.revised]
        out[flow] = Sums(
            float(core.raw[mask].sum()),
            float(core.raw[core.revised][rev_mask].sum()),
            float(core.raw_revision[rev_mask].sum()),
        )
    return out


def build_table(
    u: Universe,
    spec: ChunkSpec,
    core: Core,
    rng: np.random.Generator,
    scale: dict[str, tuple[float, float]],
) -> pa.Table:
    """The chunk's rows; ``scale[flow] = (a, b)`` from calibration ((1, 1) if none)."""
    m, rev = spec.originals, core.revised
    src = np.concatenate([np.arange(m), rev])  # row -> original it copies
    n = len(src)
    products = u.products[spec.year]
    partner = sample_by_flow(rng, u.partners.p, core.export)
    hs = sample_by_flow(rng, products.p, core.export)
    export = core.export[src]
    partner = partner[src]
    fixed = np.flatnonzero(rng.random(len(rev)) < PARTNER_FIX_SHARE) + m
    partner[fixed] = sample_by_flow(rng, u.partners.p, export[fixed])
    a = np.where(export, scale["X"][0], scale["M"][0])
    b = np.ones(n)
    b[m:] = np.where(export[m:], scale["X"][1], scale["M"][1])
    raw = np.concatenate([core.raw, core.raw_revision])
    is_return = core.is_return[src]
    cents = np.rint(raw * a * b * 100).astype(np.int64)
    cents = np.where(is_return, np.minimum(cents, -1), np.maximum(cents, 1))
    hs, mode, ent = hs[src], core.mode[src], core.enterprise[src]
    yuan = np.abs(cents) / 100
    quantity = np.maximum(1.0, np.rint(yuan / np.exp(products.log_price[hs])))
    quantity = np.where(is_return, -quantity, quantity)
    parcel = u.parcel_value[mode]
    no_orders = np.isnan(parcel)
    orders = np.maximum(1, np.rint(yuan / np.where(no_orders, 1.0, parcel)))
    orders = np.where(no_orders, 0, np.minimum(orders, 2**31 - 1))
    rid = ((spec.year * 100 + spec.month) * 1000 + spec.part) * MAX_ROWS + src
    ent_table = u.enterprises
    zone = ent_table.zone[ent]
    cols = {
        "period": _dates(spec_date(spec), n),
        "flow": _dict(np.where(export, 0, 1), u.dicts["flow"]),
        "hs_code": _dict(hs, products.code_dict),
        "hs_edition": _dict(np.zeros(n, np.int32), products.edition_dict),
        "reporter": pa.nulls(n, pa.string()),  # one country's customs: the dataset's default
        "partner": _dict(partner, u.dicts["partner"]),
        "region": _dict(ent_table.city[ent], u.dicts["region"]),
        "enterprise_type": _dict(ent_table.type[ent], u.dicts["enterprise_type"]),
        "enterprise_id": u.enterprise_ids.take(pa.array(ent)),
        "trade_mode": _dict(mode, u.dicts["trade_mode"]),
        "stat_trade_mode": _dict(u.stat_index[mode], u.dicts["stat_trade_mode"]),
        "zone": _dict(zone, u.dicts["zone"]),
        "category": pa.nulls(n, pa.string()),
        "order_id": pa.nulls(n, pa.string()),
        "value": money(cents),
        "currency": _dict(np.zeros(n, np.int32), u.dicts["currency"]),
        "value_cny": pa.nulls(n, pa.decimal128(18, 2)),  # converted on ingest
        "value_usd": pa.nulls(n, pa.decimal128(18, 2)),
        "quantity": pa.array(quantity),
        "unit": _dict(products.unit[hs], products.unit_dict),
        "orders": pa.array(orders.astype(np.int32), mask=no_orders),
        "is_return": pa.array(is_return),
        "record_id": pa.array(rid).cast(pa.string()),
        "vintage": _vintages(spec, m, n),
    }
    return pa.table(cols, schema=u.schema)


def spec_date(spec: ChunkSpec) -> date:
    return date(spec.year, spec.month, 1)


def money(cents: np.ndarray) -> pa.Array:
    """DECIMAL(18,2) from integer cents without a per-value conversion."""
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63  # sign extension to 128 bits
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(cents), [None, pa.py_buffer(words)])


def _dict(index: np.ndarray, values: pa.Array) -> pa.Array:
    """Dictionary-encoded strings: written to Parquet without building a string per row.
    A negative index is a null."""
    index = np.asarray(index, dtype=np.int32)
    null = index < 0
    idx = pa.array(index, mask=null if null.any() else None)
    return pa.DictionaryArray.from_arrays(idx, values)


def _dates(day: date, n: int) -> pa.Array:
    epoch = (day - date(1970, 1, 1)).days
    return pa.array(np.full(n, epoch, dtype=np.int32), pa.date32())


def _vintages(spec: ChunkSpec, m: int, n: int) -> pa.Array:
    days = np.full(n, (spec.vintage - date(1970, 1, 1)).days, dtype=np.int32)
    if spec.revision_vintage is not None:
        days[m:] = (spec.revision_vintage - date(1970, 1, 1)).days
    return pa.array(days, pa.date32())
