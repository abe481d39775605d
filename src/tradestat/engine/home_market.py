"""The reporter's own market among a breakdown's partners.

A platform dataset's reporter is the shop's home: its orders from home buyers are
domestic sales, not exports, and a customs dataset's rows with the reporter as partner
are its own goods coming back. A breakdown by partner lists such a row beside the
foreign ones, where a reader takes every row for trade with another country, so the
result says so (the platform bulletin leaves the home market out of its cross-border
figures with the same ``exclude``).
"""

from __future__ import annotations

import json
from typing import Any

from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery


def warnings(q: TradeQuery, ds: Dataset, table: Any) -> list[str]:
    if table is None or "partner" not in q.by or not ds.reporter:
        return []
    if ds.reporter not in set(table.column("partner").to_pylist()):
        return []
    leave_out = json.dumps({"exclude": {"partner": [ds.reporter]}})
    return [
        f"partner {ds.reporter} is the dataset's reporter: its row is trade within the "
        "reporter's own market (a platform's domestic sales, goods coming back), not "
        f"with another country; {leave_out} leaves it out"
    ]
