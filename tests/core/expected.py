"""Independent computations of expected figures with plain pandas over the fixture CSVs.

These deliberately share no code with the engine: they read the raw fixture text and
apply the documented semantics step by step.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "core"


def customs_frame(include_revision: bool = False) -> pd.DataFrame:
    df = pd.read_csv(FIXTURES / "customs.csv", dtype=str, keep_default_na=False)
    if include_revision:
        rev = pd.read_csv(FIXTURES / "customs-revision.csv", dtype=str, keep_default_na=False)
        df = pd.concat([df, rev], ignore_index=True)
    df["value"] = df["value"].map(Decimal)
    df["is_return"] = df["is_return"] == "true"
    df["quantity"] = df["quantity"].astype(float)
    return df


def latest(df: pd.DataFrame) -> pd.DataFrame:
    """Keep, per record_id, the row with the latest vintage."""
    idx = df.groupby("record_id")["vintage"].idxmax()
    return df.loc[idx]


def first(df: pd.DataFrame) -> pd.DataFrame:
    idx = df.groupby("record_id")["vintage"].idxmin()
    return df.loc[idx]


def in_year(df: pd.DataFrame, year: int) -> pd.DataFrame:
    return df[df["period"].str.startswith(str(year))]


def total(df: pd.DataFrame) -> Decimal:
    return sum(df["value"], Decimal(0))


def cny(df: pd.DataFrame, rates: dict[tuple[str, str], float]) -> Decimal:
    """Sum in CNY: USD rows converted at their month's CNY-per-USD rate, rounded to fen."""
    out = Decimal(0)
    for _, r in df.iterrows():
        if r["currency"] == "CNY":
            out += r["value"]
        else:
            rate = rates[(r["currency"], r["period"])]
            out += Decimal(str(round(float(r["value"]) * rate, 2)))
    return out


def cny_partner_totals(year: str = "2023") -> dict[str, Decimal]:
    """A year's value by partner (latest vintages), for the partners whose records that
    year are all in CNY (a USD record is converted at its month's rate on ingest)."""
    df = latest(customs_frame())
    df = df[df.period.str.startswith(year) & (df.partner != "")]
    cny = df.groupby("partner")["currency"].agg(lambda c: set(c) == {"CNY"})
    sums = df.groupby("partner")["value"].sum()
    return {p: v for p, v in sums.items() if cny[p]}
