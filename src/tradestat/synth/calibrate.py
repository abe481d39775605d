"""Yearly targets from published figures, and the scale factors that hit them.

A release states a year's total as first published and, through the growth rate of
the next release, the revised total of the year before (2023 "+0.2 %" on a 2022 base
revised from 42.07 to 41.68 trn). The generator therefore calibrates two figures per
year and flow: ``first`` (what the original vintage sums to) and ``latest`` (what the
comparable basis sums to once the later vintages of revised records replace theirs).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

PUBLISHED = Path(__file__).with_name("published-figures.csv")
TRILLION = 10**12
DEFAULT_EXPORT_SHARE = 23.77 / 41.76  # 2023, the latest year with both flows published
DRIFT = 0.04  # yearly growth assumed for years the figures do not cover


@dataclass(frozen=True)
class YearTarget:
    year: int
    first: float  # CNY, total of first-published values
    latest: float  # CNY, total on the comparable (latest-vintage) basis
    first_export_share: float
    latest_export_share: float
    source: str  # "published", "derived" (from a growth rate) or "extrapolated"

    def value(self, basis: str, flow: str) -> float:
        total = self.first if basis == "first" else self.latest
        share = self.first_export_share if basis == "first" else self.latest_export_share
        return total * (share if flow == "X" else 1 - share)


def load_published(path: Path = PUBLISHED) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _annual_cny(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        r
        for r in rows
        if r["subject"] == "all goods" and r["measure"] == "value" and r["currency"] == "CNY"
        and r["unit"] == "trillion" and r["period"].isdigit() and r["value"]
    ]  # fmt: skip


def yearly_targets(years: range, rows: list[dict[str, str]] | None = None) -> dict[int, YearTarget]:
    """Targets for every year in ``years``: published, derived or extrapolated."""
    annual = _annual_cny(rows if rows is not None else load_published())
    first: dict[int, dict[str, float]] = {}
    latest: dict[int, dict[str, float]] = {}
    for r in annual:
        year, flow, value = int(r["period"]), r["flow"], float(r["value"]) * TRILLION
        first.setdefault(year, {})[flow] = value
        if r["growth_pct"] and r["growth_base"] == str(year - 1):
            latest.setdefault(year - 1, {})[flow] = value / (1 + float(r["growth_pct"]) / 100)
    out: dict[int, YearTarget] = {}
    for year in years:
        f, la = first.get(year, {}), latest.get(year, {})
        f_total, l_total = f.get("total"), la.get("total")
        if f_total is None and l_total is None:
            continue
        f_total = f_total if f_total is not None else l_total
        l_total = l_total if l_total is not None else f_total
        f_share = _export_share(f) or _export_share(la) or DEFAULT_EXPORT_SHARE
        l_share = _export_share(la) or f_share
        source = "published" if "total" in f else "derived"
        out[year] = YearTarget(year, f_total, l_total, f_share, l_share, source)
    return _extrapolate(years, out)


def _export_share(flows: dict[str, float]) -> float | None:
    if "export" in flows and "import" in flows:
        return flows["export"] / (flows["export"] + flows["import"])
    if "export" in flows and "total" in flows:
        return flows["export"] / flows["total"]
    return None


def _extrapolate(years: range, known: dict[int, YearTarget]) -> dict[int, YearTarget]:
    """Years without figures follow the nearest known year at DRIFT a year."""
    if not known:
        known = {2023: YearTarget(2023, 41.76e12, 41.76e12, *(2 * [DEFAULT_EXPORT_SHARE]), "")}
    out = {}
    for year in years:
        if year in known:
            out[year] = known[year]
            continue
        near = min(known, key=lambda y: (abs(y - year), y))
        t = known[near]
        total = t.latest * (1 + DRIFT) ** (year - near)
        share = t.latest_export_share
        out[year] = YearTarget(year, total, total, share, share, "extrapolated")
    return out


@dataclass
class Sums:
    """Raw (unscaled) sums of one year and flow, collected in the first pass."""

    originals: float = 0.0
    revised_originals: float = 0.0  # originals that get a later vintage
    revisions: float = 0.0  # the later vintages' raw values

    def add(self, other: Sums) -> None:
        self.originals += other.originals
        self.revised_originals += other.revised_originals
        self.revisions += other.revisions


def scale_factors(target: YearTarget, flow: str, sums: Sums) -> tuple[float, float]:
    """(a, b): originals are scaled by a, revisions by a*b, so that the first-published
    total is ``target.first`` and the latest-vintage total ``target.latest``."""
    if sums.originals <= 0:
        return 1.0, 1.0
    a = target.value("first", flow) / sums.originals
    if sums.revisions <= 0:
        return a, 1.0
    # latest = a*originals - a*revised_originals + a*b*revisions
    wanted = target.value("latest", flow) - a * (sums.originals - sums.revised_originals)
    b = wanted / (a * sums.revisions)
    if b <= 0:  # a revision this large cannot come from the records chosen; keep the sign
        raise ValueError(f"{target.year} {flow}: revision target unreachable (b={b:.3f})")
    return a, b
