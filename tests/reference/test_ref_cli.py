"""`tradestat reference` sub-app, through Typer's CliRunner."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tradestat.cli.reference_cmd import app
from tradestat.reference.catalog import table_rows, tables

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_list_names_every_table_and_group_kind():
    res = run("list")
    assert res.exit_code == 0
    for name in tables():
        assert name in res.output
    assert "rcep" in res.output and "new_three" in res.output and "cbec" in res.output


@pytest.mark.parametrize("name", list(tables()))
def test_every_table_has_rows(name):
    columns, rows = table_rows(name)
    assert columns and rows and all(len(r) == len(columns) for r in rows)


def test_show_table_and_options():
    res = run("show", "partners", "--limit", "0")
    assert res.exit_code == 0 and "HKG" in res.output and "XUN" in res.output
    res = run("show", "regions", "--level", "2", "--lang", "zh", "--limit", "0")
    assert "广东省" in res.output and "深圳市" not in res.output
    res = run("show", "china_codes", "--year", "2017", "--lang", "zh", "--limit", "0")
    assert "太阳能电池" in res.output
    res = run("show", "fx", "--currency", "GBP", "--limit", "0")
    assert "2011-01-01" in res.output and "0.6336" in res.output


def test_show_unknown_table_fails_cleanly():
    res = run("show", "nope")
    assert res.exit_code == 2 and "unknown reference table" in res.output


def test_search_en_and_zh():
    res = run("search", "Hong Kong")
    assert res.exit_code == 0 and "HKG" in res.output
    res = run("search", "美国", "--lang", "zh")
    assert "USA" in res.output
    res = run("search", "502")  # GAC partner code
    assert "USA" in res.output and "gac code 502" in res.output
    res = run("search", "9810", "--lang", "zh")
    assert "跨境电商出口海外仓" in res.output
    res = run("search", "深圳", "--lang", "zh")
    assert "440300" in res.output
    assert run("search", "zzqqxx").exit_code == 1


def test_members_on_a_date():
    res = run("members", "rcep", "--on", "2022-06-01")
    assert res.exit_code == 0 and "KOR" in res.output and "IDN" not in res.output
    res = run("members", "eu", "--on", "2020-01-31")
    assert "GBR" in res.output and "29 members" in res.output  # 28 states + XEC
    res = run("members", "eu", "--on", "2020-03-01")
    assert "GBR" not in res.output
    res = run("members", "new_three")
    assert "850760" in res.output and "approximation" in res.output
    res = run("members", "cbec_b2b_export")
    assert "9710" in res.output and "9810" in res.output and "9610" not in res.output
    assert run("members", "eu", "--on", "2020-02-30").exit_code == 2
    assert run("members", "nope").exit_code == 2
    assert run("show", "asean").exit_code == 0  # a group id also works with show
