"""One ingest batch: stage, validate, convert, de-duplicate, commit — or change nothing.

Staging fills temporary tables only; everything from there to the batch-log row (the
catalog, facts, rejects, vintage flags) runs in one DuckDB transaction, so a failure or
a killed process leaves the warehouse as it was. Every staged row ends up either in
the facts or in ``rejects`` with its file, row, field and reason.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError
from tradestat.ingest import commit, validate
from tradestat.ingest.formats.base import get_adapter
from tradestat.ingest.options import IngestOptions, SourceReport
from tradestat.ingest.refs import load_reference_tables
from tradestat.ingest.report import IngestReport
from tradestat.ingest.sources import content_hash
from tradestat.ingest.stage import create_stage, drop_stage, stage_files
from tradestat.model.dataset import Dataset, order_grain
from tradestat.query.periods import add_months
from tradestat.store import catalog

# progress(file name, rows staged from it); after staging, progress(phase, 0) for the
# phases that follow ("validating", "writing")
Progress = Callable[[str, int], None]


def run_ingest(
    con: Any,
    dataset: str,
    source: Path,
    fmt: str = "canonical",
    options: IngestOptions | None = None,
    *,
    home_currency: str | None = None,
    description: str = "",
    progress: Progress | None = None,
) -> IngestReport:
    options = options or IngestOptions()
    adapter = get_adapter(fmt, options)
    files = adapter.list_files(Path(source))
    report = IngestReport(dataset=dataset, source=str(source), format=fmt)
    digest = content_hash(fmt, files, options)
    earlier = con.execute(
        "SELECT batch_id FROM batches WHERE dataset = ? AND content_hash = ? AND status = 'ok'",
        [dataset, digest],
    ).fetchall()
    earlier = earlier[0] if earlier else None
    if earlier:
        report.status, report.batch_id = "skipped", earlier[0]
        report.notes.append(f"same content already ingested as batch {earlier[0]}; nothing added")
        return report

    started = time.time()
    batch_id = con.execute("SELECT nextval('batch_seq')").fetchall()[0][0]
    report.batch_id = batch_id
    in_transaction = False
    try:
        source_report = SourceReport()
        # Staging writes temporary tables only, so it runs before the batch transaction:
        # a reader error there (e.g. the fast CSV path giving up) must not abort it.
        create_stage(con)
        present, seen = stage_files(con, adapter, files, source_report, progress)
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        ds = _dataset_for(con, dataset, present, seen, adapter, options, home_currency, description)
        load_reference_tables(con, ds)
        if progress:  # a phase, not a file: no rows added (n = 0)
            progress("validating", 0)
        typed = _validate(con, ds, options, present, source_report.rows_staged)
        if progress:
            progress("writing", 0)
        commit.write_batch(con, ds, batch_id, report, present, typed)
        _fill_report(report, source_report)
        report.seconds = round(time.time() - started, 3)
        con.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, to_timestamp(?), "
            "current_timestamp, 'ok', NULL, ?)",
            [
                batch_id, dataset, str(source), fmt, digest, report.rows_read,
                report.rows_accepted, report.rows_rejected, report.rows_revised, started,
                catalog.dumps(bounded(report.to_dict())),
            ],
        )  # fmt: skip
        con.execute("COMMIT")
    except BaseException as exc:
        if in_transaction:
            con.execute("ROLLBACK")
        _log_failure(con, batch_id, dataset, source, fmt, digest, started, exc)
        if isinstance(exc, IngestError | KeyboardInterrupt):
            raise
        raise IngestError(f"ingest of {source} failed: {exc}") from exc
    finally:
        drop_stage(con)
    return report


def _dataset_for(
    con: Any,
    name: str,
    present: set[str],
    seen: set[str],
    adapter: Any,
    options: IngestOptions,
    home_currency: str | None,
    description: str,
) -> Dataset:
    implied = set(adapter.implied_fields)
    implied |= {f for f in ("flow", "period") if getattr(options, f)}
    carried = present | implied
    existing = {d.name: d for d in catalog.list_datasets(con)}
    if name not in existing:
        grain = order_grain({f for f in seen | implied if f in _dims()} | {"period", "flow"})
        ds = Dataset(
            name=name,
            grain=grain,
            home_currency=(home_currency or options.currency or "CNY").upper(),
            description=description,
            time_grain=options.time_grain or _time_grain_read(con, present, options),
            fx_basis=options.fx_basis or "market",
            reporter=options.reporter or adapter.default_reporter,
        )
        catalog.add_dataset(con, ds)
        return ds
    ds = existing[name]
    for opt, have in (
        ("time_grain", ds.time_grain),
        ("fx_basis", ds.fx_basis),
        ("reporter", ds.reporter),
    ):
        asked = getattr(options, opt)
        if opt == "reporter" and asked:
            asked = asked.strip().upper()
        if asked and asked != have:
            raise IngestError(
                f"dataset {name!r} has {opt.replace('_', ' ')} {have!r}, not {asked!r}: "
                "a dataset keeps the one it was created with — ingest into a new dataset"
            )
    extra = sorted(f for f in seen if f in _dims() and f not in ds.grain)
    if extra:
        raise IngestError(
            f"the source carries {extra}, which dataset {name!r} (grain: {', '.join(ds.grain)}) "
            "does not; datasets of different grain are never mixed — ingest into a new dataset"
        )
    if ds.reporter:  # rows without a reporter take the dataset's
        carried.add("reporter")
    missing = sorted(f for f in ds.grain if f not in carried)
    if missing:
        raise IngestError(
            f"the source lacks {missing} of dataset {name!r}'s grain ({', '.join(ds.grain)}); "
            "mixing grains double counts — ingest into a dataset of that grain"
        )
    return ds


def _time_grain_read(con: Any, present: set[str], options: IngestOptions) -> str:
    """The time grain of a new dataset from the periods read: the grain most of them are
    written in (2020 a year, 2020-Q1 a quarter, 2020-01 a month; a tie goes to the finer).
    The periods of another grain are then rejected with their row, never placed in a
    month or stretched over a year."""
    from tradestat.ingest.validate import PERIOD_GRAIN

    if "period" in present:
        # each distinct text judged once: a batch holds a few dozen periods
        source = """(SELECT nullif(trim(p), '') AS t_period, sum(n) AS n
            FROM (SELECT period AS p, count(*) AS n FROM _stage GROUP BY ALL) GROUP BY ALL)"""
    elif options.period:
        source = f"(SELECT {validate.q(options.period.strip())} AS t_period, 1 AS n)"
    else:
        return "month"
    counts = con.execute(
        f"SELECT {PERIOD_GRAIN} AS g, sum(n) FROM {source} WHERE t_period IS NOT NULL GROUP BY g"
    ).fetchall()
    finer = {"month": 0, "quarter": 1, "year": 2}
    ranked = sorted(counts, key=lambda c: (-c[1], finer[c[0]]))
    return ranked[0][0] if ranked else "month"


def _dims() -> tuple[str, ...]:
    from tradestat.model.schema import DIMENSION_FIELDS

    return DIMENSION_FIELDS


def _validate(con: Any, ds: Dataset, options: IngestOptions, present: set[str], rows: int) -> str:
    """Judge every staged row into the verdict table; returns the SQL of the typed rows
    (rates attached), which the fact insert reads."""
    today = date.today()
    # The home currency stands in only for sources without a currency column: a blank
    # cell in a currency column is a missing currency, not silently the home currency.
    currency = options.currency or (None if "currency" in present else ds.home_currency)
    defaults = validate.Defaults(
        flow=options.flow,
        period=options.period,
        currency=currency.upper() if currency else None,
        vintage=(options.vintage or today).isoformat(),
        home_currency=ds.home_currency,
        reporter=ds.reporter,
    )
    rules = validate.checks(
        max_period=add_months(today, 0).replace(day=1).isoformat(),
        today=today.isoformat(),
        time_grain=ds.time_grain,
    )
    rules += commit.conversion_checks(ds.home_currency, ds.time_grain)
    check_number, field_case, reason_case = validate.reject_case(rules)
    typed_sql = validate.typed().replace("{cleaned}", validate.cleaned(defaults))
    # One table per batch, the verdict: each row's key, what the duplicate checks, counts
    # and summary read, and its reject. A batch of up to SMALL_BATCH rows also keeps its
    # typed values there, which the fact insert reads (computing and planning them again
    # costs more than holding them); a larger one keeps only the verdict, so it is not
    # held once more, and its fact insert computes the accepted rows' typed values again
    # from the stage, without the row rules.
    rated = commit.with_rates(typed_sql, ds.reporter)
    small = rows <= commit.SMALL_BATCH
    kept = (
        f"* EXCLUDE (_check, {', '.join(validate.TEXT_FORMS)})"
        if small
        else ", ".join(commit.VERDICT_COLUMNS[:-2])
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {commit.VERDICT} AS
        SELECT {kept}, {field_case} AS _field, {reason_case} AS _reason,
          {commit.ROUNDED} AS _rounded
        FROM (SELECT *, {check_number} AS _check FROM ({rated}))"""
    )
    if small:
        return f"SELECT * FROM {commit.VERDICT}"
    return rated


