"""A first draft of a mapping (``--format mapped``) from a table's header and a sample
of its rows: which column looks like the period, the partner, the HS code, the value,
and what the values say (dates and their format, ISO codes or country names, a
currency or a 万元 unit in the column's name).

The draft is a starting point the user reads and edits; every guess is commented. It
is also what the canonical reader names when it refuses a header it cannot use.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

SAMPLE_ROWS = 200
# (field, pattern a column name matches, lower-cased); first match wins per column
NAME_HINTS = (
    ("period", r"date|period|month|time|yyyymm|年月|日期|时间|期间|月份"),
    ("flow", r"flow|direction|进出口|流向|贸易方向"),
    ("partner", r"country|partner|destination|origin|nation|国家|地区名|贸易伙伴|国别"),
    ("hs_code", r"^hs|hs_?code|commodity|cmdcode|tariff|商品编码|税号|hs编码"),
    ("region", r"province|region|city|省|市|地区代码|境内"),
    ("quantity", r"qty|quantity|volume|数量"),
    ("currency", r"^currency$|^ccy$|币种|币制"),
    ("value", r"value|amount|trade_?value|usd|cny|rmb|eur|gbp|金额|美元|人民币|元"),
)
CURRENCY_HINTS = (("USD", r"usd|美元|dollar"), ("CNY", r"cny|rmb|人民币|元"),
                  ("EUR", r"eur"), ("GBP", r"gbp"))  # fmt: skip
MONEY_UNITS = ("亿元", "百万元", "万元", "千元", "million", "billion", "thousand")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%Y.%m", "%Y/%m", "%Y年%m月",
                "%b %Y", "%Y-%m-%dT%H:%M:%S")  # fmt: skip
_CANONICAL_PERIOD = re.compile(r"^\d{4}-?\d{2}(-\d{2})?$")
_FLOWS = {"x": "X", "m": "M", "export": "X", "exports": "X", "import": "M", "imports": "M",
          "e": "X", "i": "M", "出口": "X", "进口": "M"}  # fmt: skip


@dataclass
class Guess:
    column: str
    why: str
    extra: dict[str, Any] = field(default_factory=dict)


def sample(path: Path, rows: int = SAMPLE_ROWS) -> tuple[list[str], list[list[str]]]:
    """The header and up to ``rows`` rows of a CSV, xlsx or Parquet file, as text."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path).read_row_group(0).slice(0, rows)
        data = table.to_pylist()
        header = table.column_names
        return header, [["" if r[c] is None else str(r[c]) for c in header] for r in data]
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        it = book.worksheets[0].iter_rows(values_only=True, max_row=rows + 1)
        cells = [["" if v is None else str(v) for v in row] for row in it]
        book.close()
        return (cells[0], cells[1:]) if cells else ([], [])
    from tradestat.ingest.readers.streams import detect_encoding

    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        head = fh.read(64 * 1024)
    delimiter = max(",;\t|", key=lambda d: head.split("\n", 1)[0].count(d))
    reader = csv.reader(head.splitlines(), delimiter=delimiter)
    lines = [row for _, row in zip(range(rows + 1), reader, strict=False)]
    if not lines:
        return [], []
    return [h.strip() for h in lines[0]], lines[1:]


def guess(header: list[str], rows: list[list[str]]) -> dict[str, Guess]:
    """Canonical field -> the column that looks like it, with the reason."""
    found: dict[str, Guess] = {}
    for i, name in enumerate(header):
        values = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
        for fld, pattern in NAME_HINTS:
            if fld in found or not re.search(pattern, name.lower()):
                continue
            g = _check(fld, name, values)
            if g is not None:
                found[fld] = g
                break
    return found


def _check(fld: str, name: str, values: list[str]) -> Guess | None:
    """The guess for ``fld`` if the sampled values fit it, else None."""
    if fld == "period":
        if values and all(_CANONICAL_PERIOD.match(v) for v in values):
            return Guess(name, "dates or months (YYYY-MM…)")
        for fmt in DATE_FORMATS:
            if values and all(_parses(v, fmt) for v in values):
                return Guess(name, f"dates written {fmt}", {"period_format": fmt})
        return None
    if fld == "partner":
        return _partner(name, values)
    if fld == "hs_code":
        ok = values and all(v.isdigit() and 2 <= len(v) <= 10 for v in values)
        return Guess(name, "HS-like codes (2-10 digits)") if ok else None
    if fld == "flow":
        known = {v.lower() for v in values} <= set(_FLOWS)
        table = {v: _FLOWS[v.lower()] for v in sorted(set(values))} if known else None
        return Guess(name, "export/import codes", {"translate": table}) if values else None
    if fld in ("value", "quantity"):
        if not values or not all(_number(v) for v in values):
            return None
        extra = {}
        for code, pattern in CURRENCY_HINTS:
            if fld == "value" and re.search(pattern, name.lower()):
                extra["currency"] = code
                break
        unit = next((u for u in MONEY_UNITS if u in name.lower()), None)
        if unit and fld == "value":
            extra["multiply"] = unit
        return Guess(name, "numbers" + (f" in {extra['currency']}" if extra else ""), extra)
    if fld == "region":
        ok = values and all(v.isdigit() and len(v) in (2, 4, 6) for v in values)
        return Guess(name, "GB/T 2260 codes", {"resolve": "gb2260"}) if ok else None
    return Guess(name, "as named") if values else None


