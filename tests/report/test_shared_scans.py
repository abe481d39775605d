"""A bulletin planned with shared scans is the bulletin of every query run alone.

Built both ways on the same warehouse (caches dropped in between): every figure (its
exact value, text, rounding and source), every sentence, every query's result and
provenance, the notes and the checks are equal; and it sends fewer SQL statements."""

from __future__ import annotations

import pytest

CASES = [
    ("customs", "customs", "2023", "en", True),
    ("customs", "customs", "2023", "zh", False),  # under disclosure control
    ("customs", ("national", "customs"), "2023", "en", True),  # routed across datasets
    ("platform", "platform", "2011", "en", True),
    ("customs", "customs", "2023-01..2023-02", "en", True),  # no whole quarter: left out
]


def outcome(b) -> tuple:
    figures = [(f.number, f.source.ref, f.source.query, f.exact_text, f.text, f.rounding)
               for f in b.figures]  # fmt: skip
    runs = []
    for st in b.statements():
        for name, run in st.runs.items():
            prov = dict(run.result.provenance)
            prov.pop("seconds")
            runs.append((st.id, name, run.query, run.result.table, prov, run.currency))
    texts = [(s.id, s.section, s.text, s.left_out, s.dataset) for s in b.statements()]
    notes = [(n.kind, n.text, n.statements) for n in b.notes]
    checks = [repr(c) for c in b.checks]
    return b.title, figures, runs, texts, notes, checks


def build(w, spec, dataset, period, lang, confidential, shared):
    from tradestat.report import build_bulletin

    w.engine.catalog.invalidate()  # nothing planned or answered before
    before = w.engine.statements
    b = build_bulletin(w, spec, dataset, period, lang=lang, confidential=confidential,
                       shared_scans=shared)  # fmt: skip
    return b, w.engine.statements - before


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[3]}-{c[4]}")
def test_shared_scans_give_the_same_bulletin(report_wh, case):
    alone, sent_alone = build(report_wh, *case, shared=False)
    shared, sent_shared = build(report_wh, *case, shared=True)
    a, s = outcome(alone), outcome(shared)
    assert a[0] == s[0] and a[1] == s[1] and a[3] == s[3] and a[4] == s[4] and a[5] == s[5]
    assert len(a[2]) == len(s[2])
    for x, y in zip(a[2], s[2], strict=True):
        assert x[:3] == y[:3]
        assert x[3].equals(y[3], check_metadata=True), (x[:2], x[3], y[3])
        assert x[4:] == y[4:], x[:2]
    assert alone.figures and sent_shared <= sent_alone
    if case[:2] == ("customs", "customs") and case[4]:
        # 34 queries, 45 figures: catalog reads, one scan, the breakdowns and the counts
        assert sent_shared <= len(shared.figures) / 2 < sent_alone


def test_statements_left_out_are_remembered(report_wh):
    """A rebuild takes a statement left out from the catalog's memory, reason and all,
    without planning it again; an ingest (any catalog change) forgets it."""
    from tradestat.report import build_bulletin, planning

    report_wh.engine.catalog.invalidate()
    first = build_bulletin(report_wh, "customs", "national", "2023")
    left_out = [s for s in first.statements() if s.left_out]
    store = planning.left_out_store(report_wh)
    assert left_out and len(store) == len(left_out)
    second = build_bulletin(report_wh, "customs", "national", "2023")
    assert outcome(second)[3:5] == outcome(first)[3:5]
    key = next(iter(store))
    _, runs = store[key]
    store[key] = ("remembered reason", runs)  # what a rebuild prints comes from memory
    third = build_bulletin(report_wh, "customs", "national", "2023")
    assert any("remembered reason" in (s.left_out or "") for s in third.statements())
    report_wh._invalidate()  # as an ingest does
    assert planning.left_out_store(report_wh) == {}
    fourth = build_bulletin(report_wh, "customs", "national", "2023")
    assert outcome(fourth)[3:5] == outcome(first)[3:5]
