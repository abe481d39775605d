"""The distinct values of a dataset's facts, kept beside them on every ingest.

Planning a query reads which HS codes, places, editions and currencies a dataset holds
(product-group memberships, the place hierarchy, edition conversion, currency checks).
Read from the facts, each is a full scan: at 100 M rows about 2 s apiece, paid by the
first query after every ingest and by every CLI call. Facts are only ever appended
(revisions add rows; flags change, values do not), so the union of each batch's
distinct values is exactly the distinct values of the whole table: the batch adds its
own in the same transaction as its facts, and the engine reads these small tables.

A dataset stored before these tables existed is filled from its facts once, when the
warehouse is first opened for writing; until then (and over a Parquet export written
before these tables were exported with the facts) the engine reads the facts as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradestat.model.schema import FACT_COLUMNS

_TYPES = {f.name: f.sql for f in FACT_COLUMNS}
READY = "values_kept:"  # ts_meta key prefix: the dataset's values are complete


@dataclass(frozen=True)
class Kept:
    """One kind of distinct values: which fact columns, of which rows."""

    table: str
    columns: tuple[str, ...]
    required: str  # the column a fact row must have (not NULL) for its values to count

    def ddl(self) -> str:
        cols = ", ".join(f'"{c}" {_TYPES[c]}' for c in self.columns)
        return f'CREATE TABLE IF NOT EXISTS "{self.table}" (dataset VARCHAR, {cols})'


KINDS = {
    "codes": Kept("dataset_codes", ("hs_code", "hs_edition"), "hs_code"),
    "places": Kept("dataset_places", ("region", "province", "city"), "region"),
    "editions": Kept("dataset_editions", ("period", "hs_edition"), "hs_edition"),
    "currencies": Kept("dataset_currencies", ("currency",), "currency"),
}


def create_tables(con: Any) -> None:
    for kept in KINDS.values():
        con.execute(kept.ddl())


def add(con: Any, dataset: str, facts: str, rows: str = "true") -> None:
    """Add the distinct values of the fact rows matching ``rows`` not kept yet."""
    for kept in KINDS.values():
        cols = ", ".join(f'"{c}"' for c in kept.columns)
        con.execute(
            f"""INSERT INTO "{kept.table}"
            SELECT DISTINCT ?, {cols} FROM "{facts}"
            WHERE ({rows}) AND "{kept.required}" IS NOT NULL
            EXCEPT SELECT dataset, {cols} FROM "{kept.table}" WHERE dataset = ?""",
            [dataset, dataset],
        )


def add_batch(con: Any, dataset: str, facts: str, batch_id: int) -> None:
    """A batch's values, in its transaction (its rows are the last appended, so the
    scan of ``batch_id`` skips every older storage block)."""
    add(con, dataset, facts, f"batch_id = {int(batch_id)}")


def mark_ready(con: Any, dataset: str) -> None:
    con.execute("INSERT INTO ts_meta VALUES (?, '1') ON CONFLICT DO NOTHING", [READY + dataset])


def fill(con: Any, datasets: list[Any]) -> None:
    """Fill the values of datasets stored before they were kept (one scan each), in one
    transaction."""
    ready = {
        r[0][len(READY) :]
        for r in con.execute(
            "SELECT key FROM ts_meta WHERE starts_with(key, ?)", [READY]
        ).fetchall()
    }
    missing = [ds for ds in datasets if ds.name not in ready]
    if not missing:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for ds in missing:
            for kept in KINDS.values():
                con.execute(f'DELETE FROM "{kept.table}" WHERE dataset = ?', [ds.name])
            add(con, ds.name, ds.table)
            mark_ready(con, ds.name)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def ready(rows: list[dict[str, Any]], dataset: str) -> bool:
    """Whether ``ts_meta``'s rows say the dataset's values are kept."""
    return any(r["key"] == READY + dataset for r in rows)
