"""The synthetic universe: codes, weights and enterprises, built once per seed.

Every column of a chunk is drawn by a ``Sampler`` in a few vectorised numpy calls.
Concentration is Zipf-like where real trade is: HS codes within a chapter, partners
outside the listed majors, cities within a province, and enterprises.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from tradestat.synth import codes

DATA = Path(__file__).with_name("data")
TYPES = ("private", "foreign_invested", "state_owned", "other")
TYPE_COUNT_SHARE = np.array([0.86, 0.10, 0.025, 0.015])  # share of enterprises
# share of trade value per type and year (private rising, as in GAC releases)
TYPE_VALUE_SHARE = {
    2019: (0.427, 0.391, 0.176, 0.006), 2020: (0.466, 0.365, 0.163, 0.006),
    2021: (0.486, 0.359, 0.149, 0.006), 2022: (0.504, 0.327, 0.163, 0.006),
    2023: (0.535, 0.297, 0.162, 0.006), 2024: (0.557, 0.283, 0.154, 0.006),
}  # fmt: skip
NATURE_DIGIT = ("6", "3", "1", "9")  # customs-code-like enterprise nature per type
ENTERPRISE_ZIPF = 0.85
HS_ZIPF = 1.0
ZONE_PROBABILITY = 0.19  # enterprises of a province with a free trade zone located in it


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cdf(weights: np.ndarray) -> np.ndarray:
    c = np.cumsum(np.asarray(weights, dtype=np.float64))
    return c / c[-1]


def norm(weights: np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return w / w.sum()


def draw(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Indices drawn with the probabilities behind cumulative weights ``cum`` (small draws)."""
    return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1).astype(np.int32)


def zipf(n: int, s: float) -> np.ndarray:
    return 1.0 / np.arange(1, n + 1, dtype=np.float64) ** s


