"""The query builder's form: URL parameters <-> the TradeQuery JSON form.

The page is a GET form, so the URL is the query and a view can be shared by its
link. Filters are written ``dim=v1,v2; dim2=v3`` in one field each for ``where`` and
``exclude``; everything else maps one parameter to one TradeQuery key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tradestat.errors import QueryError

SIMPLE = (
    "dataset", "period", "base_period", "flow", "measure", "currency", "having", "coverage",
    "fx_basis", "hs_edition", "index_method",
)  # fmt: skip
LIST_KEYS = ("by", "compare")
VIEW_KEYS = ("chart", "scale", "pivot")  # how the page shows a result, not the query


@dataclass
class Form:
    values: dict[str, str] = field(default_factory=dict)  # single-valued fields as typed
    by: list[str] = field(default_factory=list)
    compare: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: Any) -> Form:
        """From a Starlette ``QueryParams`` (or any mapping with ``getlist``)."""
        values = {}
        for key in (*SIMPLE, *VIEW_KEYS, "where", "exclude", "top", "order_by"):
            raw = params.get(key)
            if raw is not None and str(raw).strip():
                values[key] = str(raw).strip()[:500]
        by = [b for b in params.getlist("by") if b][:3]
        compare = [c for c in params.getlist("compare") if c][:8]
        return cls(values, by, compare)

    @property
    def empty(self) -> bool:
        return "period" not in self.values or "dataset" not in self.values

    def query(self) -> dict[str, Any]:
        """The TradeQuery JSON form (validated by TradeQuery itself, not here)."""
        v = self.values
        q: dict[str, Any] = {k: v[k] for k in SIMPLE if k in v}
        if self.by:
            q["by"] = list(dict.fromkeys(self.by))
        if self.compare:
            q["compare"] = list(dict.fromkeys(self.compare))
        for key in ("where", "exclude"):
            if key in v:
                q[key] = parse_filters(key, v[key])
        if "top" in v:
            try:
                q["top"] = int(v["top"])
            except ValueError:
                raise QueryError("top", "must be a positive integer") from None
        if "order_by" in v:
            q["order_by"] = [v["order_by"]]
        return q

    def params(self, **override: Any) -> list[tuple[str, str]]:
        pairs = [(k, s) for k, s in self.values.items() if k not in override]
        if "by" not in override:
            pairs += [("by", b) for b in self.by]
        if "compare" not in override:
            pairs += [("compare", c) for c in self.compare]
        for k, val in override.items():
            pairs += [(k, x) for x in (val if isinstance(val, list) else [val])]
        return pairs

    def url(self, path: str = "/explore", **override: Any) -> str:
        return f"{path}?{urlencode(self.params(**override))}"


def parse_filters(key: str, text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        dim, sep, values = part.partition("=")
        if not sep:
            dim, sep, values = part.partition(":")
        dim = dim.strip()
        items = [x.strip() for x in values.split(",") if x.strip()]
        if not sep or not dim or not items:
            raise QueryError(key, f"write filters as dimension=value1,value2; not {part.strip()!r}")
        out.setdefault(dim, []).extend(items)
    return out


def quick_links(dataset: str, grain: tuple[str, ...] | list[str], last_year: str) -> list:
    """Starting points on the dataset page, only for what its grain can answer."""
    base = {"dataset": dataset, "period": last_year}
    links = []
    if "partner" in grain:
        links.append(("q_groups", {**base, "flow": "export", "by": ["partner_group"],
                                   "compare": ["share", "growth"]}))  # fmt: skip
        links.append(("q_top", {**base, "by": ["partner"], "top": "10",
                                "compare": ["growth", "share"]}))  # fmt: skip
    links.append(("q_monthly", {**base, "by": ["month"], "compare": ["growth"]}))
    if "hs_code" in grain:
        links.append(("q_products", {**base, "flow": "export", "by": ["product_group"],
                                     "compare": ["growth"]}))  # fmt: skip
    return [(key, "/explore?" + urlencode(q, doseq=True)) for key, q in links]
