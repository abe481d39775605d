"""Consistency checks run on every bulletin; a failure is reported, never hidden.

Each check looks at two things: the exact engine figures (which must agree exactly, or
to float precision for rates), and the figures *as written* (which must agree within
their rounding: every written figure stands for an interval of exact values, and the
intervals must overlap). So "25.45 + 18.39 = 43.84 vs 43.85" passes as independent
rounding, while a share that cannot come from the printed values fails.

Declared in a spec statement: ``sum`` (parts add up to a total), ``difference``
(balance = exports - imports) and ``share`` (a share against value / total value).
Automatic: every written growth rate against its value and base value, and every
breakdown's shares sum to at most 100%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tradestat.report.format.numbers import to_decimal

REL = Decimal("1e-9")  # rates are floats in the engine: compare to float precision


@dataclass(frozen=True)
class Check:
    name: str
    statement: str
    status: str  # pass | fail | skip (a figure is suppressed or has no value)
    detail: str

    @property
    def ok(self) -> bool:
        return self.status != "fail"


def run_checks(bulletin: Any) -> list[Check]:
    written: dict[tuple, Any] = {}  # the first time a figure is written, in reading order
    for f in bulletin.figures:
        written.setdefault((f.source.statement, f.source.query_name, f.source.column,
                            f.source.row), f)  # fmt: skip
    out: list[Check] = []
    for st in bulletin.statements():
        if st.left_out:
            continue
        for spec in _declared(bulletin, st.id):
            out.append(_declared_check(spec, st, written))
        out += _growth_checks(st, written)
        out += _share_sum_checks(st)
    return out


def _declared(bulletin: Any, statement_id: str) -> tuple:
    for _, st in bulletin.spec.statements():
        if st.id == statement_id:
            return st.checks
    return ()


class _Fig:
    """One scalar figure of a check: exact value, written interval and text."""

    def __init__(self, st: Any, ref: str, written: dict) -> None:
        name, _, column = ref.partition(".")
        column = column or "value"
        run = st.runs[name]
        rows = run.result.rows()
        if run.query.by:  # a breakdown stands for the sum of its rows
            values = [r[column] for r in rows]
            self.exact = None if None in values else sum(map(to_decimal, values), Decimal(0))
            self.low = self.high = self.exact
            self.text = f"sum of {len(rows)} rows of {name}"
            return
        value = rows[0][column] if rows else None
        self.exact = to_decimal(value) if value is not None else None
        fig = written.get((st.id, name, column, ()))
        if fig is not None and fig.rounded is not None and not _transformed(fig):
            self.low, self.high, self.text = fig.rounded.low, fig.rounded.high, fig.text
        else:
            self.low = self.high = self.exact
            self.text = f"{ref} {self.exact} (not written)"


def _transformed(fig: Any) -> bool:
    return fig.rounding.startswith(("absolute value", "negated"))


def _declared_check(spec: Any, st: Any, written: dict) -> Check:
    figs = [_Fig(st, ref, written) for ref in spec.parts]
    whole = _Fig(st, spec.whole, written)
    name = f"{spec.kind} {'/'.join(spec.parts)} vs {spec.whole}"
    if any(f.exact is None for f in [*figs, whole]):
        return Check(name, st.id, "skip", "a figure has no value (suppressed or no data)")
    if spec.kind == "share":
        return _share_check(name, st, figs[0], whole, written, spec.parts[0])
    if spec.kind == "sum":
        exact = sum((f.exact for f in figs), Decimal(0))
        low, high = sum(f.low for f in figs), sum(f.high for f in figs)
        shown = " + ".join(f.text for f in figs)
    else:
        a, b = figs
        exact, low, high = a.exact - b.exact, a.low - b.high, a.high - b.low
        shown = f"{a.text} - {b.text}"
    if exact != whole.exact:
        return Check(name, st.id, "fail", f"exact figures disagree: {exact} vs {whole.exact}")
    if high < whole.low or low > whole.high:
        return Check(name, st.id, "fail", f"written {shown} cannot give {whole.text}")
    return Check(name, st.id, "pass", f"{shown} = {whole.text} within rounding")


def _share_check(name: str, st: Any, part: _Fig, total: _Fig, written: dict, q: str) -> Check:
    row = st.runs[q].result.rows()[0]
    share = row.get("share_pct")
    if share is None:
        return Check(name, st.id, "fail", f"query {q!r} has no share_pct (add compare: [share])")
    expected = part.exact * 100 / total.exact
    if abs(to_decimal(share) - expected) > REL * max(Decimal(1), abs(expected)):
        return Check(name, st.id, "fail", f"share {share} vs value/total {expected:.6f}")
    fig = written.get((st.id, q, "share_pct", ()))
    if fig is None or fig.rounded is None:
        return Check(name, st.id, "pass", "exact share equals value / total (share not written)")
    lo = part.low * 100 / total.high if total.high else Decimal(0)
    hi = part.high * 100 / total.low if total.low else Decimal("Infinity")
    if hi < fig.rounded.low or lo > fig.rounded.high:
        return Check(
            name, st.id, "fail", f"{fig.text} cannot come from {part.text} of {total.text}"
        )
    return Check(name, st.id, "pass", f"{fig.text} agrees with {part.text} of {total.text}")


def _growth_checks(st: Any, written: dict) -> list[Check]:
    out = []
    for (sid, qname, column, row), fig in written.items():
        if sid != st.id or column != "growth_pct" or fig.rounded is None:
            continue
        data = next(r for r in st.runs[qname].result.rows()
                    if tuple((k, r[k]) for k, _ in row) == row)  # fmt: skip
        value, base = data.get("value"), data.get("base_value")
        name = f"growth {qname}{_row_text(row)}"
        if value is None or base is None or base == 0:
            out.append(Check(name, st.id, "skip", "value or base value not available"))
            continue
        g = (to_decimal(value) - to_decimal(base)) * 100 / to_decimal(base)
        if abs(to_decimal(data["growth_pct"]) - g) > REL * max(Decimal(1), abs(g)):
            out.append(Check(name, st.id, "fail", f"growth {data['growth_pct']} vs values {g}"))
        elif not fig.rounded.admits(g):
            out.append(Check(name, st.id, "fail", f"{fig.text!r} does not match {g:.4f}%"))
        else:
            out.append(Check(name, st.id, "pass", f"{fig.text!r}: {value} on {base} = {g:.4f}%"))
    return out


def _share_sum_checks(st: Any) -> list[Check]:
    out = []
    for name, run in st.runs.items():
        if not run.query.by or "share" not in run.query.compare:
            continue
        if "month" in run.query.by or "quarter" in run.query.by or "year" in run.query.by:
            continue  # shares are per time bucket
        total = sum(to_decimal(r["share_pct"]) for r in run.result.rows() if r["share_pct"])
        # suppressed cells have no share; the shares shown still may not exceed 100%
        ok = total <= 100 + REL * 100
        detail = f"shares of the {len(run.result)} rows sum to {total:.4f}%"
        out.append(Check(f"shares {name} <= 100%", st.id, "pass" if ok else "fail", detail))
    return out


def _row_text(row: tuple) -> str:
    return f"[{', '.join(f'{k}={v}' for k, v in row)}]" if row else ""
