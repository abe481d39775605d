"""`tradestat report`: spec name or YAML, dataset, period, language and output file."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from tests.report.conftest import FIXTURES


@pytest.fixture(scope="module")
def app():
    from tradestat.cli import report_cmd

    app = typer.Typer()
    report_cmd.register(app)

    @app.command()
    def other() -> None:  # a second command keeps `report` a named subcommand
        pass

    return app


@pytest.fixture(scope="module")
def wh_path(report_wh):
    return str(report_wh.path)


def run(app, *args):
    return CliRunner().invoke(app, ["report", *args])


def test_report_to_markdown(app, report_wh, tmp_path):
    # the session warehouse stays open for writing; a second process could not read it,
    # so the command runs in this process on a copy
    import shutil

    copy = tmp_path / "w.duckdb"
    report_wh.con.execute("CHECKPOINT")
    shutil.copy(report_wh.path, copy)
    out = tmp_path / "b.md"
    result = run(app, "customs", "--dataset", "national", "--period", "2023", "--to", str(out),
                 "--warehouse", str(copy))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "left out: private: dataset 'national' has no enterprise_type" in result.output
    assert "consistency checks: 8 of 8 passed" in result.output
    assert f"wrote {out}" in result.output.replace("\n", "")
    assert "CNY 41.76 trillion" in out.read_text(encoding="utf-8")


def test_failing_checks_are_printed_and_strict_exits_1(app, report_wh, tmp_path):
    import shutil

    copy = tmp_path / "w.duckdb"
    report_wh.con.execute("CHECKPOINT")
    shutil.copy(report_wh.path, copy)
    spec = str(FIXTURES / "broken-checks.yaml")
    args = [spec, "-d", "customs", "--period", "2023", "--lang", "zh", "--to",
            str(tmp_path / "b.html"), "-w", str(copy)]  # fmt: skip
    result = run(app, *args)
    assert result.exit_code == 0
    assert "FAIL totals: 加总：`exports` + `exports`对`total`" in result.output  # a zh bulletin
    assert run(app, *args, "--strict").exit_code == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["nonsense", "-d", "customs", "--period", "2023", "--to", "x.md"], "spec must be"),
        (["customs", "-d", "customs", "--period", "2023", "--to", "x.txt"], "--to must end"),
        (["customs", "-d", "customs", "--period", "2023", "--to", "x.md", "--lang", "fr"],
         "--lang"),
    ],
)  # fmt: skip
def test_argument_errors(app, tmp_path, args, message):
    result = run(app, *args, "-w", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2 and message in result.output
