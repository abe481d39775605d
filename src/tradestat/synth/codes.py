"""Real code lists for the generator, taken from ``tradestat.reference``.

The generator only emits codes the ingest validation accepts: China's 8-digit commodity
codes, ISO partner codes, GB/T 2260 cities and customs supervision modes.
"""

from __future__ import annotations

from tradestat import reference

# China's 8-digit code list of the last year of each HS edition it used
CHINA_CODE_YEAR = {"HS2017": 2021, "HS2022": 2023}
# ISO codes without trade (uninhabited or retired), left out of the partner tail
NO_TRADE = {"ATA", "ATF", "BVT", "HMD", "SGS", "UMI", "IOT", "ANT", "ALA", "CHN"}
MUNICIPALITIES = ("11", "12", "31", "50")
# provinces with a pilot free trade zone (22 by 2023); zone ids are FTZ + province digits
FTZ_PROVINCES = (
    "31", "44", "12", "35", "21", "33", "41", "42", "50", "51", "61",
    "46", "37", "32", "45", "13", "53", "23", "11", "43", "34", "65",
)  # fmt: skip


def hs_edition(year: int) -> str:
    return "HS2017" if year < 2022 else "HS2022"


def commodity_codes(edition: str) -> list[tuple[str, str]]:
    """(8-digit code, first statistical unit) of China's code list in ``edition``."""
    table = reference.china_codes(CHINA_CODE_YEAR[edition])
    return list(
        zip(table.column("code8").to_pylist(), table.column("unit1_en").to_pylist(), strict=True)
    )


def partner_tail(listed: set[str]) -> list[str]:
    return sorted(set(reference.partner_codes()) - listed - NO_TRADE)


def stat_trade_mode(mode: str) -> str | None:
    """GAC statistical trade mode of a supervision mode (its last two digits by convention)."""
    lookup = getattr(reference, "stat_code_of", None)
    if lookup is not None:
        return lookup(mode)
    return None if mode in ("4561",) else mode[2:]


def region_cities() -> dict[str, list[str]]:
    """Prefecture-level city codes (6 digits) per province code, when the reference has them."""
    lister = getattr(reference, "region_codes", None)
    if lister is None:
        try:
            from tradestat.reference.regions import region_codes as lister
        except ImportError:
            return {}
    out: dict[str, list[str]] = {}
    for code in sorted(lister()):
        # a city: not a province (XX0000), at city level (XXYY00), not a pseudo-city;
        # a municipality is one city, XX0100 (its other city-level codes roll up to it)
        if code.endswith("0000") or not code.endswith("00") or code[2:4] == "90":
            continue
        if code[:2] in MUNICIPALITIES and code[2:4] != "01":
            continue
        out.setdefault(code[:2] + "0000", []).append(code)
    return out
