"""The release questions the benchmark asks, as TradeQuery JSON.

Each is answered four ways (tradestat, hand-written DuckDB SQL, pandas, Polars; see
``sql_impl``, ``pandas_impl`` and ``polars_impl``) and the answers must agree.
The period is 2023 against 2022 on data generated for 2019-2024.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DATASET = "synthetic"
TABLE = f"facts_{DATASET}"
CUR, BASE = 2023, 2022
AS_OF = "2024-03-31"  # 2022 revised by then (vintage 2023-06-30), 2023 not yet
PRODUCT_GROUPS = ("electromechanical", "high_tech", "labour_intensive", "new_three")
PARTNER_GROUPS = ("asean", "bri", "eu", "rcep")
CBEC_MODES = ("1210", "1239", "9610", "9710", "9810")


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    query: dict[str, Any]
    keys: tuple[str, ...]  # columns that identify a row
    ordered: bool = False  # row order is part of the answer (rankings)


# Questions by HS code read each row in its own edition ("hs_edition": "recorded"): the
# hand-written SQL, pandas and polars versions do not convert editions either.
def _q(**kw: Any) -> dict[str, Any]:
    return {"dataset": DATASET, "period": str(CUR), **kw}


QUESTIONS = (
    Question("totals", "Exports and imports with growth", _q(by=["flow"], compare=["growth"]),
             ("flow",)),
    Question("top_cities", "Top-10 exporting cities with growth",
             _q(flow="export", by=["city"], top=10, compare=["growth"]), ("city",), True),
    Question("product_groups", "Product groups: exports, share and growth",
             _q(flow="export", by=["product_group"], where={"product_group": list(PRODUCT_GROUPS)},
                compare=["growth", "share"], hs_edition="recorded"), ("product_group",)),
    Question("partners_doubled", "Export partners whose value doubled",
             _q(flow="export", by=["partner"], compare=["growth"], having="growth_pct >= 100"),
             ("partner",)),
    Question("monthly_cube", "Full monthly partner x HS2 cube, 2019-2024",
             {"dataset": DATASET, "period": "2019-01..2024-12", "by": ["month", "partner", "hs2"],
              "hs_edition": "recorded"},
             ("month", "partner", "hs2")),
    Question("as_of_growth", f"Growth on what was known on {AS_OF} (revisions)",
             _q(compare=["growth"], basis={"as_of": AS_OF}), ()),
    Question("enterprises", "Distinct enterprises by type, with growth",
             _q(measure="enterprises", by=["enterprise_type"], compare=["growth"]),
             ("enterprise_type",)),
    Question("cbec_modes", "Cross-border e-commerce by mode, with growth",
             _q(by=["trade_mode"], where={"trade_mode_group": ["cbec"]}, compare=["growth"]),
             ("trade_mode",)),
    Question("province_shares", "Province shares and their change (pp)",
             _q(by=["province"], compare=["share", "share_pp"]), ("province",)),
    Question("enterprise_type_shares", "Enterprise-type shares, change (pp) and growth",
             _q(by=["enterprise_type"], compare=["growth", "share", "share_pp"]),
             ("enterprise_type",)),
    Question("partner_groups", "Partner groups (dated membership): growth and share",
             _q(by=["partner_group"], where={"partner_group": list(PARTNER_GROUPS)},
                compare=["growth", "share"]), ("partner_group",)),
)  # fmt: skip

BY_ID = {q.id: q for q in QUESTIONS}
