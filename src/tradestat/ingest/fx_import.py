"""Exchange-rate files into the warehouse table ``fx_rates_user`` (``tradestat fx import``).

Formats: ``fred`` — the FRED / datahub layout ``Date,Country,Exchange rate`` (monthly or
daily) or FRED's own download ``observation_date,EXCHUS,...`` (series ids say which way
a rate is quoted); ``imf`` — the IMF representative-rates file ``Date;CNY;JPY;...``
(semicolon separated, daily, units per USD). Several values in one month are averaged.

Direction check: every series is compared with the packaged monthly rates where they
overlap, else with rough anchors (``formats/data/fx_anchors.csv``). A series is stored as
units per USD only when that check agrees with how it is declared (FRED series id, or
``invert=`` for series quoted USD per unit); otherwise it is refused with the reason.
The datahub README claims AUD, EUR, IEP, NZD and GBP are quoted USD per unit; the values
are in fact per USD, and the check says so. Rates apply to ingests from now on.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest.fx.check import direction
from tradestat.ingest.fx.readers import Series, detect, read_fred, read_imf


@dataclass
class SeriesResult:
    label: str
    currency: str
    months: int
    first: str
    last: str
    status: str  # imported | refused
    quoted: str  # per USD | USD per unit (inverted) | -
    checked: str
    reason: str = ""


@dataclass
class FxImportReport:
    file: str
    format: str
    source: str
    series: list[SeriesResult] = field(default_factory=list)
    rows_written: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def imported(self) -> list[SeriesResult]:
        return [s for s in self.series if s.status == "imported"]

    @property
    def refused(self) -> list[SeriesResult]:
        return [s for s in self.series if s.status == "refused"]


def import_fx(
    target: Any,
    path: str | Path,
    fmt: str = "auto",
    *,
    check: bool = True,
    invert: tuple[str, ...] | list[str] = (),
    source: str | None = None,
) -> FxImportReport:
    """Read ``path`` and store its monthly rates in ``fx_rates_user`` of ``target``
    (a Warehouse or a DuckDB connection), in one transaction."""
    path = Path(path)
    if getattr(target, "read_only", False):
        raise IngestError("warehouse is open read-only")
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    fmt = detect(path) if fmt == "auto" else fmt
    readers = {"fred": read_fred, "imf": read_imf}
    if fmt not in readers:
        raise IngestError(f"unknown rate-file format {fmt!r} (use fred or imf)")
    report = FxImportReport(str(path), fmt, source or f"{fmt}:{path.name}")
    series = readers[fmt](path, report)
    inverted = {c.upper() for c in invert}
    rows: list[tuple[str, date, float, str]] = []
    for s in series:
        if s.currency in inverted:
            s.declared = "usd_per"
        result, monthly = _judge(s, check)
        report.series.append(result)
        rows += [(s.currency, m, v, report.source) for m, v in monthly.items()]
    _write(getattr(target, "con", target), rows)
    report.rows_written = len(rows)
    if rows:
        report.notes.append(
            "rates apply to ingests from now on; stored values keep the rates "
            "they were converted at (re-ingest to convert again)"
        )
    return report


def _judge(s: Series, check: bool) -> tuple[SeriesResult, dict[date, float]]:
    monthly = {m: statistics.fmean(v) for m, v in sorted(s.values.items())}
    months = sorted(monthly)
    span = (f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}") if months else ("-", "-")
    base = dict(
        label=s.label, currency=s.currency or "?", months=len(monthly), first=span[0], last=span[1]
    )
    if s.skip or not monthly:
        why = s.skip or "no values"
        return SeriesResult(**base, status="refused", quoted="-", checked="-", reason=why), {}
    found, basis = direction(s.currency, monthly) if check else (None, "not checked")
    declared = "inverted" if s.declared == "usd_per" else "direct"
    refusal = ""
    if check and found is None:
        refusal = f"{basis}: cannot check its direction (use --no-check to import as declared)"
    elif check and found == "inconsistent":
        refusal = f"magnitude matches neither way round ({basis})"
    elif check and found != declared:
        way = {"inverted": "USD per unit", "direct": "per USD"}
        refusal = (
            f"values look quoted {way[found]} ({basis}) but the series is declared {way[declared]}"
        )
        if found == "inverted":
            refusal += f": pass --invert {s.currency} if it is quoted USD per unit"
    if refusal:
        return SeriesResult(**base, status="refused", quoted="-", checked=basis, reason=refusal), {}
    if declared == "inverted":
        monthly = {m: 1 / v for m, v in monthly.items()}
    quoted = "USD per unit (inverted)" if declared == "inverted" else "per USD"
    return SeriesResult(**base, status="imported", quoted=quoted, checked=basis), monthly


def _write(con: Any, rows: list[tuple[str, date, float, str]]) -> None:
    if not rows:
        return
    import pyarrow as pa

    table = pa.table(
        {
            "currency": pa.array([r[0] for r in rows], pa.string()),
            "period": pa.array([r[1] for r in rows], pa.date32()),
            "per_usd": pa.array([r[2] for r in rows], pa.float64()),
            "source": pa.array([r[3] for r in rows], pa.string()),
        }
    )
    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        cur.register("_fx_import", table)
        cur.execute(
            "INSERT OR REPLACE INTO fx_rates_user SELECT currency, period, per_usd, "
            "source FROM _fx_import"
        )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()
