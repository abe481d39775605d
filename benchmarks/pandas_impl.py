"""The pandas code an analyst would write over the warehouse's Parquet export.

Plain pandas: read the columns a question needs (``dtype_backend="pyarrow"``, so money
stays exact DECIMAL and strings stay Arrow strings), filter, group, pivot. The default
NumPy backend would turn every DECIMAL into a Python ``Decimal`` object: several times
slower and larger, see RESULTS.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from questions import AS_OF, BASE, CBEC_MODES, CUR

PATH = ""  # the export's facts Parquet, set by the worker
LOOKUPS: dict[str, str] = {}


def load(cols: list[str]) -> pd.DataFrame:
    return pd.read_parquet(PATH, columns=cols, dtype_backend="pyarrow")


def f64(s: pd.Series) -> pd.Series:
    return s.astype("float64")


def pct(num: pd.Series, den: pd.Series) -> pd.Series:
    return f64(num) * 100 / f64(den).replace(0, np.nan)


def two_years(cols: list[str], flow: str | None = None) -> pd.DataFrame:
    df = load([*cols, "year", "is_latest", "value_cny"] + (["flow"] if flow else []))
    keep = df["is_latest"] & df["year"].isin([BASE, CUR])
    if flow:
        keep &= df["flow"] == flow
    return df[keep]


def by_year(df: pd.DataFrame, key: str, measure: str = "sum") -> pd.DataFrame:
    """value (current year) and base_value per key, an empty side counting as zero."""
    col = "value_cny" if measure == "sum" else "enterprise_id"
    g = df.groupby([key, "year"], dropna=False)[col]
    wide = (g.sum() if measure == "sum" else g.nunique()).unstack("year")
    wide = wide.reindex(columns=[CUR, BASE])
    if measure == "sum":
        wide = wide.fillna(0)
    out = wide.rename(columns={CUR: "value", BASE: "base_value"}).reset_index()
    return out.rename(columns={key: key})


def with_growth(t: pd.DataFrame) -> pd.DataFrame:
    t["growth_pct"] = pct(f64(t["value"]) - f64(t["base_value"]), t["base_value"])
    return t


def totals() -> pd.DataFrame:
    return with_growth(by_year(two_years(["flow"]), "flow")).sort_values("flow")


def top_cities() -> pd.DataFrame:
    t = with_growth(by_year(two_years(["city"], "X"), "city"))
    return t.sort_values(["value", "city"], ascending=[False, True]).head(10)


def _group_totals(df: pd.DataFrame, joined: pd.DataFrame, key: str) -> pd.DataFrame:
    t = with_growth(by_year(joined, "grp").rename(columns={"grp": key}))
    whole = df.groupby("year")["value_cny"].sum()
    t["share_pct"] = pct(t["value"], pd.Series(whole.get(CUR, 0), index=t.index))
    return t.sort_values(key)


def product_groups() -> pd.DataFrame:
    df = two_years(["hs_code", "hs_edition"], "X")
    df = df.assign(edition=df["hs_edition"].fillna(""))
    groups = pd.read_parquet(LOOKUPS["pg"], dtype_backend="pyarrow")
    joined = df.merge(groups, left_on=["hs_code", "edition"], right_on=["code", "edition"])
    return _group_totals(df, joined, "product_group")


def partners_doubled() -> pd.DataFrame:
    t = with_growth(by_year(two_years(["partner"], "X"), "partner"))
    return t[t["growth_pct"] >= 100].sort_values("partner")


def monthly_cube() -> pd.DataFrame:
    df = load(["period", "partner", "hs2", "value_cny", "is_latest"])
    df = df[df["is_latest"]]
    t = df.groupby(["period", "partner", "hs2"])["value_cny"].sum().reset_index()
    t["month"] = pd.to_datetime(t["period"].astype("datetime64[ms]")).dt.strftime("%Y-%m")
    t = t.rename(columns={"value_cny": "value"})[["month", "partner", "hs2", "value"]]
    return t.sort_values(["month", "partner", "hs2"])


def as_of_growth() -> pd.DataFrame:
    df = load(["record_id", "vintage", "year", "value_cny"])
    df = df[df["vintage"] <= pd.Timestamp(AS_OF).date()]
    newest = df.groupby("record_id")["vintage"].transform("max")
    df = df[(df["vintage"] == newest) & df["year"].isin([BASE, CUR])]
    sums = df.groupby("year")["value_cny"].sum()
    t = pd.DataFrame({"value": [sums.get(CUR, 0)], "base_value": [sums.get(BASE, 0)]})
    return with_growth(t)


def enterprises() -> pd.DataFrame:
    df = two_years(["enterprise_type", "enterprise_id"])
    t = by_year(df, "enterprise_type", "nunique")
    return with_growth(t).sort_values("enterprise_type")


def cbec_modes() -> pd.DataFrame:
    df = two_years(["trade_mode"])
    df = df[df["trade_mode"].isin(CBEC_MODES)]
    return with_growth(by_year(df, "trade_mode")).sort_values("trade_mode")


def _shares(key: str, growth: bool) -> pd.DataFrame:
    t = by_year(two_years([key]), key)
    if growth:
        t = with_growth(t)
    t["share_pct"] = pct(t["value"], pd.Series(t["value"].sum(), index=t.index))
    base_share = pct(t["base_value"], pd.Series(t["base_value"].sum(), index=t.index))
    t["share_pp"] = t["share_pct"] - base_share
    return t.sort_values(key)


def province_shares() -> pd.DataFrame:
    return _shares("province", growth=False)


def enterprise_type_shares() -> pd.DataFrame:
    return _shares("enterprise_type", growth=True)


def partner_groups() -> pd.DataFrame:
    df = two_years(["partner", "period"])
    members = pd.read_parquet(LOOKUPS["pgm"], dtype_backend="pyarrow")
    joined = df.merge(members, left_on=["partner", "period"], right_on=["member", "month"])
    return _group_totals(df, joined, "partner_group")


RUN = {
    name: globals()[name]
    for name in (
        "totals", "top_cities", "product_groups", "partners_doubled", "monthly_cube",
        "as_of_growth", "enterprises", "cbec_modes", "province_shares",
        "enterprise_type_shares", "partner_groups",
    )
}  # fmt: skip
