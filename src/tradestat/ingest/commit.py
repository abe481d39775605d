"""Conversion, keys, de-duplication and the write of an accepted batch."""

from __future__ import annotations

from typing import Any

from tradestat.ingest.report import IngestReport
from tradestat.ingest.validate import Check, q
from tradestat.model.dataset import Dataset
from tradestat.model.schema import FIELD_NAMES
from tradestat.store import distinct_values, record_keys
from tradestat.store.catalog import period_text

TYPED = "_typed"  # the typed rows' table of earlier versions, dropped if left over
VERDICT = "_verdict"  # the one table of them: each row's key, summary fields and reject
# the duplicate checks' keys (repeated, repeated with the same vintage, already stored)
# and the vintages of those keys
KEY_CHECKS = ("_multi", "_duplicated", "_stored", "_versions")
# rows up to which the verdict also keeps the typed values: computing them again for the
# fact insert made a 1 M-row CSV ~20 % slower for ~5 % less peak memory (measured), so
# only batches larger than this (whose typed copy would cost gigabytes) do that
SMALL_BATCH = 2_000_000
VERDICT_COLUMNS = (
    "_seq", "record_id", "vintage", "period", "flow", "currency", "value", "_field", "_reason",
)  # fmt: skip

KEY_FIELDS = (
    "flow", "hs_code", "partner", "region", "enterprise_type", "enterprise_id", "trade_mode",
    "stat_trade_mode", "zone", "category", "order_id",
)  # fmt: skip


def with_rates(typed_sql: str, reporter: str | None = None) -> str:
    """Attach the month's rates, converted values and the record key."""
    to_usd = "CAST(x.value AS DOUBLE) / rate_cur"
    key = " || '|' || ".join(
        ["strftime(x.period, '%Y-%m')"]
        + [f"coalesce(x.{f}, '')" for f in KEY_FIELDS]
        + ["CAST(coalesce(x.is_return, false) AS VARCHAR)"]
    )
    # A reporter other than the dataset's default is part of the key (rows of two
    # reporters are two records); the default's rows keep the keys they had before
    # reporters existed, so re-ingesting an older source still finds its records.
    default = "NULL" if reporter is None else q(reporter)
    key += f" || coalesce('|r:' || nullif(x.reporter, {default}), '')"
    return f"""
    SELECT x.* EXCLUDE (record_id),
      coalesce(x.record_id, md5({key})) AS record_id,
      rate_cur, rate_cny,
      coalesce(x.given_usd, CASE WHEN x.currency = 'USD' THEN x.value
        ELSE TRY_CAST(round({to_usd}, 2) AS DECIMAL(18,2)) END) AS value_usd,
      coalesce(x.given_cny, CASE WHEN x.currency = 'CNY' THEN x.value
        ELSE TRY_CAST(round({to_usd} * rate_cny, 2) AS DECIMAL(18,2)) END) AS value_cny
    FROM (
      SELECT x.*, CASE WHEN x.currency = 'USD' THEN 1.0 ELSE rc.per_usd END AS rate_cur,
        rn.per_usd AS rate_cny
      FROM ({typed_sql}) x
      LEFT JOIN _rates rc ON rc.currency = x.currency AND rc.period = x.period
      LEFT JOIN _rates rn ON rn.currency = 'CNY' AND rn.period = x.period
    ) x"""


def conversion_checks(home_currency: str, time_grain: str = "month") -> list[Check]:
    labels = {
        "month": "strftime(period, '%Y-%m')",
        "quarter": "strftime(period, '%Y') || '-Q' || quarter(period)",
        "year": "strftime(period, '%Y') || ' (the average of its 12 months)'",
    }
    month = labels[time_grain]
    rules = []
    if home_currency not in ("CNY", "USD"):
        rules.append(
            Check(
                "currency",
                f"currency <> {q(home_currency)}",
                f"'dataset home currency is {home_currency}; value is in ' || currency",
            )
        )
    rules += [
        Check(
            "currency",
            "given_usd IS NULL AND rate_cur IS NULL",
            f"'no exchange rate for ' || currency || ' in ' || {month}",
        ),
        Check(
            "currency",
            "given_cny IS NULL AND currency <> 'CNY' AND rate_cny IS NULL",
            f"'no CNY exchange rate in ' || {month}",
        ),
        Check("value", "value_usd IS NULL OR value_cny IS NULL", "'out of range after conversion'"),
    ]
    return rules


def write_batch(
    con: Any, ds: Dataset, batch_id: int, report: IngestReport, present: set[str], typed: str
) -> None:
    """Write the judged batch; ``typed`` is the SQL of its typed rows."""
    repeated, stored = _reject_duplicates(con, ds)
    versioned = bool(repeated or stored)  # otherwise every row is its key's only version
    if versioned:
        _collect_versions(con)
    _insert_facts(con, ds, batch_id, typed, versioned)
    distinct_values.add_batch(con, ds.name, ds.table, batch_id)
    if stored:
        _refresh_stored_flags(con, ds, batch_id)
    _refresh_vintage_summary(con, ds)
    _count(con, report, ds.time_grain, stored)
    if report.rows_rejected:
        _insert_rejects(con, ds, batch_id, present)


