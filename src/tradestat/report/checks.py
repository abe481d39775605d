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

# Names and details in the bulletin's language; identifiers (query names) stay as code.
WORDS = {
    "en": {
        "sum": "sum {parts} vs {whole}", "difference": "difference {parts} vs {whole}",
        "share": "share {parts} vs {whole}", "growth": "growth {query}{row}",
        "shares": "shares {query} <= 100%", "plus": "/", "minus": "/", "ref": "{0}",
        "no_value": "a figure has no value (suppressed or no data)",
        "disagree": "exact figures disagree: {0} vs {1}",
        "cannot_give": "written {0} cannot give {1}", "within": "{0} = {1} within rounding",
        "rows_sum": "sum of {n} rows of {query}", "not_written": "{ref} {exact} (not written)",
        "no_share": "query {query} has no share_pct (add compare: [share])",
        "share_off": "share {0} vs value/total {1}",
        "share_unwritten": "exact share equals value / total (share not written)",
        "share_cannot": "{fig} cannot come from {part} of {total}",
        "share_agrees": "{fig} agrees with {part} of {total}",
        "no_base": "value or base value not available",
        "growth_off": "growth {0} vs values {1}", "growth_text": "'{0}'",
        "growth_mismatch": "{fig} does not match {g}%",
        "growth_ok": "{fig}: {value} on {base} = {g}%",
        "shares_sum": "shares of the {n} rows sum to {total}%",
    },
    "zh": {
        "sum": "加总：{parts}对{whole}", "difference": "差额：{parts}对{whole}",
        "share": "占比：{parts}对{whole}", "growth": "增速：{query}{row}",
        "shares": "占比合计不超过100%：{query}", "plus": " + ", "minus": " − ", "ref": "`{0}`",
        "no_value": "有数字没有数值（已隐去或无数据）",
        "disagree": "精确值不一致：{0}对{1}",
        "cannot_give": "正文所写{0}不可能得出{1}", "within": "{0} = {1}，在修约范围内一致",
        "rows_sum": "{query}的{n}行之和", "not_written": "{ref} {exact}（正文未写）",
        "no_share": "查询{query}没有占比（请在compare中加share）",
        "share_off": "占比{0}对数值÷总值{1}",
        "share_unwritten": "精确占比等于数值÷总值（正文未写占比）",
        "share_cannot": "{fig}不可能由{total}中的{part}得出",
        "share_agrees": "{fig}与{total}中的{part}一致",
        "no_base": "缺少本期值或基期值",
        "growth_off": "增速{0}对按数值计算的{1}", "growth_text": "“{0}”",
        "growth_mismatch": "{fig}与{g}%不符",
        "growth_ok": "{fig}：({value} − {base}) ÷ {base} = {g}%",
        "shares_sum": "{n}行的占比之和为{total}%",
    },
}  # fmt: skip


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
    w = WORDS["zh" if bulletin.lang == "zh" else "en"]
    for st in bulletin.statements():
        if st.left_out:
            continue
        for spec in _declared(bulletin, st.id):
            out.append(_declared_check(spec, st, written, w))
        out += _growth_checks(st, written, w)
        out += _share_sum_checks(st, w)
    return out


def _declared(bulletin: Any, statement_id: str) -> tuple:
    for _, st in bulletin.spec.statements():
        if st.id == statement_id:
            return st.checks
    return ()


class _Fig:
    """One scalar figure of a check: exact value, written interval and text."""

    def __init__(self, st: Any, ref: str, written: dict, w: dict[str, str]) -> None:
        name, _, column = ref.partition(".")
        column = column or "value"
        run = st.runs[name]
        rows = run.result.rows()
        if run.query.by:  # a breakdown stands for the sum of its rows
            values = [r[column] for r in rows]
            self.exact = None if None in values else sum(map(to_decimal, values), Decimal(0))
            self.low = self.high = self.exact
            self.text = w["rows_sum"].format(n=len(rows), query=w["ref"].format(name))
            return
        value = rows[0][column] if rows else None
        self.exact = to_decimal(value) if value is not None else None
        fig = written.get((st.id, name, column, ()))
        if fig is not None and fig.rounded is not None and not _transformed(fig):
            self.low, self.high, self.text = fig.rounded.low, fig.rounded.high, fig.text
        else:
            self.low = self.high = self.exact
            self.text = w["not_written"].format(ref=w["ref"].format(ref), exact=self.exact)


def _transformed(fig: Any) -> bool:
    return fig.rounding.startswith(("absolute value", "negated"))


