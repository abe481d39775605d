"""A query result: an Arrow table of exact figures plus where they came from."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradestat.export.spreadsheet_safe import safe_row


@dataclass
class Result:
    table: Any  # pyarrow.Table
    provenance: dict[str, Any] = field(default_factory=dict)

    # --- access ------------------------------------------------------------
    def to_arrow(self) -> Any:
        return self.table

    def to_pandas(self) -> Any:
        return self.table.to_pandas()

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
    def json_rows(self) -> list[dict[str, Any]]:
        """Rows with decimals as JSON numbers (floats)."""
        return [{k: _jsonable(v) for k, v in row.items()} for row in self.rows()]

    def to_json(self, indent: int | None = 2) -> str:
        payload = {"rows": self.json_rows(), "provenance": self.provenance}
        return json.dumps(payload, ensure_ascii=False, indent=indent, default=str)

    def to_csv(self) -> str:
        """CSV text; header = result column names. Text that a spreadsheet would run as a
        formula is prefixed with a quote so it stays text."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.table.to_pylist():
            writer.writerow(safe_row(row[c] for c in self.columns))
        return out.getvalue()

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{c}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{_html(v)}</td>" for v in row.values()) + "</tr>"
            for row in self.rows()[:200]
        )
        query = self.provenance.get("query", {})
        caption = f"<caption>{json.dumps(query, ensure_ascii=False)}</caption>"
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        return f"Result({self.table.num_rows} rows: {', '.join(self.columns)})"


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, float) and v != v:  # NaN is not JSON
        return None
    return v


def _html(v: Any) -> str:
    import html

    return "" if v is None else html.escape(str(v))
