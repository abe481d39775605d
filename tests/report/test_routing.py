"""A bulletin over several datasets: each statement is answered by the first dataset
whose grain can answer all its queries, and the appendix names it.

The figures are checked against the fixture files read with pandas: the national table
(period and flow only) answers the totals, the declarations (every dimension) the
statements the national table cannot.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.report.conftest import FIXTURES

pd = pytest.importorskip("pandas")


def _latest(name: str, key: list[str]) -> pd.DataFrame:
    """The fixture file with, per key, only its latest vintage (the default basis)."""
    frame = pd.read_csv(FIXTURES / name, dtype=str)
    frame = frame.sort_values("vintage").drop_duplicates(key, keep="last")
    frame["value"] = frame["value"].map(Decimal)
    return frame


@pytest.fixture(scope="module")
def routed(report_wh):
    from tradestat.report import build_bulletin

    return build_bulletin(report_wh, "customs", ["national", "customs"], "2023")


def test_each_statement_is_answered_by_the_first_dataset_that_can(routed):
    by = {st.id: st.dataset for st in routed.statements() if not st.left_out}
    assert by["totals"] == "national" and by["quarter"] == "national"
    # the national table has no enterprise type, partner or place: the declarations answer
    for statement in ("private", "belt_and_road", "enterprise_count", "cities", "zones", "cbec"):
        assert by[statement] == "customs", statement
    # every query of a statement ran on its one dataset: figures are never mixed
    for st in routed.statements():
        assert {run.query.dataset for run in st.runs.values()} <= {st.dataset or "customs"}
    assert routed.datasets == ("national", "customs")


def test_routed_figures_equal_each_source_file(routed):
    national = _latest("national.csv", ["period", "flow"])
    total_2023 = national[national.period.str.startswith("2023")]["value"].sum()
    total = routed.statement("totals").runs["total"].result.rows()[0]["value"]
    assert Decimal(str(total)) == total_2023
    declarations = _latest("declarations.csv", ["record_id"])
    in_2023 = declarations[declarations.period.str.startswith("2023")]
    private = in_2023[in_2023.enterprise_type == "private"]["value"].sum()
    run = routed.statement("private").runs["private"]
    assert Decimal(str(run.result.rows()[0]["value"])) == private
    # the private share is of the declarations' own total, not of the national table's
    share = float(private) * 100 / float(in_2023["value"].sum())
    assert run.result.rows()[0]["share_pct"] == pytest.approx(share)


def test_the_appendix_names_the_dataset_of_every_figure(routed):
    md = routed.to_markdown()
    assert "*Dataset: `national`, `customs` ·" in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and "`totals." in line]
    assert rows and all(line.endswith("| `national` |") for line in rows)
    rows = [line for line in md.splitlines() if line.startswith("| ") and "`private." in line]
    assert rows and all(line.endswith("| `customs` |") for line in rows)
    html = routed.to_html()
    assert "<td><code>national</code></td>" in html and "<td><code>customs</code></td>" in html
    # notes and checks are in the appendix, after the last section of the body
    assert md.index("## Appendix") < md.index("### Consistency checks")


def test_a_statement_no_dataset_answers_says_why_for_each(report_wh):
    from tradestat.report import build_bulletin

    b = build_bulletin(report_wh, "customs", ["national", "platform"], "2023")
    note = next(n.text for n in b.notes if n.statements == ("private",))
    assert "national: dataset 'national' has no enterprise_type" in note
    assert "platform: dataset 'platform' has no enterprise_type" in note


def test_a_spec_can_pin_a_statement_to_one_dataset(report_wh):
    from tradestat.report import build_bulletin

    spec = {
        "title": {"en": "Pinned", "zh": "指定"},
        "sections": [{"id": "s", "title": {"en": "S", "zh": "S"}, "statements": [
            {"id": "pinned", "dataset": "customs", "queries": {"t": {"flow": "total"}},
             "en": "{{ t.value|money }}", "zh": "{{ t.value|money }}"},
            {"id": "first", "queries": {"t": {"flow": "total"}},
             "en": "{{ t.value|money }}", "zh": "{{ t.value|money }}"},
            {"id": "elsewhere", "dataset": "platform", "queries": {"t": {"flow": "total"}},
             "en": "{{ t.value|money }}", "zh": "{{ t.value|money }}"},
        ]}],
    }  # fmt: skip
    b = build_bulletin(report_wh, spec, ["national", "customs"], "2023")
    assert b.statement("pinned").dataset == "customs"
    assert b.statement("first").dataset == "national"
    assert "which this bulletin does not read" in b.statement("elsewhere").left_out


def test_naming_a_dataset_twice_or_none_is_refused(report_wh):
    from tradestat.report import ReportError, build_bulletin

    with pytest.raises(ReportError, match="names a dataset twice"):
        build_bulletin(report_wh, "customs", ["national", "national"], "2023")
    with pytest.raises(ReportError, match="one dataset name or a list"):
        build_bulletin(report_wh, "customs", [], "2023")


def test_cli_takes_the_dataset_option_repeated(report_wh, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from tradestat.cli.main import app

    copy = tmp_path / "w.duckdb"  # the session warehouse stays open for writing
    report_wh.con.execute("CHECKPOINT")
    shutil.copy(report_wh.path, copy)
    out = tmp_path / "routed.md"
    result = CliRunner().invoke(app, [
        "report", "customs", "--dataset", "national", "--dataset", "customs",
        "--period", "2023", "--to", str(out), "--warehouse", str(copy),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "*Dataset: `national`, `customs` ·" in text
    assert "| `customs` |" in text and "| `national` |" in text
