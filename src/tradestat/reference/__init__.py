"""Reference data and classifications: partners and partner groups, HS and product groups,
China's regions, customs trade modes, enterprise types and exchange rates.

Everything here is packaged data (CSV / YAML / Parquet under ``data/``) with a provenance
note (``data/PROVENANCE.md``), validated on first load and cached. Importing this package is
cheap: pandas, pyarrow and YAML are only imported by the functions that need them.
User group files and rate tables are read from ``TRADESTAT_REFERENCE_PATH``; call
``clear_caches()`` after changing it in a running process.
"""

from __future__ import annotations

from tradestat.reference.errors import ReferenceError, UnknownCode
from tradestat.reference.groups import (
    Group,
    Membership,
    partner_group,
    partner_group_ids,
    partner_group_members_on,
    partner_group_months,
    partner_groups_of,
)
from tradestat.reference.partners import (
    Partner,
    partner,
    partner_code_table,
    partner_codes,
    partner_name,
    resolve_partner,
    resolve_partners,
)

__all__ = [
    "Group",
    "Membership",
    "Partner",
    "ReferenceError",
    "UnknownCode",
    "clear_caches",
    "partner",
    "partner_code_table",
    "partner_codes",
    "partner_group",
    "partner_group_ids",
    "partner_group_members_on",
    "partner_group_months",
    "partner_groups_of",
    "partner_name",
    "resolve_partner",
    "resolve_partners",
]


def clear_caches() -> None:
    """Forget every loaded reference table (e.g. after changing TRADESTAT_REFERENCE_PATH)."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("tradestat.reference.") and module is not None:
            for obj in vars(module).values():
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()
