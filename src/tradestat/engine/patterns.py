"""Hidden cells that a filter list or a period span would split (tradestat.engine.protected).

Two answers that differ in one filter differ by the rows in between: with ``[USA]``
shown, ``[VNM, USA]`` gives VNM; with July shown, January-July gives January-June.
Noise (tradestat.engine.noise) makes such a difference a perturbed value, but the
factors of two similar enterprises can cancel, so noise alone does not keep a cell of
two inside its protection interval. A cell a read key sees is therefore hidden too:

- **list**: when the ``where``/``exclude`` lists on dimensions outside the breakdown
  take some of the cells that the breakdown by those dimensions (unfiltered) hides and
  leave others out. Every shown answer then holds all of those hidden cells or none,
  so no sum or difference of shown answers holds a hidden cell alone: all of them
  together is the unfiltered cell minus the shown ones, which secondary suppression
  already protects.
- **span**: when a period of more than one month (quarter, year: the dataset's time
  grain) holds one that the breakdown by month hides, on either side of a comparison.
  A shown span is then made of shown months only.

Group and classification dimensions (partner groups, end use, SITC) overlap or share
codes out, so a filter on one is not a partition of its rows; it keeps to the other
rules and to the noise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tradestat.model.dataset import Dataset
from tradestat.query.dimensions import CLASS_DIMENSIONS, GROUP_DIMENSIONS, TIME_DIMENSIONS
from tradestat.query.tradequery import TradeQuery

# a universe query -> its cells after primary and secondary suppression (dicts with
# "suppression"): tradestat.engine.protected.hidden_rows
Hidden = Callable[[TradeQuery], list[dict[str, Any]]]
OVERLAPPING = (*GROUP_DIMENSIONS, *CLASS_DIMENSIONS)


def list_dimensions(q: TradeQuery) -> list[str]:
    """Filtered dimensions outside the breakdown whose values partition the rows."""
    dims = {d for d, _ in q.where} | {d for d, _ in q.exclude}
    return sorted(d for d in dims - set(q.by) if d not in OVERLAPPING)


def universes(q: TradeQuery, ds: Dataset) -> dict[str, TradeQuery]:
    """The breakdowns whose hidden cells ``q``'s cells must not split, by rule."""
    out: dict[str, TradeQuery] = {}
    dims = list_dimensions(q)
    if dims:
        out["list"] = q.replace(
            by=[*q.by, *dims],
            where={k: list(v) for k, v in q.where if k not in dims},
            exclude={k: list(v) for k, v in q.exclude if k not in dims},
        )
    grain, unit = ds.time_grain, ds.months_per_row
    if grain not in q.by:
        plain = {"by": [*q.by, grain], "compare": [], "base_period": None}
        if q.span.months > unit:
            out["span"] = q.replace(**plain)
        if q.needs_base and q.base_span.months > unit:
            out["base span"] = q.replace(period=str(q.base_span), **plain)
    return out


def reasons(q: TradeQuery, ds: Dataset, hidden: Hidden) -> dict[tuple, str]:
    """Per cell of ``q`` (its breakdown's key) that splits a pattern: the reason."""
    out: dict[tuple, str] = {}
    for rule, u in universes(q, ds).items():
        rows = [r for r in hidden(u) if r["suppression"]]
        if rule == "list":
            _split_lists(q, rows, out)
        else:  # the base side's time values are a year (or the base) off: match the rest
            keys = q.by if rule == "span" else [d for d in q.by if d not in TIME_DIMENSIONS]
            side = "current" if rule == "span" else "base"
            for r in rows:
                out.setdefault(
                    (tuple(r[d] for d in keys), len(keys) == len(q.by)),
                    f"span: the period holds a hidden {ds.time_grain} ({side} period)",
                )
    return _expand(q, out)


def _split_lists(q: TradeQuery, rows: list[dict[str, Any]], out: dict) -> None:
    where, exclude = dict(q.where), dict(q.exclude)
    dims = list_dimensions(q)
    inside: dict[tuple, set[bool]] = {}
    for r in rows:
        taken = all(
            (d not in where or str(r[d]) in where[d]) and str(r[d]) not in exclude.get(d, ())
            for d in dims
        )
        inside.setdefault(tuple(r[d] for d in q.by), set()).add(taken)
    for key, taken in inside.items():
        if taken == {True, False}:
            out.setdefault(
                (key, True),
                f"list: the filter on {', '.join(dims)} takes some hidden cells and "
                "leaves others out",
            )


def _expand(q: TradeQuery, found: dict[tuple, str]) -> dict[tuple, str]:
    """Keys matched on the whole breakdown stay; a base-side match on the non-time
    part of the key is kept under that part (tradestat.engine.protected looks up both)."""
    return {(key if full else ("~", *key)): why for (key, full), why in found.items()}


def reason_for(row: dict[str, Any], q: TradeQuery, found: dict[tuple, str]) -> str | None:
    if not found:
        return None
    key = tuple(row[d] for d in q.by)
    if key in found:
        return found[key]
    rest = ("~", *(row[d] for d in q.by if d not in TIME_DIMENSIONS))
    return found.get(rest)
