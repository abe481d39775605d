"""Cities and enterprises: every enterprise has one stable type, city and zone.

Enterprise ids are shaped like a customs registration code: 4-digit city, one digit
for the enterprise's nature (6 private, 3 foreign-invested, 1 state-owned, 9 other)
and a sequence number. Activity is Zipf-distributed over enterprises; each type's
weights are scaled so that its share of value follows the year's target share
(private enterprises' share rises from 43 % in 2019 to 56 % in 2024).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradestat.synth import codes
from tradestat.synth.distributions import (
    ENTERPRISE_ZIPF,
    NATURE_DIGIT,
    TYPE_COUNT_SHARE,
    TYPE_VALUE_SHARE,
    TYPES,
    ZONE_PROBABILITY,
    Sampler,
    cdf,
    draw,
    read_csv,
    zipf,
)

CITY_ZIPF = 1.4  # Shenzhen ~45 % of Guangdong, Suzhou ~45 % of Jiangsu


@dataclass
class Cities:
    codes: list[str]  # 6-digit GB/T 2260 city codes
    weight: np.ndarray


def build_cities() -> Cities:
    known = codes.region_cities()
    names: list[str] = []
    weights: list[np.ndarray] = []
    for r in read_csv("provinces.csv"):
        listed = [c + "00" for c in r["cities"].split()]
        rest = [c for c in known.get(r["province"], []) if c not in listed]
        chosen = listed + rest
        w = zipf(len(chosen), CITY_ZIPF)
        names += chosen
        weights.append(float(r["weight"]) * w / w.sum())
    return Cities(codes=names, weight=np.concatenate(weights))


@dataclass
class Enterprises:
    ids: list[str]
    type: np.ndarray  # index into TYPES
    city: np.ndarray  # index into Cities.codes
    zone: np.ndarray  # index into zones, -1 outside any zone
    zones: list[str]
    p: dict[int, Sampler]  # per year, over enterprises

    def p_for(self, year: int) -> Sampler:
        return self.p[min(self.p, key=lambda y: (abs(y - year), y))]


def build_enterprises(
    n: int, cities: Cities, years: range, rng: np.random.Generator
) -> Enterprises:
    kind = draw(cdf(TYPE_COUNT_SHARE), rng.random(n)).astype(np.int8)
    city = draw(cdf(cities.weight), rng.random(n))
    zones = [f"FTZ{p}" for p in codes.FTZ_PROVINCES]
    zone_of_province = {p: i for i, p in enumerate(codes.FTZ_PROVINCES)}
    city_zone = np.array([zone_of_province.get(c[:2], -1) for c in cities.codes], dtype=np.int16)
    zone = np.where(rng.random(n) < ZONE_PROBABILITY, city_zone[city], -1).astype(np.int16)
    ids = _ids(kind, city, cities)
    z = zipf(n, ENTERPRISE_ZIPF)[rng.permutation(n)]
    per_type = np.bincount(kind, weights=z, minlength=len(TYPES))
    per_year = {}
    for year in years:
        share = np.array(TYPE_VALUE_SHARE[min(TYPE_VALUE_SHARE, key=lambda y: abs(y - year))])
        boost = np.divide(share, per_type, out=np.zeros(len(TYPES)), where=per_type > 0)
        per_year[year] = Sampler(z * boost[kind])
    return Enterprises(ids, kind, city, zone, zones, per_year)


def _ids(kind: np.ndarray, city: np.ndarray, cities: Cities) -> list[str]:
    # sequence number within (city, nature): stable sort, then position in each run
    key = city.astype(np.int64) * len(TYPES) + kind
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    seq = np.empty(len(key), dtype=np.int64)
    seq[order] = np.arange(len(key)) - run_start
    width = max(5, len(str(int(seq.max(initial=0)))))
    prefix = [c[:4] for c in cities.codes]
    return [
        f"{prefix[c]}{NATURE_DIGIT[k]}{s:0{width}d}"
        for c, k, s in zip(city.tolist(), kind.tolist(), seq.tolist(), strict=True)
    ]
