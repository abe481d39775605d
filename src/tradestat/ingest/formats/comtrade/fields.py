"""Per-row helpers of the comtrade adapter: partner resolution, quantities, HS levels."""

from __future__ import annotations

from tradestat.ingest.formats.comtrade.rules import Settings
from tradestat.ingest.readers.staged import Staged


def is_true(text: str | None) -> bool:
    return (text or "").strip().lower() in ("true", "1", "yes")


def who(get: dict, side: str, i: int) -> str:
    parts = [get[f"{side}_{k}"][i] for k in ("code", "iso", "desc")]
    return " / ".join(p for p in parts if p) or "(blank)"


def resolver(get: dict, side: str) -> list[str | None]:
    """Canonical code per row: ISO alpha-3 column, else Comtrade numeric code, else name."""
    from tradestat import reference

    known = reference.partner_codes()
    triples = list(zip(get[f"{side}_iso"], get[f"{side}_code"], get[f"{side}_desc"], strict=True))
    cache: dict[tuple, str | None] = {}
    for t in set(triples):
        iso, code, desc = t
        hit = iso.upper() if iso and iso.upper() in known else None
        if hit is None and code and code.strip().isdigit():
            hit = reference.resolve_partners([code.strip()], "un")[code.strip()]
        if hit is None and desc:
            hit = reference.resolve_partners([desc], "name")[desc]
        cache[t] = hit
    return [cache[t] for t in triples]


def quantity(get: dict, i: int, s: Settings) -> tuple[str | None, str | None]:
    """qty in qtyUnitAbbr; net weight in kg when asked, or when qty is missing/unknown."""
    qty, unit = get["qty"][i], get["qty_unit"][i]
    if s.quantity == "qty" and qty and _positive(qty) and unit and unit.upper() != "N/A":
        return qty, unit
    weight = get["net_wgt"][i]
    return (weight, "kg") if weight and _positive(weight) else (None, None)


def _positive(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return True  # let validation name the bad number


def finest_codes(out: Staged, codes: list[str | None]) -> None:
    """Reject commodity rows coarser than the finest level kept (an HS2 row is the sum
    of its HS6 rows); the finest level is taken over the whole file."""
    lengths = [len(c) for i, c in enumerate(codes) if c and c.isdigit() and not out.is_rejected(i)]
    if not lengths:
        return
    finest = max(lengths)
    for i, c in enumerate(codes):
        if c and c.isdigit() and len(c) < finest:
            out.reject(
                i,
                "cmdCode",
                f"commodity aggregate of the file's {finest}-digit codes, "
                f"kept out so it is not counted twice: {c}",
            )