def _reject_duplicates(con: Any, ds: Dataset) -> tuple[int, int]:
    """Marks rows repeating a key of the batch or one already stored with its vintage;
    returns how many keys the batch repeats and how many stored rows share its keys (a
    statement that can change nothing is not run: most batches bring new keys only)."""
    # Keys seen more than once in the batch are few; handle only those.
    repeated = con.execute(
        """CREATE OR REPLACE TEMP TABLE _multi AS
        SELECT record_id FROM _verdict WHERE _field IS NULL GROUP BY record_id
        HAVING count(*) > 1"""
    ).fetchall()[0][0]
    # a repeated key is most often a revision (another vintage), not a duplicate
    duplicated = (
        repeated
        and con.execute(
            """CREATE OR REPLACE TEMP TABLE _duplicated AS
        SELECT record_id, vintage, min(_seq) AS first_seq FROM _verdict
        WHERE _field IS NULL AND record_id IN (SELECT record_id FROM _multi)
        GROUP BY record_id, vintage HAVING count(*) > 1"""
        ).fetchall()[0][0]
    )
    if duplicated:
        con.execute(
            """UPDATE _verdict t SET _field = 'record_id',
              _reason = 'duplicate: same key and vintage as row ' || d.first_row
                || ' of ' || d.first_file
            FROM (SELECT m.record_id, m.vintage, m.first_seq, f._row AS first_row,
                    f._file AS first_file
                  FROM _duplicated m JOIN _stage f ON f._seq = m.first_seq) d
            WHERE t.record_id = d.record_id AND t.vintage = d.vintage
              AND t._seq <> d.first_seq AND t._field IS NULL"""
        )
    stored = con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _stored AS
        SELECT f.record_id, f.vintage, f.batch_id, f.is_latest FROM "{ds.table}" f
        WHERE f.record_id IN (SELECT record_id FROM _verdict WHERE _field IS NULL)"""
    ).fetchall()[0][0]
    if stored:
        con.execute(
            """UPDATE _verdict t SET _field = 'record_id',
              _reason = 'already stored with this vintage (batch ' || s.batch_id || ')'
            FROM _stored s
            WHERE t.record_id = s.record_id AND t.vintage = s.vintage AND t._field IS NULL"""
        )
    return repeated, stored


def _insert_facts(con: Any, ds: Dataset, batch_id: int, typed: str, versioned: bool) -> None:
    # Rows go in in file order, unsorted: a sort by period cost a third of the batch,
    # and sources come by period anyway (a monthly file; an export in period order),
    # so period filters still skip most storage blocks.
    seed = record_keys.ensure(con, ds)
    # A key with several versions gets its flags as it is written: updating rows written
    # in the same transaction made its COMMIT ~260 ms slower per 60,000 rows (measured).
    latest, first, versions = "true", "true", ""
    if versioned:
        latest, first = "coalesce(vintage = maxv, true)", "coalesce(vintage = minv, true)"
        versions = "LEFT JOIN _versions USING (record_id)"
    con.execute(
        f"""INSERT INTO "{ds.table}" BY NAME
        SELECT {", ".join(FIELD_NAMES)},
          {batch_id} AS batch_id,
          CAST(year(period) AS SMALLINT) AS year,
          CASE WHEN length(hs_code) >= 2 THEN substr(hs_code, 1, 2) END AS hs2,
          CASE WHEN length(hs_code) >= 4 THEN substr(hs_code, 1, 4) END AS hs4,
          CASE WHEN length(hs_code) >= 6 THEN substr(hs_code, 1, 6) END AS hs6,
          CASE WHEN region IS NOT NULL THEN substr(region, 1, 2) || '0000' END AS province,
          CASE WHEN region IS NOT NULL AND substr(region, 3, 2) <> '00'
            THEN substr(region, 1, 4) || '00' END AS city,
          {latest} AS is_latest, {first} AS is_first,
          {record_keys.key_sql(seed)} AS {record_keys.COLUMN}
        FROM ({typed}) {versions} WHERE {_good()}"""
    )


def _good() -> str:
    """SQL over the typed rows (the verdict itself for a small batch): the row is
    accepted. The rules are not evaluated again: the verdict's rejected rows (after the
    duplicate marking) are left out."""
    return f"_seq NOT IN (SELECT _seq FROM {VERDICT} WHERE _field IS NOT NULL)"


def _collect_versions(con: Any) -> None:
    """``_versions``: the latest and first vintage of each key the batch repeats or finds
    stored, over its stored versions and the batch's accepted rows."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _versions AS
        SELECT record_id, max(vintage) AS maxv, min(vintage) AS minv FROM (
          SELECT record_id, vintage FROM _verdict WHERE _field IS NULL AND record_id IN
            (SELECT record_id FROM _multi UNION ALL SELECT record_id FROM _stored)
          UNION ALL SELECT record_id, vintage FROM _stored) GROUP BY record_id"""
    )


def _refresh_stored_flags(con: Any, ds: Dataset, batch_id: int) -> None:
    """Latest/first vintage flags of the stored versions of the batch's keys (the
    batch's own rows were written with theirs)."""
    con.execute(
        f"""UPDATE "{ds.table}" f
        SET is_latest = (f.vintage = v.maxv), is_first = (f.vintage = v.minv)
        FROM _versions v
        WHERE f.record_id = v.record_id AND f.batch_id <> {batch_id}
          AND (f.is_latest <> (f.vintage = v.maxv) OR f.is_first <> (f.vintage = v.minv))"""
    )


