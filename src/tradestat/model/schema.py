"""The canonical trade record (DESIGN.md "Data model") as one declared Arrow schema.

Every input format is turned into these fields by its adapter; every fact table
stores them plus a few columns derived on ingest so queries group on stored
values instead of computing them row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

# Money is stored as DECIMAL(18, 2): exact sums, identical on every engine, and it
# compresses far better than float64.
MONEY_SQL = "DECIMAL(18,2)"


@dataclass(frozen=True)
class Field:
    name: str
    sql: str
    doc: str
    dimension: bool = False  # part of a dataset's grain when present


FIELDS: tuple[Field, ...] = (
    Field("period", "DATE", "month of the record, first day", dimension=True),
    Field("flow", "VARCHAR", "X export, M import", dimension=True),
    Field("hs_code", "VARCHAR", "HS/commodity code, 2-10 digits as text", dimension=True),
    Field("hs_edition", "VARCHAR", "HS edition of hs_code, e.g. HS2022"),
    # the economy whose customs recorded the row; a dataset's default when rows carry none
    Field("reporter", "VARCHAR", "reporting economy, ISO alpha-3 or a trade-data code (BLX)", True),
    Field("partner", "VARCHAR", "partner, ISO 3166-1 alpha-3 (or a special code)", True),
    Field("region", "VARCHAR", "Chinese domestic place, 6-digit GB/T 2260 code", True),
    Field("enterprise_type", "VARCHAR", "state_owned | foreign_invested | private | other", True),
    Field("enterprise_id", "VARCHAR", "opaque enterprise identifier", dimension=True),
    Field("trade_mode", "VARCHAR", "customs supervision mode, 4 digits", dimension=True),
    Field("stat_trade_mode", "VARCHAR", "GAC statistical trade mode, 2 digits", True),
    Field("zone", "VARCHAR", "special customs zone / FTZ id", dimension=True),
    Field("category", "VARCHAR", "platform product or category code", dimension=True),
    Field("order_id", "VARCHAR", "order identifier (platform data)", dimension=True),
    Field("value", MONEY_SQL, "value in `currency`"),
    Field("currency", "VARCHAR", "ISO 4217 code of `value`"),
    Field("value_cny", MONEY_SQL, "value in CNY"),
    Field("value_usd", MONEY_SQL, "value in USD"),
    Field("quantity", "DOUBLE", "quantity in `unit`"),
    Field("unit", "VARCHAR", "unit of quantity"),
    Field("orders", "INTEGER", "orders the record stands for (1 per order line group)"),
    Field("is_return", "BOOLEAN", "returned goods / cancellation (value <= 0)"),
    Field("record_id", "VARCHAR", "stable key; a later vintage of the same id is a revision"),
    Field("vintage", "DATE", "release or ingest date of this version"),
)

# Stored on ingest, never supplied by users.
DERIVED: tuple[Field, ...] = (
    Field("batch_id", "BIGINT", "ingest batch that added the row"),
    Field("year", "SMALLINT", "year of period"),
    Field("hs2", "VARCHAR", "first 2 digits of hs_code"),
    Field("hs4", "VARCHAR", "first 4 digits of hs_code"),
    Field("hs6", "VARCHAR", "first 6 digits of hs_code"),
    Field("province", "VARCHAR", "province of region (6-digit code)"),
    Field("city", "VARCHAR", "prefecture city of region, when region is below province"),
    Field("is_latest", "BOOLEAN", "latest vintage of its record_id"),
    Field("is_first", "BOOLEAN", "first vintage of its record_id"),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
DIMENSION_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.dimension)
FACT_COLUMNS: tuple[Field, ...] = FIELDS + DERIVED


def arrow_schema():
    """The canonical record as a ``pyarrow.Schema`` (imported lazily)."""
    import pyarrow as pa

    types = {
        "DATE": pa.date32(),
        "VARCHAR": pa.string(),
        MONEY_SQL: pa.decimal128(18, 2),
        "DOUBLE": pa.float64(),
        "INTEGER": pa.int32(),
        "BOOLEAN": pa.bool_(),
        "BIGINT": pa.int64(),
        "SMALLINT": pa.int16(),
    }
    return pa.schema(
        [pa.field(f.name, types[f.sql], metadata={"doc": f.doc}) for f in FACT_COLUMNS]
    )


def fact_table_ddl(table: str) -> str:
    cols = ",\n  ".join(f'"{f.name}" {f.sql}' for f in FACT_COLUMNS)
    return f'CREATE TABLE IF NOT EXISTS "{table}" (\n  {cols}\n)'
