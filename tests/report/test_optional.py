"""Optional queries: a dataset that cannot answer one still writes the statement,
without the clause that reads it, and the appendix says why."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from tests.report.conftest import FIXTURES

SPEC = {
    "id": "opt",
    "title": {"en": "Trade", "zh": "贸易"},
    "sections": [{"id": "s", "title": {"en": "S", "zh": "S"}, "statements": [{
        "id": "trade",
        "queries": {"total": {}, "private": {"where": {"enterprise_type": ["private"]}}},
        "optional": ["private"],
        "en": "Trade was {{ total.value|money }}{% if private is defined %}, private "
              "enterprises' {{ private.value|money }}{% endif %}.",
        "zh": "进出口{{ total.value|money }}{% if private is defined %}，其中民营企业"
              "{{ private.value|money }}{% endif %}。",
    }]}],
}  # fmt: skip


def _total(name: str, key: list[str], private: bool = False) -> Decimal:
    """2023 on the latest basis: each record's row of the latest vintage."""
    df = pd.read_csv(FIXTURES / f"{name}.csv", dtype=str)
    df = df.sort_values("vintage").groupby(key).tail(1)
    df = df[df["period"].str.startswith("2023")]
    if private:
        df = df[df["enterprise_type"] == "private"]
    return sum((Decimal(v) for v in df["value"]), Decimal(0))


def test_a_dataset_without_the_dimension_writes_the_statement_without_the_clause(report_wh):
    from tradestat.report import build_bulletin

    b = build_bulletin(report_wh, SPEC, "national", "2023")
    st = b.statement("trade")
    assert not st.left_out and "private" not in st.text and set(st.runs) == {"total"}
    total = st.runs["total"].result.rows()[0]["value"]
    assert Decimal(str(total)) == _total("national", ["period", "flow"])
    notes = [n.text for n in b.notes if n.kind == "left_out"]
    assert len(notes) == 1 and notes[0].startswith("trade.private: ")
    assert "enterprise_type" in notes[0]
    zh = build_bulletin(report_wh, SPEC, "national", "2023", lang="zh")
    assert "民营" not in zh.statement("trade").text
    assert next(n.text for n in zh.notes if n.kind == "left_out").startswith("`trade.private`：")


def test_a_dataset_with_it_writes_the_clause(report_wh):
    from tradestat.report import build_bulletin

    b = build_bulletin(report_wh, SPEC, "customs", "2023")
    st = b.statement("trade")
    private = st.runs["private"].result.rows()[0]["value"]
    assert Decimal(str(private)) == _total("declarations", ["record_id"], private=True)
    assert "private enterprises'" in st.text
    assert not [n for n in b.notes if n.kind == "left_out"]