def _refresh_vintage_summary(con: Any, ds: Dataset) -> None:
    periods = "SELECT DISTINCT period FROM _verdict WHERE _field IS NULL"
    con.execute(
        f"DELETE FROM vintage_summary WHERE dataset = {q(ds.name)} AND period IN ({periods})"
    )
    con.execute(
        f"""INSERT INTO vintage_summary
        SELECT {q(ds.name)}, period, vintage, count(*), count_if(is_latest), count_if(is_first)
        FROM "{ds.table}" WHERE period IN ({periods}) GROUP BY period, vintage"""
    )


def _insert_rejects(con: Any, ds: Dataset, batch_id: int, present: set[str]) -> None:
    shown = [f for f in FIELD_NAMES if f in present] or ["period"]
    raw = "to_json(struct_pack(" + ", ".join(f"{f} := s.{f}" for f in shown) + "))"
    con.execute(
        f"""INSERT INTO rejects
        SELECT {batch_id}, {q(ds.name)}, s._file, s._row, t._field, t._reason,
          coalesce(s._raw, CAST({raw} AS VARCHAR))
        FROM _verdict t JOIN _stage s ON s._seq = t._seq
        WHERE t._field IS NOT NULL ORDER BY t._seq"""
    )


# an accepted value whose text has more than two decimals (or an exponent) that the
# cent changes: the verdict marks it, so the note below needs no scan of the stage
ROUNDED = """(strpos(t_value, '.') > 0 AND length(t_value) - strpos(t_value, '.') > 2
  OR contains(lower(t_value), 'e')) AND TRY_CAST(t_value AS DOUBLE) <> CAST(value AS DOUBLE)"""


def _count(con: Any, report: IngestReport, time_grain: str, stored: int) -> None:
    accepted = "FILTER (WHERE _field IS NULL)"
    (read, n_accepted, rejected, currencies, flows, first, last, rounded, first_rounded) = (
        con.execute(
            f"""SELECT count(*), count(*) {accepted}, count(*) FILTER (WHERE _field IS NOT NULL),
              list(DISTINCT currency ORDER BY currency) {accepted},
              list(DISTINCT flow ORDER BY flow) {accepted}, min(period) {accepted},
              max(period) {accepted}, count(*) FILTER (WHERE _field IS NULL AND _rounded),
              min(_seq) FILTER (WHERE _field IS NULL AND _rounded)
            FROM _verdict"""
        ).fetchall()[0]
    )
    report.rows_read, report.rows_accepted, report.rows_rejected = read, n_accepted, rejected
    revised, history = 0, 0
    if stored:  # revisions and history need stored versions of the batch's keys
        revised, history = con.execute(
            """SELECT count(*) FILTER (WHERE t.vintage > s.maxv),
              count(*) FILTER (WHERE t.vintage < s.maxv)
            FROM _verdict t
              JOIN (SELECT record_id, max(vintage) AS maxv FROM _stored GROUP BY 1) s
              USING (record_id) WHERE t._field IS NULL"""
        ).fetchall()[0]
    report.rows_revised, report.rows_history = revised, history
    if history:
        report.notes.append(
            f"{history} row(s) are older vintages than stored ones: kept as history, "
            "the latest figures are unchanged"
        )
    if rounded:
        _note_rounded(con, report, rounded, first_rounded)
    report.currencies, report.flows = currencies or [], flows or []
    report.periods = [period_text(p, time_grain) for p in (first, last) if p]
    reasons = []
    if rejected:
        reasons = con.execute(
            """SELECT _field || ': ' || split_part(_reason, ':', 1) AS k, count(*) FROM _verdict
            WHERE _field IS NOT NULL GROUP BY k ORDER BY count(*) DESC, k LIMIT 10"""
        ).fetchall()
    report.reject_reasons = dict(reasons)


def _note_rounded(con: Any, report: IngestReport, n: int, seq: int) -> None:
    """Money is stored to the cent: say which accepted values lost digits (1.005 -> 1.01,
    1e-5 -> 0.00), naming the first row, instead of rounding silently."""
    file, row, text, value = con.execute(
        """SELECT s._file, s._row, trim(s.value), t.value
        FROM _verdict t JOIN _stage s USING (_seq) WHERE t._seq = ?""",
        [seq],
    ).fetchall()[0]
    report.notes.append(
        f"{n} value(s) had more than 2 decimals and were rounded to the cent "
        f"(first: {file} row {row}, field value: {text} -> {value})"
    )
