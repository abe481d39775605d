"""The layout of order-line files: which column is what, and the rules for returns.

Without a layout file, ``--format orders`` reads columns named like the layout keys
(``order_id``, ``order_date``, ``buyer_country``, ``quantity``, ``unit_price`` or
``amount``, ...). A YAML layout (``--mapping``) names other columns; the preset
``online-retail`` is such a file shipped with tradestat.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tradestat.errors import IngestError

LINE_FIELDS = (
    "order_id",
    "line_id",
    "order_date",
    "buyer_country",
    "seller_region",
    "seller_id",
    "category",
    "hs_code",
    "trade_mode",
    "quantity",
    "unit_price",
    "amount",
    "currency",
    "status",
    "flow",
)
DEFAULT_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


@dataclass(frozen=True)
class OrderLayout:
    name: str
    columns: dict[str, str]  # line field -> source column
    currency: str | None = None
    flow: str = "X"
    unit: str | None = None
    partner_scheme: str = "auto"
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    order_id_pattern: str | None = None
    return_prefix: str | None = None
    return_status: tuple[str, ...] = ()
    negative_quantity: str = "reject"
    fixed_names: bool = field(default=False)  # columns named like the fields (no layout file)

    def check(self, header: list[str], path: Path) -> None:
        cols = self.columns
        missing = [c for c in cols.values() if c not in header]
        if missing:
            raise IngestError(
                f"{path}: layout {self.name} needs column(s) {missing}; the file has "
                f"{', '.join(h for h in header if not h.startswith('_blank'))}"
            )
        need = [f for f in ("order_id", "order_date") if f not in cols]
        if "amount" not in cols and not {"quantity", "unit_price"} <= set(cols):
            need.append("amount (or quantity and unit_price)")
        if need:
            hint = "name the columns so, or pass --mapping LAYOUT.yaml" if self.fixed_names else ""
            raise IngestError(f"{path}: order lines need {', '.join(need)}; {hint}".rstrip("; "))


@cache
def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("orders.schema.json").read_text("utf-8")
    return json.loads(text)


def load_layout(path: Path | None, preset: str | None = None) -> OrderLayout:
    """A layout from a YAML file, a packaged preset, or (neither) the fixed column names."""
    import jsonschema
    import yaml

    if path is None and preset is None:
        return OrderLayout("(fixed column names)", {f: f for f in LINE_FIELDS}, fixed_names=True)
    if path is not None:
        try:
            text, name = Path(path).read_text(encoding="utf-8"), Path(path).name
        except FileNotFoundError:
            raise IngestError(f"layout file {path} not found") from None
    else:
        # a preset is the layout shipped in the data/ of its own format package
        package = f"tradestat.ingest.formats.{preset.replace('-', '_')}"
        text = resources.files(package).joinpath("data", f"{preset}.yaml").read_text("utf-8")
        name = f"preset {preset}"
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise IngestError(f"layout {name}: not valid YAML ({exc})") from None
    errors = sorted(
        jsonschema.Draft202012Validator(_schema()).iter_errors(doc),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top)"
        raise IngestError(f"layout {name}: {where}: {errors[0].message}")
    returns = doc.get("returns", {})
    return OrderLayout(
        name=name,
        columns=dict(doc.get("columns", {})),
        currency=doc.get("currency"),
        flow=doc.get("flow", "X"),
        unit=doc.get("unit"),
        partner_scheme=doc.get("partner_scheme", "auto"),
        date_formats=tuple(doc.get("date_formats", DEFAULT_DATE_FORMATS)),
        order_id_pattern=doc.get("order_id_pattern"),
        return_prefix=returns.get("order_id_prefix"),
        return_status=tuple(s.lower() for s in returns.get("status_values", ())),
        negative_quantity=doc.get("negative_quantity", "reject"),
    )


def fixed_for(layout: OrderLayout, header: list[str]) -> OrderLayout:
    """With fixed column names, only the columns the file has."""
    if not layout.fixed_names:
        return layout
    cols = {f: f for f in LINE_FIELDS if f in header}
    return OrderLayout(
        layout.name,
        cols,
        fixed_names=True,
        return_status=("returned", "cancelled", "canceled", "refunded", "return"),
    )