class Sampler:
    """Draws i.i.d. indices with fixed probabilities, fast for a million rows at a time.

    A binary search per row on random uniforms (``np.searchsorted``) misses the cache on
    every step; instead: category counts from one multinomial draw, repeated and shuffled
    (few categories), or the search on *sorted* uniforms, then shuffled (many categories,
    where the multinomial's cost per category would dominate a small chunk).
    """

    def __init__(self, weights: np.ndarray) -> None:
        self.p = norm(weights)
        self.cum = np.cumsum(self.p)
        self.cum[-1] = 1.0

    def __len__(self) -> int:
        return len(self.p)

    def __call__(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if len(self.p) * 4 <= n:
            counts = rng.multinomial(n, self.p)
            idx = np.repeat(np.arange(len(self.p), dtype=np.int32), counts)
        else:
            u = rng.random(n)
            u.sort()
            idx = draw(self.cum, u)
        rng.shuffle(idx)
        return idx


def sample_by_flow(
    rng: np.random.Generator, samplers: dict[str, Sampler], export: np.ndarray
) -> np.ndarray:
    out = np.empty(len(export), dtype=np.int32)
    n_x = int(export.sum())
    out[export] = samplers["X"](rng, n_x)
    out[~export] = samplers["M"](rng, len(export) - n_x)
    return out


@dataclass
class Modes:
    codes: list[str]
    stat: list[str | None]
    cbec: np.ndarray  # bool per mode: cross-border e-commerce (returns keep the mode)
    mu: np.ndarray
    sigma: np.ndarray
    return_rate: np.ndarray
    p: dict[str, Sampler]  # per flow, over rows
    return_mode: int  # index of 4561 (returned goods), used for non-e-commerce returns


def build_modes() -> Modes:
    rows = read_csv("trade_modes.csv")
    names = [r["mode"] for r in rows] + ["4561"]
    mean = np.array([float(r["mean_value"]) for r in rows] + [100000.0])
    sigma = np.array([float(r["sigma"]) for r in rows] + [1.4])
    share = np.array([float(r["value_share"]) for r in rows] + [0.0])
    # rows are drawn in proportion to value share / mean value, so value shares come out right
    per_flow = {}
    for flow in ("X", "M"):
        ok = np.array([flow in r["flows"] for r in rows] + [False])
        per_flow[flow] = Sampler(np.where(ok, share / mean, 0.0))
    return Modes(
        codes=names,
        stat=[codes.stat_trade_mode(m) for m in names],
        cbec=np.isin(names, ["9610", "1210", "1239", "9710", "9810"]),
        mu=np.log(mean) - sigma**2 / 2,  # so that the log-normal's mean is `mean`
        sigma=sigma,
        return_rate=np.array([float(r["return_rate"]) for r in rows] + [0.0]),
        p=per_flow,
        return_mode=len(names) - 1,
    )


@dataclass
class Products:
    edition: str
    codes: list[str]
    unit: np.ndarray  # index into units
    units: list[str]
    log_price: np.ndarray  # CNY per unit, log
    p: dict[str, Sampler]

    def __post_init__(self) -> None:
        self.code_dict = pa.array(self.codes, pa.string())
        self.unit_dict = pa.array(self.units, pa.string())
        self.edition_dict = pa.array([self.edition], pa.string())


def build_products(edition: str, rng: np.random.Generator) -> Products:
    table = codes.commodity_codes(edition)
    chapters = read_csv("chapters.csv")
    chapter_w = {r["hs2"]: (float(r["export"]), float(r["import"])) for r in chapters}
    hs6 = sorted({c[:6] for c, _ in table})
    # rank of each HS6 inside its chapter from a hash of the code: stable across editions
    salt = int(rng.integers(1 << 30))
    rank_key = {h: (h[:2], (hash_code(h) ^ salt) & 0xFFFFFFF) for h in hs6}
    by_chapter: dict[str, list[str]] = {}
    for h in sorted(hs6, key=rank_key.__getitem__):
        by_chapter.setdefault(h[:2], []).append(h)
    per6 = {}
    for h6_list in by_chapter.values():
        w = norm(zipf(len(h6_list), HS_ZIPF))
        per6.update(zip(h6_list, w.tolist(), strict=True))
    n8 = {}
    for c, _ in table:
        n8[c[:6]] = n8.get(c[:6], 0) + 1
    weights = {"X": [], "M": []}
    for c, _ in table:
        cx, cm = chapter_w.get(c[:2], (0.02, 0.02))
        share = per6[c[:6]] / n8[c[:6]]
        weights["X"].append(cx * share)
        weights["M"].append(cm * share)
    units = sorted({u for _, u in table})
    return Products(
        edition=edition,
        codes=[c for c, _ in table],
        unit=np.array([units.index(u) for _, u in table], dtype=np.int32),
        units=units,
        log_price=rng.normal(np.log(80.0), 1.5, len(table)),
        p={f: Sampler(np.array(w)) for f, w in weights.items()},
    )


def hash_code(code: str) -> int:
    """A hash that does not change between Python runs (``hash()`` of str does)."""
    h = 2166136261
    for ch in code.encode():
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


@dataclass
class Partners:
    codes: list[str]
    p: dict[str, Sampler]


def build_partners() -> Partners:
    listed = read_csv("partners.csv")
    names = [r["iso3"] for r in listed]
    tail = codes.partner_tail(set(names))
    head_x = np.array([float(r["export"]) for r in listed])
    head_m = np.array([float(r["import"]) for r in listed])
    # the tail carries ~3 % of trade, Zipf-distributed over the remaining codes
    tail_w = zipf(len(tail), 1.2)
    tail_w = tail_w / tail_w.sum()
    out = {}
    for flow, head in (("X", head_x), ("M", head_m)):
        out[flow] = Sampler(np.concatenate([head, tail_w * head.sum() * 0.03]))
    return Partners(codes=names + tail, p=out)
