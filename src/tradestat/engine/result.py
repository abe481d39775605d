"""A query result: an Arrow table of exact figures plus where they came from.

Every result carries its unit (``Result.unit``: a currency code, or what a count
counts), in the Arrow schema's metadata, its JSON and every rendering of it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradestat.export.spreadsheet_safe import safe_row
from tradestat.query.units import (
    EXACT,
    Scale,
    column_label,
    column_unit,
    pick_scale,
    scale_value,
    unit_label,
)

SCALED = ("value", "base_value")  # the columns a scale divides; comparisons keep theirs


@dataclass
class Result:
    table: Any  # pyarrow.Table
    provenance: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.unit is not None:
            self.table = _with_units(self.table, self.unit)

    # --- units ---------------------------------------------------------------
    @property
    def unit(self) -> str | None:
        """``CNY``/``USD``/… for money, ``orders``/``enterprises``/… for counts."""
        return self.provenance.get("unit")

    @property
    def units(self) -> dict[str, str]:
        """The unit of each figure column (values, % and pp)."""
        return {c: u for c in self.columns if (u := column_unit(c, self.unit)) is not None}

    def scale(self, name: str | None = "auto", lang: str = "en") -> Scale:
        """The scale ``name`` (``auto``, ``trillion``, ``亿`` …) means for this result."""
        values = [v for c in SCALED if c in self.columns for v in self.table.column(c).to_pylist()]
        return pick_scale(name, values, self.unit, lang)

    def caption(self, lang: str = "en", scale: Scale | None = None) -> str:
        """The query in words: "Exports by province, 2024, CNY"."""
        from tradestat.query.words import caption

        return caption(self.provenance.get("query", {}), self.unit, lang, scale)

    def headers(self, scale: Scale = EXACT, lang: str = "en") -> list[str]:
        """Column names with their units: ``value (CNY trillion)``, ``growth_pct (%)``."""
        return [column_label(c, self.unit, scale, lang) for c in self.columns]

    def scaled_rows(self, scale: Scale) -> list[dict[str, Any]]:
        """Rows with values divided by the scale's factor (exact decimals)."""
        return [
            {c: scale_value(v, scale) if c in SCALED else v for c, v in row.items()}
            for row in self.rows()
        ]

    # --- access ------------------------------------------------------------
    def to_arrow(self) -> Any:
        """The exact figures (decimals for money), units in the schema metadata."""
        return self.table

    def to_pandas(self, exact: bool = False, scale: str | None = None, lang: str = "en") -> Any:
        """A DataFrame: float64 money and percentages (``exact=True`` keeps ``Decimal``),
        values divided by ``scale`` (``auto``, ``trillion``, ``亿`` …; default: units).
        ``df.attrs`` holds ``unit``, ``scale``, ``units`` per column and ``caption``."""
        import pyarrow as pa

        table = self.table
        if not exact:
            fields = [
                pa.field(f.name, pa.float64(), metadata=f.metadata)
                if pa.types.is_decimal(f.type) else f
                for f in table.schema
            ]  # fmt: skip
            table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
        df = table.to_pandas()
        chosen = self.scale(scale, lang)
        for c in SCALED:
            if c in df.columns and chosen.factor != 1:
                df[c] = df[c].map(lambda v: scale_value(v, chosen), na_action="ignore")
                if not exact:
                    df[c] = df[c].astype("float64")
        df.attrs.update(
            unit=self.unit,
            scale=chosen.name,
            unit_label=unit_label(self.unit, chosen, lang),
            units=self.units,
            caption=self.caption(lang, chosen),
        )
        return df

    def plot(self, lang: str = "en", scale: str = "auto") -> Any:
        """The natural chart (a matplotlib Figure): bars over time with growth on a second
        axis for a time series, horizontal bars for a breakdown; units and title."""
        from tradestat.report.charts import result_figure

        return result_figure(self, lang, self.scale(scale, lang))

    def rows(self) -> list[dict[str, Any]]:
        return self.table.to_pylist()

    def __len__(self) -> int:
        return self.table.num_rows

    @property
    def columns(self) -> list[str]:
        return list(self.table.column_names)

    def scalar(self, column: str = "value") -> Any:
        """The single figure of a query without breakdown."""
        if self.table.num_rows != 1:
            raise ValueError(f"result has {self.table.num_rows} rows, not one")
        return self.table.column(column)[0].as_py()

    def lookup(self, column: str = "value", **keys: str) -> Any:
        """The figure of the row whose breakdown values equal ``keys``."""
        for row in self.rows():
            if all(row.get(k) == v for k, v in keys.items()):
                return row[column]
        raise KeyError(keys)

    def with_labels(self, lang: str = "en") -> Result:
        """A copy with a ``<dim>_name`` column after each breakdown column: names from
        the reference data in ``lang`` (en or zh), the code itself when unknown. Time
        dimensions are their own label."""
        import pyarrow as pa

        from tradestat.query.dimensions import TIME_DIMENSIONS
        from tradestat.reference.labels import label

        table = self.table
        for dim in self.provenance.get("query", {}).get("by", []):
            if dim in TIME_DIMENSIONS or dim not in table.column_names:
                continue
            names = [label(dim, v, lang) for v in table.column(dim).to_pylist()]
            at = table.column_names.index(dim) + 1
            table = table.add_column(at, f"{dim}_name", pa.array(names, pa.string()))
        return Result(table, self.provenance)

    # --- output ------------------------------------------------------------
    def json_rows(self, scale: Scale = EXACT) -> list[dict[str, Any]]:
        """Rows with decimals as JSON numbers (floats)."""
        return [{k: _jsonable(v) for k, v in row.items()} for row in self.scaled_rows(scale)]

    def to_json(self, indent: int | None = 2, scale: str | None = None) -> str:
        """``{"unit", "scale", "units", "rows", "provenance"}``; exact units by default."""
        chosen = self.scale(scale)
        payload = {
            "unit": self.unit,
            "scale": chosen.name,
            "units": self.units,
            "rows": self.json_rows(chosen),
            "provenance": self.provenance,
        }
        return json.dumps(payload, ensure_ascii=False, indent=indent, default=str)

    def to_csv(self, scale: str | None = None) -> str:
        """CSV text; header = result column names (units are in the JSON, Arrow and xlsx
        forms). Text that a spreadsheet would run as a formula is prefixed with a quote."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.scaled_rows(self.scale(scale)):
            writer.writerow(safe_row(row[c] for c in self.columns))
        return out.getvalue()

    def _repr_html_(self) -> str:
        chosen = self.scale("auto")
        head = "".join(f"<th>{_html(h)}</th>" for h in self.headers(chosen))
        body = "".join(
            "<tr>" + "".join(f"<td>{_html(_cell(c, v))}</td>" for c, v in row.items()) + "</tr>"
            for row in self.scaled_rows(chosen)[:200]
        )
        caption = f"<caption>{_html(self.caption('en', chosen))}</caption>"
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        unit = f" in {self.unit}" if self.unit else ""
        return f"Result({self.table.num_rows} rows{unit}: {', '.join(self.columns)})"


def _with_units(table: Any, unit: str) -> Any:
    """The table with ``unit`` in its schema metadata and each figure column's unit in
    that field's metadata (Arrow, Parquet and Polars keep both)."""
    import pyarrow as pa

    fields = []
    for f in table.schema:
        own = column_unit(f.name, unit)
        fields.append(f.with_metadata({**(f.metadata or {}), b"unit": own.encode()}) if own else f)
    meta = {**(table.schema.metadata or {}), b"unit": unit.encode()}
    # the same columns under a schema with units: no cast (which would import
    # pyarrow.compute, ~60 ms of a CLI call)
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields, metadata=meta))


def _cell(column: str, v: Any) -> Any:
    """A notebook cell: percentages rounded to 2 places, figures with separators."""
    if v is None:
        return "–"
    if column.endswith(("_pct", "_pp")) and isinstance(v, float):
        return f"{v:,.2f}"
    if isinstance(v, Decimal | float):
        return f"{v:,.2f}"
    return v


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, float) and v != v:  # NaN is not JSON
        return None
    return v


def _html(v: Any) -> str:
    import html

    return "" if v is None else html.escape(str(v))
