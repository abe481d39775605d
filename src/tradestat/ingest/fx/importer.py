"""Exchange-rate files into the warehouse table ``fx_rates_user`` (``tradestat fx import``).

Formats: ``fred`` — the FRED / datahub layout ``Date,Country,Exchange rate`` (monthly or
daily) or FRED's own download ``observation_date,EXCHUS,...`` (series ids say which way
a rate is quoted); ``imf`` — the IMF representative-rates file ``Date;CNY;JPY;...``
(semicolon separated, daily, units per USD); ``table`` — ``period,currency,per_usd`` or
``period,cny_per_usd`` (e.g. GAC's monthly statistical rates). Several values in one
month are averaged.

Bases: rates go to the ``market`` basis (``fx_rates_user``, over the bundled rates) or to
a named basis such as ``customs`` (``fx_rates_basis``): a dataset created with that basis
converts at those rates only, and a query can ask for it (``"fx_basis": "customs"``).

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
from tradestat.ingest.fx.readers import Series, detect, read_fred, read_imf, read_table
from tradestat.model.dataset import check_fx_basis


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
    basis: str = "market",
) -> FxImportReport:
    """Read ``path`` and store its monthly rates as ``basis`` in ``target`` (a Warehouse
    or a DuckDB connection), in one transaction."""
    from tradestat.errors import DatasetError

    try:
        check_fx_basis(basis)
    except DatasetError as exc:
        raise IngestError(str(exc)) from None
    path = Path(path)
    if getattr(target, "read_only", False):
        raise IngestError("warehouse is open read-only")
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    fmt = detect(path) if fmt == "auto" else fmt
    readers = {"fred": read_fred, "imf": read_imf, "table": read_table}
    if fmt not in readers:
        raise IngestError(f"unknown rate-file format {fmt!r} (use fred, imf or table)")
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
    _write(getattr(target, "con", target), rows, basis)
    report.rows_written = len(rows)
    if rows and basis == "market":
        report.notes.append(
            "rates apply to ingests from now on; stored values keep the rates "
            "they were converted at (re-ingest to convert again)"
        )
    elif rows:
        report.notes.append(
            f"stored as basis {basis!r}: datasets created with --fx-basis {basis} convert at "
            f'these rates; any query can ask "fx_basis": "{basis}"'
        )
    if hasattr(target, "_invalidate"):
        target._invalidate()  # engines cache the rates they convert at
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


def _write(con: Any, rows: list[tuple[str, date, float, str]], basis: str = "market") -> None:
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
        if basis == "market":
            cur.execute(
                "INSERT OR REPLACE INTO fx_rates_user SELECT currency, period, per_usd, "
                "source FROM _fx_import"
            )
        else:
            cur.execute(
                "INSERT OR REPLACE INTO fx_rates_basis SELECT ?, currency, period, per_usd, "
                "source FROM _fx_import",
                [basis],
            )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()
