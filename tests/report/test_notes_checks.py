"""Left-out statements, engine warnings as notes, and consistency checks that fail."""

from __future__ import annotations

import pytest

from tests.report.conftest import FIXTURES


def test_statements_the_grain_lacks_are_left_out_with_a_note(bulletins):
    b = bulletins("customs", "national", "2023")
    shown = [st.id for st in b.statements() if not st.left_out]
    assert shown == ["totals", "quarter"]
    notes = {n.statements[0]: n.text for n in b.notes if n.kind == "left_out"}
    assert "has no enterprise_type" in notes["private"]
    assert "'enterprises' needs enterprise_id" in notes["enterprise_count"]
    assert "has no partner" in notes["belt_and_road"]
    # nothing filled with zeros: the left-out statements write no figure at all
    assert {f.statement for f in b.figures} == {"totals", "quarter"}
    assert "CNY 0" not in b.text
    md = b.to_markdown()
    assert "- Left out: private: dataset 'national' has no enterprise_type" in md


def test_national_table_gives_the_published_2023_figures(bulletins):
    # national.csv holds the GAC 2023 totals and the revised 2022 base (+0.2 %, not -0.7 %)
    text = bulletins("customs", "national", "2023").statement("totals").text
    assert "total trade in goods reached CNY 41.76 trillion, up 0.2% year on year" in text
    assert (
        "Exports were CNY 23.77 trillion, up 0.6%, and imports CNY 17.99 trillion, down 0.3%"
        in (text)
    )
    assert text.endswith("trade surplus of CNY 5.78 trillion.")


def test_engine_warnings_become_notes(bulletins):
    b = bulletins("customs", "national", "2022-07..2023-06")
    warnings = [n for n in b.notes if n.kind == "warning"]
    assert warnings[0].text.startswith("base period 2021-07..2022-06 lacks data for 6 month(s)")
    assert warnings[0].statements == ("totals",)
    assert "Data coverage: base period 2021-07..2022-06 lacks data" in b.to_markdown()
    # and growth on a base without those months is not stated (the spec writes its growth
    # clause only when there is one), with the reason and the comparable span in the notes
    assert "%" not in b.statement("totals").text
    assert any(
        n.text.startswith("not comparable, so growth not computed: 2021-07..2022-06 has data "
                          "for 2022-01..2022-06: compare 2023-01..2023-06 with 2022-01..2022-06")
        for n in warnings
    )  # fmt: skip


def test_a_base_without_data_leaves_growth_statements_out(bulletins):
    b = bulletins("platform", "platform", "2011", base="2009")
    gmv = b.statement("gmv")
    assert gmv.left_out and "not comparable: 2009 has no data" in gmv.left_out
    assert any("base period 2009 has no data" in n.text for n in b.notes)
    assert not b.statement("top_buyers").left_out  # shares need no base


def test_failing_checks_are_reported_not_hidden(report_wh, tmp_path):
    from tradestat.report import build_bulletin

    b = build_bulletin(report_wh, FIXTURES / "broken-checks.yaml", "customs", "2023")
    status = {(c.statement, c.name): c for c in b.checks}
    wrong = status[("totals", "sum exports/exports vs total")]
    assert wrong.status == "fail" and "exact figures disagree" in wrong.detail
    assert status[("totals", "sum exports/imports vs total")].status == "pass"
    share = status[("share", "share em vs total")]
    assert share.status == "fail" and "vs value/total" in share.detail
    assert len(b.failed_checks) == 2
    md = b.to_markdown()
    assert "2 failed" in md and md.count("**FAIL**") == 2
    html = b.write(tmp_path / "broken.html").read_text(encoding="utf-8")
    assert html.count('<tr class="fail">') == 2


def test_written_figures_that_cannot_add_up_fail(customs_en):
    from dataclasses import replace

    from tradestat.report.checks import run_checks
    from tradestat.report.format import money

    # pretend imports were printed 12% too high: 1.92 + 1.07 cannot give 2.87 trillion
    bad = money(customs_en.statement("totals").runs["imports"].result.scalar() * 112 // 100,
                "CNY")  # fmt: skip
    figures = [
        replace(f, text=str(bad), rounded=bad.rounded) if f.source.ref == "totals.imports.value"
        else f
        for f in customs_en.figures
    ]  # fmt: skip
    checks = run_checks(replace(customs_en, figures=figures, checks=[]))
    failed = [c for c in checks if c.status == "fail"]
    names = ["sum exports/imports vs total", "difference exports/imports vs balance"]
    assert [c.name for c in failed] == names
    assert "cannot give CNY 2.87 trillion" in failed[0].detail


def test_all_checks_pass_on_the_builtin_bulletins(customs_en, customs_zh, platform_en):
    for b in (customs_en, customs_zh, platform_en):
        assert b.checks and not b.failed_checks, [c for c in b.checks if not c.ok]
    kinds = {c.name.split()[0] for c in customs_en.checks}
    assert kinds == {"sum", "difference", "share", "shares", "growth"}


def test_disclosure_control_leaves_suppressed_figures_out(report_wh):
    from tradestat.report import build_bulletin

    b = build_bulletin(report_wh, "customs", "customs", "2023", confidential=False)
    left = {n.statements[0]: n.text for n in b.notes if n.kind == "left_out"}
    assert "suppressed" in left["new_products"]
    assert all(f.exact is not None for f in b.figures)


def test_bad_arguments(report_wh):
    from tradestat.errors import DatasetError
    from tradestat.report import ReportError, build_bulletin

    with pytest.raises(ReportError, match="lang"):
        build_bulletin(report_wh, "customs", "customs", "2023", lang="fr")
    with pytest.raises(ReportError, match="period"):
        build_bulletin(report_wh, "customs", "customs", "last year")
    with pytest.raises(DatasetError, match="unknown dataset"):
        build_bulletin(report_wh, "customs", "nope", "2023")
