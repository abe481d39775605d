"""Lookup tables an analyst keeps beside the data: product-group codes, partner-group
membership per month, built once from tradestat's reference data (not timed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from questions import BASE, CUR, PARTNER_GROUPS, PRODUCT_GROUPS

PRODUCT_MAP = "product_groups.parquet"
PARTNER_MAP = "partner_groups.parquet"


def build(codes: list[tuple[str, str | None]], folder: Path) -> None:
    """Write both lookups to ``folder``; ``codes`` are the data's (hs_code, hs_edition)."""
    from tradestat import reference

    rows = [
        (g, code, edition or "")
        for g, code, edition in reference.product_groups_for_codes(codes)
        if g in PRODUCT_GROUPS
    ]
    pq.write_table(
        pa.table({"grp": [r[0] for r in rows], "code": [r[1] for r in rows],
                  "edition": [r[2] for r in rows]}),
        folder / PRODUCT_MAP,
    )  # fmt: skip
    # current composition: a base month uses the membership of the month it is compared with
    months = [date(CUR, m, 1) for m in range(1, 13)]
    members = reference.partner_group_months(list(PARTNER_GROUPS), months)
    grp, member, month = [], [], []
    for g, iso, m in members:
        for year in (CUR, BASE):
            grp.append(g)
            member.append(iso)
            month.append(m.replace(year=year))
    pq.write_table(
        pa.table({"grp": grp, "member": member, "month": pa.array(month, pa.date32())}),
        folder / PARTNER_MAP,
    )
