"""Build fx_monthly.csv.gz and fx_annual.csv: monthly / annual average units per USD.

Input: fx-datasets/monthly.csv (FRED H.10 / G.5A monthly averages via datahub.io,
ODC-PDDL) and inputs/fx_currencies.csv (country -> ISO 4217 currency and quote direction).
Every series is normalised to units per USD (inverting any series quoted in USD per unit)
and then checked against the magnitude bands in data/fx_bands.csv; the build stops if a
value falls outside its band, which is what an inverted series does.
"""

from __future__ import annotations

from _common import DATA, raw_dir, read_csv, read_input, write_csv


def main() -> None:
    write_csv("fx_monthly.csv.gz", ["currency", "period", "per_usd"], _series("monthly.csv"))
    # the year's average of daily rates: what an annual row converts at (the mean of
    # the twelve monthly averages differs, e.g. CNY 2020 6.8999 against 6.9042)
    annual = [{**r, "period": r["period"][:4]} for r in _series("annual.csv")]
    write_csv("fx_annual.csv", ["currency", "period", "per_usd"], annual)


def _series(name: str) -> list[dict[str, str]]:
    raw = raw_dir()
    currencies = {r["country"]: r for r in read_input("fx_currencies.csv")}
    bands = {r["currency"]: r for r in read_csv(DATA / "fx_bands.csv")}
    rows, seen = [], set()
    for r in read_csv(raw / "fx-datasets" / name):
        cur = currencies.get(r["Country"])
        if cur is None:
            raise SystemExit(f"country {r['Country']!r} missing from inputs/fx_currencies.csv")
        if cur["keep"] != "yes" or not r["Exchange rate"]:
            continue
        value = float(r["Exchange rate"])
        if cur["quote"] == "usd_per_unit":
            value = 1 / value
        band = bands[cur["currency"]]
        lo, hi = float(band["min_per_usd"]), float(band["max_per_usd"])
        if not lo <= value <= hi:
            raise SystemExit(
                f"{cur['currency']} {r['Date']}: {value} per USD outside [{lo}, {hi}]: "
                "series inverted or band wrong"
            )
        key = (cur["currency"], r["Date"])
        if key in seen:
            raise SystemExit(f"duplicate {key}")
        seen.add(key)
        rows.append({"currency": cur["currency"], "period": r["Date"], "per_usd": repr(value)})
    rows.sort(key=lambda x: (x["currency"], x["period"]))
    return rows


if __name__ == "__main__":
    main()
