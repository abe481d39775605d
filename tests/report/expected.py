"""Expected figures computed independently of the engine: plain pandas over the fixture
CSVs, applying the documented semantics step by step. Group membership is written out
by hand for the few partners and HS codes the fixtures use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"

EU = {"DEU", "FRA"}
BRI = {"KOR", "VNM", "IDN", "RUS", "SAU", "NGA", "ZAF"}
RCEP_PARTNERS = {"JPN", "KOR", "VNM", "IDN", "AUS"}  # all members in every month of 2023
LATAM = {"BRA", "MEX"}
AFRICA = {"NGA", "ZAF"}
ELECTROMECHANICAL = {"85076000", "87038000", "85414200", "89011010", "84181020", "84501100",
                     "85423100", "84713000"}  # fmt: skip
LABOUR_INTENSIVE = {"61091000", "64029900", "94036000", "95030000"}
NEW_THREE = {"85076000", "87038000", "85414200"}
SHIPS = {"89011010"}
APPLIANCES = {"84181020", "84501100"}
CBEC_MODES = {"9610", "9710", "9810", "1210", "1239"}


def read(name: str) -> pd.DataFrame:
    df = pd.read_csv(FIXTURES / f"{name}.csv", dtype=str, keep_default_na=False)
    df["value"] = df["value"].map(Decimal)
    if "is_return" in df:
        df["is_return"] = df["is_return"] == "true"
    return df


def latest(df: pd.DataFrame, key: list[str] | None = None) -> pd.DataFrame:
    """Per record (record_id, else the key columns), the row of the latest vintage."""
    idx = df.groupby(key or ["record_id"])["vintage"].idxmax()
    return df.loc[idx]


def months(df: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    return df[(df["period"] >= first) & (df["period"] <= last)]


def year(df: pd.DataFrame, y: int) -> pd.DataFrame:
    return months(df, f"{y}-01", f"{y}-12")


def total(df: pd.DataFrame) -> Decimal:
    return sum(df["value"], Decimal(0))


def growth(cur: Decimal, base: Decimal) -> float:
    return float((cur - base) * 100 / base)


def in_usd(df: pd.DataFrame, currency: str) -> Decimal:
    """Each row converted at its own month's rate, rounded to cents, then summed."""
    from tradestat import reference

    out = Decimal(0)
    for period, value in zip(df["period"], df["value"], strict=True):
        rate = reference.fx_rate(currency, date.fromisoformat(period + "-01"))
        out += Decimal(str(round(float(value) / rate, 2)))
    return out


def city(region: str) -> str | None:
    return region[:4] + "00" if region[2:] != "0000" else None


def customs() -> pd.DataFrame:
    df = latest(read("declarations"))
    df["city"] = df["region"].map(city)
    return df


def platform() -> pd.DataFrame:
    return read("platform")
