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
    if table is None or "partner" not in q.by:
        return []
    partners = table.column("partner").to_pylist()
    if "reporter" in q.by:  # each row's own reporter
        pairs = zip(partners, table.column("reporter").to_pylist(), strict=True)
        homes = sorted({p for p, r in pairs if p is not None and p == r})
    else:
        home = _only_reporter(q, ds)
        homes = [home] if home and home in set(partners) else []
    asked = set(q.filters("where").get("partner", ()))
    homes = [h for h in homes if h not in asked]  # asked for by name: on purpose
    if not homes:
        return []
    leave_out = json.dumps({"exclude": {"partner": homes}})
    market = "(a platform's domestic sales, goods coming back), not with another country"
    if len(homes) == 1:
        return [
            f"partner {homes[0]} is the reporter itself: its row is trade within the "
            f"reporter's own market {market}; {leave_out} leaves it out"
        ]
    return [
        f"partners {', '.join(homes)} are their rows' own reporters: those rows are trade "
        f"within each reporter's own market {market}; {leave_out} leaves them out"
    ]


def _only_reporter(q: TradeQuery, ds: Dataset) -> str | None:
    """The one reporter of every row the query reads, if it is known: the dataset's
    default when its source has no reporter column, else one asked for by name."""
    asked = q.filters("where").get("reporter", ())
    if len(asked) == 1:
        return asked[0]
    if "reporter" in ds.grain:  # rows of many reporters
        return None
    return ds.reporter
