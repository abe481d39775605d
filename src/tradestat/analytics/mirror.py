"""Mirror statistics: a reporter's trade as it recorded it, next to the same trade as
its partners recorded it, by partner (and year, product).

A reporter's exports to P (``reported``, from the reporter's dataset: ``flow`` export,
``where reporter``) meet P's imports from the reporter (``mirror``, from a dataset of
partner-reported figures: flow import, ``by reporter``, ``where partner`` = the
reporter); ``flow="import"`` compares the other way round. Both are ordinary engine
queries, so basis, coverage, currency and disclosure control apply to each side.

- ``gap`` = mirror − reported, ``ratio`` = mirror / reported.
- Exports are valued FOB, imports CIF (freight and insurance to the border): with a
  ``cif_fob_margin`` m (0.1 for 10 %), ``mirror_adjusted`` puts the mirror on the
  reported side's valuation, mirror / (1 + m) for exports (partners' CIF imports to
  FOB), mirror × (1 + m) for imports (partners' FOB exports to CIF), with
  ``gap_adjusted`` and ``ratio_adjusted``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from tradestat.engine.result import Result
from tradestat.errors import QueryError

OPPOSITE = {"export": "import", "import": "export"}
EXTRA_BY = ("year", "hs2", "hs4", "hs6", "hs_code")
PASSED = ("basis", "currency", "fx_basis", "coverage")
CENT = Decimal("0.01")


class MirrorResult(Result):
    def caption(self, lang: str = "en", scale: Any = None) -> str:
        m = self.provenance.get("mirror", {})
        what = "exports to" if m.get("flow") == "export" else "imports from"
        return (
            f"{m.get('reporter')}'s {what} partners as reported ({m.get('reported')}) and "
            f"as mirrored by partners ({m.get('partner_reported')}), {m.get('period')}, "
            f"{self.unit}"
        )


def queries(
    reported: str, partner_reported: str, period: str, reporter: str, flow: str,
    by: list[str], partners: list[str] | None, options: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """The two engine queries: the reporter's own figures and its partners' mirror."""
    if flow not in OPPOSITE:
        raise QueryError("flow", "must be export or import")
    bad = [d for d in by if d not in EXTRA_BY]
    if bad:
        raise QueryError("by", f"{bad[0]!r}: mirror statistics break down by partner and "
                         f"{', '.join(EXTRA_BY)}")  # fmt: skip
    unknown = sorted(k for k in options if k not in PASSED)
    if unknown:
        raise QueryError(
            unknown[0] or "body", f"not an option of mirror (options: {', '.join(PASSED)})"
        )
    rep = reporter.strip().upper()
    own = {"dataset": reported, "period": period, "flow": flow, "by": [*by, "partner"],
           "where": {"reporter": [rep], **({"partner": partners} if partners else {})},
           **options}  # fmt: skip
    other = {"dataset": partner_reported, "period": period, "flow": OPPOSITE[flow],
             "by": [*by, "reporter"],
             "where": {"partner": [rep], **({"reporter": partners} if partners else {})},
             **options}  # fmt: skip
    return own, other


def mirror(
    run: Callable[..., Result],
    reported: str,
    partner_reported: str,
    period: str,
    reporter: str = "CHN",
    flow: str = "export",
    *,
    by: list[str] | tuple[str, ...] = (),
    partners: list[str] | None = None,
    cif_fob_margin: float | None = None,
    both: bool = False,
    confidential: bool = True,
    **options: Any,
) -> MirrorResult:
    """Mirror statistics of ``reporter``; ``run(query, confidential=...)`` answers each
    side (a Warehouse's, SparkWarehouse's or server's ``query``). ``both`` keeps only
    the partners (cells) present on both sides."""
    import pyarrow as pa

    by = list(by)
    if cif_fob_margin is not None and (
        isinstance(cif_fob_margin, bool) or not 0 <= float(cif_fob_margin) < 1
    ):
        raise QueryError("cif_fob_margin", "must be a fraction in [0, 1), e.g. 0.1 for 10 %")
    own_q, other_q = queries(reported, partner_reported, period, reporter, flow, by, partners,
                             options)  # fmt: skip
    own, other = run(own_q, confidential=confidential), run(other_q, confidential=confidential)
    if own.unit != other.unit:
        raise QueryError("currency", f"the two sides are in {own.unit} and {other.unit}: "
                         "ask for one currency (currency: USD)")  # fmt: skip
    mine = {tuple(r[d] for d in [*by, "partner"]): r for r in own.rows()}
    theirs = {tuple(r[d] for d in [*by, "reporter"]): r for r in other.rows()}
    margin = None if cif_fob_margin is None else Decimal(str(cif_fob_margin))
    keys = set(mine) & set(theirs) if both else set(mine) | set(theirs)
    rows = [_row(by, key, mine.get(key), theirs.get(key), margin, flow)
            for key in sorted(keys, key=_sort_key)]  # fmt: skip
    money = own.table.schema.field("value").type
    fields = [(d, pa.string()) for d in [*by, "partner"]]
    fields += [("reported", money), ("mirror", money), ("gap", money), ("ratio", pa.float64())]
    if margin is not None:
        fields += [("mirror_adjusted", money), ("gap_adjusted", money),
                   ("ratio_adjusted", pa.float64())]  # fmt: skip
    table = pa.Table.from_pylist(rows, pa.schema(fields))
    hidden = sum(1 for r in [*own.rows(), *other.rows()] if r.get("suppressed"))
    warnings = [*own.provenance.get("warnings", []), *other.provenance.get("warnings", [])]
    if hidden:
        warnings.append(f"{hidden} cell(s) hidden by disclosure control: no gap for them")
    keep = ("basis", "money", "coverage", "engine", "disclosure", "perturbed",
            "disclosure_control")  # fmt: skip
    prov = {
        "query": own_q,
        "unit": own.unit,
        "warnings": warnings,
        "reported_query": {**{k: own.provenance[k] for k in keep if k in own.provenance},
                           "query": own_q},
        "mirror_query": {**{k: other.provenance[k] for k in keep if k in other.provenance},
                         "query": other_q},
        "mirror": {"reporter": reporter.strip().upper(), "flow": flow, "period": period,
                   "reported": reported, "partner_reported": partner_reported,
                   "cif_fob_margin": cif_fob_margin,
                   "adjusted": None if margin is None else (
                       "mirror / (1 + margin): partners' CIF imports to FOB" if flow == "export"
                       else "mirror * (1 + margin): partners' FOB exports to CIF")},
    }  # fmt: skip
    return MirrorResult(table, prov)


def _row(by, key, mine, theirs, margin, flow) -> dict[str, Any]:
    reported = mine["value"] if mine else None
    mirrored = theirs["value"] if theirs else None
    row = dict(zip([*by, "partner"], key, strict=True))
    row.update(reported=reported, mirror=mirrored, gap=_gap(mirrored, reported),
               ratio=_ratio(mirrored, reported))  # fmt: skip
    if margin is not None:
        adjusted = None
        if mirrored is not None:
            raw = mirrored / (1 + margin) if flow == "export" else mirrored * (1 + margin)
            adjusted = raw.quantize(CENT, ROUND_HALF_EVEN)
        row.update(mirror_adjusted=adjusted, gap_adjusted=_gap(adjusted, reported),
                   ratio_adjusted=_ratio(adjusted, reported))  # fmt: skip
    return row


def _gap(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _ratio(a: Decimal | None, b: Decimal | None) -> float | None:
    return None if a is None or b is None or b == 0 else float(a / b)


def _sort_key(key: tuple) -> tuple:
    return tuple("" if k is None else str(k) for k in key)