def _fill_report(report: IngestReport, source: SourceReport) -> None:
    report.files = source.files
    report.encodings = source.encodings
    report.notes += source.notes
    report.ignored_columns = source.ignored_columns


DETAIL_ITEMS = 100  # items of a list, and characters / 20 of a text, the batch log keeps


def bounded(obj: Any) -> Any:
    """The report as the batch log stores it: long lists cut to their first items with a
    count of the rest, long texts cut, so a hostile file cannot bloat the log (a details
    field once held 989 KB)."""
    if isinstance(obj, dict):
        return {k: bounded(v) for k, v in list(obj.items())[:DETAIL_ITEMS]}
    if isinstance(obj, list | tuple):
        items = [bounded(v) for v in obj[:DETAIL_ITEMS]]
        if len(obj) > DETAIL_ITEMS:
            items.append(f"... {len(obj) - DETAIL_ITEMS:,} more")
        return items
    if isinstance(obj, str) and len(obj) > 20 * DETAIL_ITEMS:
        return obj[: 20 * DETAIL_ITEMS] + f"... ({len(obj):,} characters)"
    return obj


def _log_failure(con, batch_id, dataset, source, fmt, digest, started, exc) -> None:
    # the failure itself matters more than its log row
    with contextlib.suppress(Exception):
        con.execute(
            "INSERT INTO batches (batch_id, dataset, source, format, content_hash, started_at, "
            "finished_at, status, message) VALUES (?, ?, ?, ?, ?, to_timestamp(?), "
            "current_timestamp, 'failed', ?)",
            [batch_id, dataset, str(source), fmt, digest, started, str(exc)[:2000]],
        )
