"""The reporter's own market among a breakdown's partners.

A platform dataset's reporter is the shop's home: its orders from home buyers are
domestic sales, not exports, and a customs dataset's rows with the reporter as partner
are its own goods coming back. A breakdown by partner lists such a row beside the
foreign ones, where a reader takes every row for trade with another country, so the
result notes it (``provenance["notes"]``: a hint for reading, not a coverage warning;
the platform bulletin, which asks for the home market on purpose, leaves it aside and
its cross-border figures out with the same ``exclude``).

A partner-group breakdown is not judged: whether a group's value holds home rows
depends on the data, not on the membership alone.
"""

from __future__ import annotations

import json
from typing import Any

from tradestat.model.dataset import Dataset
from tradestat.query.tradequery import TradeQuery


def notes(q: TradeQuery, ds: Dataset, table: Any) -> list[str]:
    home = ds.reporter
    if table is None or not home or "partner" not in q.by:
        return []
    if home not in set(table.column("partner").to_pylist()):
        return []
    leave_out = json.dumps({"exclude": {"partner": [home]}})
    return [
        f"partner {home} is the dataset's reporter: its row is trade within the "
        "reporter's own market (a platform's domestic sales, goods coming back), not "
        f"with another country; {leave_out} leaves it out"
    ]