def _partner(name: str, values: list[str]) -> Guess | None:
    from tradestat.reference.partners import resolve_partners

    if not values:
        return None
    distinct = sorted(set(values))
    for scheme, why in (("iso3", "ISO alpha-3 codes"), ("iso2", "ISO alpha-2 codes"),
                        ("name", "country names")):  # fmt: skip
        hits = resolve_partners(distinct, scheme)
        if all(hits.values()):
            return Guess(name, why, {"resolve": scheme})
    hits = resolve_partners(distinct, "auto")
    if sum(v is not None for v in hits.values()) >= len(distinct) / 2:
        unknown = [k for k, v in hits.items() if v is None][:5]
        why = "codes or names" + (f" (unknown: {', '.join(unknown)})" if unknown else "")
        return Guess(name, why, {"resolve": "auto"})
    return None


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def draft(path: Path) -> str:
    """The mapping YAML drafted for ``path``, with a comment on each guess."""
    header, rows = sample(path)
    found = guess(header, rows)
    lines = [
        f"# Drafted by `tradestat mapping suggest {path.name}` from its header and",
        f"# {len(rows)} sampled rows. Check every line, then:",
        f"#   tradestat ingest {path.name} --dataset NAME --format mapped --mapping THIS.yaml",
        "version: 1",
        f"description: {path.name} (drafted mapping)",
        "columns:",
    ]
    for fld, g in found.items():
        if fld != "currency" or "value" in found:
            lines.append(f"  {fld}: {_quote(g.column)}  # {g.why}")
    unused = [h for h in header if h not in {g.column for g in found.values()}]
    if unused:
        lines.append(f"  # not mapped: {', '.join(unused)}")
    constants = {}
    if "flow" not in found:
        constants["flow"] = ("X", "no flow column: X exports, M imports (or drop, use --flow)")
    value = found.get("value")
    if value and "currency" in value.extra and "currency" not in found:
        constants["currency"] = (value.extra["currency"], f"from the column name {value.column!r}")
    if constants:
        lines.append("constants:")
        lines += [f"  {k}: {v}  # {why}" for k, (v, why) in constants.items()]
    translate = {f: g.extra["translate"] for f, g in found.items() if g.extra.get("translate")}
    if translate:
        lines.append("translate:")
        for f, table in translate.items():
            pairs = ", ".join(f"{_quote(k)}: {v}" for k, v in table.items())
            lines.append(f"  {f}: {{{pairs}}}")
    resolve = {f: g.extra["resolve"] for f, g in found.items() if "resolve" in g.extra}
    if resolve:
        lines.append("resolve: {" + ", ".join(f"{k}: {v}" for k, v in resolve.items()) + "}")
    period = found.get("period")
    if period and "period_format" in period.extra:
        lines.append(f"period_format: {_quote(period.extra['period_format'])}")
    if value and "multiply" in value.extra:
        lines.append(f"multiply: {{value: {value.extra['multiply']}}}  # from the column name")
    return "\n".join(lines) + "\n"


def hint(header: list[str], path: Path) -> str:
    """What a header's columns look like, and the command that drafts a mapping; for
    the canonical reader's refusal of a header it cannot use."""
    try:
        # the header as the mapping reader sees it (it finds a ';' or tab separator the
        # canonical reader does not), so a glued header is described by its columns
        sampled, rows = sample(path, 50)
        header = sampled or header
    except Exception:  # the hint must never hide the real error
        rows = []
    found = guess(header, rows)
    if not found:
        return ""
    looks = ", ".join(f"{g.column!r} like {f}" for f, g in found.items())
    return (
        f". Columns {looks}: draft a mapping with `tradestat mapping suggest {path}` and "
        "ingest with --format mapped --mapping FILE (docs/formats.md)"
    )


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
