"""The same questions in Polars (lazy scans of the warehouse's Parquet export)."""

from __future__ import annotations

from datetime import date

import polars as pl
from questions import AS_OF, BASE, CBEC_MODES, CUR

PATH = ""  # set by the worker
LOOKUPS: dict[str, str] = {}
V = pl.col("value_cny")
IS_CUR = pl.col("year") == CUR


def scan() -> pl.LazyFrame:
    return pl.scan_parquet(PATH)


def two_years(flow: str | None = None) -> pl.LazyFrame:
    keep = pl.col("is_latest") & pl.col("year").is_in([BASE, CUR])
    if flow:
        keep &= pl.col("flow") == flow
    return scan().filter(keep)


def pct(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    den = den.cast(pl.Float64)
    return num.cast(pl.Float64) * 100 / pl.when(den == 0).then(None).otherwise(den)


def sides(lf: pl.LazyFrame, key: str) -> pl.LazyFrame:
    return lf.group_by(key).agg(
        value=V.filter(IS_CUR).sum(), base_value=V.filter(~IS_CUR).sum()
    )  # sum of nothing is 0: an empty side counts as zero


GROWTH = pct(pl.col("value").cast(pl.Float64) - pl.col("base_value").cast(pl.Float64),
             pl.col("base_value"))  # fmt: skip


def totals() -> pl.DataFrame:
    return sides(two_years(), "flow").with_columns(growth_pct=GROWTH).sort("flow").collect()


def top_cities() -> pl.DataFrame:
    lf = sides(two_years("X"), "city").with_columns(growth_pct=GROWTH)
    return lf.sort(["value", "city"], descending=[True, False]).head(10).collect()


def _groups(lf: pl.LazyFrame, joined: pl.LazyFrame, key: str) -> pl.DataFrame:
    whole = lf.select(total=V.filter(IS_CUR).sum())
    t = sides(joined, "grp").rename({"grp": key}).with_columns(growth_pct=GROWTH)
    t = t.join(whole, how="cross").with_columns(share_pct=pct(pl.col("value"), pl.col("total")))
    return t.drop("total").sort(key).collect()


def product_groups() -> pl.DataFrame:
    lf = two_years("X").with_columns(edition=pl.col("hs_edition").fill_null(""))
    groups = pl.scan_parquet(LOOKUPS["pg"])
    joined = lf.join(groups, left_on=["hs_code", "edition"], right_on=["code", "edition"])
    return _groups(lf, joined, "product_group")


def partners_doubled() -> pl.DataFrame:
    lf = sides(two_years("X"), "partner").with_columns(growth_pct=GROWTH)
    return lf.filter(pl.col("growth_pct") >= 100).sort("partner").collect()


def monthly_cube() -> pl.DataFrame:
    lf = scan().filter(pl.col("is_latest")).group_by("period", "partner", "hs2")
    lf = lf.agg(value=V.sum()).with_columns(month=pl.col("period").dt.strftime("%Y-%m"))
    return lf.select("month", "partner", "hs2", "value").sort("month", "partner", "hs2").collect()


def as_of_growth() -> pl.DataFrame:
    lf = scan().filter(pl.col("vintage") <= date.fromisoformat(AS_OF))
    lf = lf.filter(pl.col("vintage") == pl.col("vintage").max().over("record_id"))
    lf = lf.filter(pl.col("year").is_in([BASE, CUR]))
    t = lf.select(value=V.filter(IS_CUR).sum(), base_value=V.filter(~IS_CUR).sum())
    return t.with_columns(growth_pct=GROWTH).collect()


def enterprises() -> pl.DataFrame:
    e = pl.col("enterprise_id")
    lf = (
        two_years()
        .group_by("enterprise_type")
        .agg(value=e.filter(IS_CUR).n_unique(), base_value=e.filter(~IS_CUR).n_unique())
    )
    return lf.with_columns(growth_pct=GROWTH).sort("enterprise_type").collect()


def cbec_modes() -> pl.DataFrame:
    lf = two_years().filter(pl.col("trade_mode").is_in(CBEC_MODES))
    return sides(lf, "trade_mode").with_columns(growth_pct=GROWTH).sort("trade_mode").collect()


def _shares(key: str, growth: bool) -> pl.DataFrame:
    t = sides(two_years(), key)
    if growth:
        t = t.with_columns(growth_pct=GROWTH)
    share = pct(pl.col("value"), pl.col("value").sum())
    t = t.with_columns(
        share_pct=share, share_pp=share - pct(pl.col("base_value"), pl.col("base_value").sum())
    )
    return t.sort(key).collect()


def province_shares() -> pl.DataFrame:
    return _shares("province", growth=False)


def enterprise_type_shares() -> pl.DataFrame:
    return _shares("enterprise_type", growth=True)


def partner_groups() -> pl.DataFrame:
    lf = two_years()
    members = pl.scan_parquet(LOOKUPS["pgm"])
    joined = lf.join(members, left_on=["partner", "period"], right_on=["member", "month"])
    return _groups(lf, joined, "partner_group")


RUN = {
    name: globals()[name]
    for name in (
        "totals", "top_cities", "product_groups", "partners_doubled", "monthly_cube",
        "as_of_growth", "enterprises", "cbec_modes", "province_shares",
        "enterprise_type_shares", "partner_groups",
    )
}  # fmt: skip
