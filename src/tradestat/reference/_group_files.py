"""Discovery of group files (partner and product groups), packaged and user-supplied.

One YAML file per group, named ``<id>.yaml``. Packaged files come first; then every
directory in ``TRADESTAT_REFERENCE_PATH`` is searched, in order, for
``<dir>/<kind>/*.yaml``. A user file may replace a packaged group (or an earlier user group)
only when it says ``override: true``; otherwise two files with one id are an error. Every
file is validated against the kind's JSON Schema here; the kind-specific rules run in the
caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tradestat.reference._files import (
    DATA_DIR,
    display,
    load_yaml,
    user_files,
    validate_schema,
)
from tradestat.reference.errors import ReferenceError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class GroupFile:
    id: str
    path: Path
    doc: dict[str, Any]
    packaged: bool

    @property
    def name(self) -> str:
        return display(self.path)


def discover(kind: str, schema: str) -> dict[str, GroupFile]:
    """All group files of ``kind`` ("partner_groups" | "product_groups"), validated by schema."""
    found: dict[str, GroupFile] = {}
    packaged = sorted((DATA_DIR / kind).glob("*.yaml"))
    for path, is_packaged in [(p, True) for p in packaged] + [
        (p, False) for p in user_files(kind, "*.yaml")
    ]:
        doc = load_yaml(path)
        validate_schema(doc, schema, path)
        gid = doc["id"]
        if gid != path.stem:
            raise ReferenceError(display(path), "id", f"{gid!r} must equal the file name stem")
        if gid in found and not doc.get("override", False):
            raise ReferenceError(
                display(path),
                "id",
                f"{gid!r} is already defined in {found[gid].name}; set 'override: true' to "
                "replace it",
            )
        found[gid] = GroupFile(gid, path, doc, is_packaged)
    return dict(sorted(found.items()))


def parse_date(value: Any, file: str, entry: str) -> date | None:
    """A YAML date written as text ("2020-02-01") or null; anything else is an error."""
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise ReferenceError(file, entry, f"date {value!r} is not YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ReferenceError(file, entry, f"date {value!r} is not a valid date") from exc