def _declared_check(spec: Any, st: Any, written: dict, w: dict[str, str]) -> Check:
    figs = [_Fig(st, ref, written, w) for ref in spec.parts]
    whole = _Fig(st, spec.whole, written, w)
    joiner = w["minus"] if spec.kind == "difference" else w["plus"]
    parts = joiner.join(w["ref"].format(p) for p in spec.parts)
    name = w[spec.kind].format(parts=parts, whole=w["ref"].format(spec.whole))
    if any(f.exact is None for f in [*figs, whole]):
        return Check(name, st.id, "skip", w["no_value"])
    if spec.kind == "share":
        return _share_check(name, st, figs[0], whole, written, spec.parts[0], w)
    if spec.kind == "sum":
        exact = sum((f.exact for f in figs), Decimal(0))
        low, high = sum(f.low for f in figs), sum(f.high for f in figs)
        shown = " + ".join(f.text for f in figs)
    else:
        a, b = figs
        exact, low, high = a.exact - b.exact, a.low - b.high, a.high - b.low
        shown = f"{a.text} - {b.text}"
    if exact != whole.exact:
        return Check(name, st.id, "fail", w["disagree"].format(exact, whole.exact))
    if high < whole.low or low > whole.high:
        return Check(name, st.id, "fail", w["cannot_give"].format(shown, whole.text))
    return Check(name, st.id, "pass", w["within"].format(shown, whole.text))


def _share_check(name: str, st: Any, part: _Fig, total: _Fig, written: dict, q: str,
                 w: dict[str, str]) -> Check:  # fmt: skip
    row = st.runs[q].result.rows()[0]
    share = row.get("share_pct")
    if share is None:
        return Check(name, st.id, "fail", w["no_share"].format(query=w["ref"].format(q)))
    expected = part.exact * 100 / total.exact
    if abs(to_decimal(share) - expected) > REL * max(Decimal(1), abs(expected)):
        return Check(name, st.id, "fail", w["share_off"].format(share, f"{expected:.6f}"))
    fig = written.get((st.id, q, "share_pct", ()))
    if fig is None or fig.rounded is None:
        return Check(name, st.id, "pass", w["share_unwritten"])
    lo = part.low * 100 / total.high if total.high else Decimal(0)
    hi = part.high * 100 / total.low if total.low else Decimal("Infinity")
    said = {"fig": fig.text, "part": part.text, "total": total.text}
    if hi < fig.rounded.low or lo > fig.rounded.high:
        return Check(name, st.id, "fail", w["share_cannot"].format(**said))
    return Check(name, st.id, "pass", w["share_agrees"].format(**said))


def _growth_checks(st: Any, written: dict, w: dict[str, str]) -> list[Check]:
    out = []
    for (sid, qname, column, row), fig in written.items():
        if sid != st.id or column != "growth_pct" or fig.rounded is None:
            continue
        data = next(r for r in st.runs[qname].result.rows()
                    if tuple((k, r[k]) for k, _ in row) == row)  # fmt: skip
        value, base = data.get("value"), data.get("base_value")
        name = w["growth"].format(query=w["ref"].format(qname), row=_row_text(row, w))
        if value is None or base is None or base == 0:
            out.append(Check(name, st.id, "skip", w["no_base"]))
            continue
        g = (to_decimal(value) - to_decimal(base)) * 100 / to_decimal(base)
        said = {"fig": w["growth_text"].format(fig.text), "g": f"{g:.4f}", "value": value,
                "base": base}  # fmt: skip
        if abs(to_decimal(data["growth_pct"]) - g) > REL * max(Decimal(1), abs(g)):
            out.append(Check(name, st.id, "fail", w["growth_off"].format(data["growth_pct"], g)))
        elif not fig.rounded.admits(g):
            out.append(Check(name, st.id, "fail", w["growth_mismatch"].format(**said)))
        else:
            out.append(Check(name, st.id, "pass", w["growth_ok"].format(**said)))
    return out


def _share_sum_checks(st: Any, w: dict[str, str]) -> list[Check]:
    out = []
    for name, run in st.runs.items():
        if not run.query.by or "share" not in run.query.compare:
            continue
        if "month" in run.query.by or "quarter" in run.query.by or "year" in run.query.by:
            continue  # shares are per time bucket
        total = sum(to_decimal(r["share_pct"]) for r in run.result.rows() if r["share_pct"])
        # suppressed cells have no share; the shares shown still may not exceed 100%
        ok = total <= 100 + REL * 100
        detail = w["shares_sum"].format(n=len(run.result), total=f"{total:.4f}")
        check = w["shares"].format(query=w["ref"].format(name))
        out.append(Check(check, st.id, "pass" if ok else "fail", detail))
    return out


def _row_text(row: tuple, w: dict[str, str]) -> str:
    return w["ref"].format(f"[{', '.join(f'{k}={v}' for k, v in row)}]") if row else ""
