"""Validation of group files: bad user files fail loudly, naming the file and the entry."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from tradestat import reference
from tradestat.reference import (
    ReferenceError,
    partner_group,
    partner_group_ids,
    partner_group_members_on,
)

HEAD = """\
id: {id}
name_en: Test group
name_zh: 测试
kind: custom
source: unit test
members:
"""


def _write(root: Path, gid: str, members: str, head: str = HEAD, folder="partner_groups") -> Path:
    d = root / folder
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"{gid}.yaml"
    path.write_text(head.format(id=gid) + textwrap.dedent(members), encoding="utf-8")
    return path


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADESTAT_REFERENCE_PATH", str(tmp_path))
    reference.clear_caches()
    return tmp_path


def test_valid_user_group_is_loaded(user_dir):
    _write(
        user_dir,
        "my_markets",
        """\
      - {member: USA, valid_from: 2020-01-01, valid_to: 2021-01-01}
      - {member: USA, valid_from: 2021-01-01, valid_to: null}
      - {member: DEU, valid_from: null, valid_to: null}
    """,
    )
    assert "my_markets" in partner_group_ids()
    assert partner_group_members_on("my_markets", date(2021, 6, 1)) == {"USA", "DEU"}
    assert partner_group_members_on("my_markets", date(2019, 6, 1)) == {"DEU"}
    assert partner_group("my_markets").members[0].source == "unit test"


def _fails(match: str, *parts: str):
    with pytest.raises(ReferenceError, match=match) as info:
        partner_group_ids()
    for part in parts:
        assert part in str(info.value)


def test_overlapping_intervals(user_dir):
    _write(
        user_dir,
        "bad_overlap",
        """\
      - {member: FRA, valid_from: 2020-01-01, valid_to: 2022-01-01}
      - {member: FRA, valid_from: 2021-06-01, valid_to: null}
    """,
    )
    _fails("no-overlap", "bad_overlap.yaml", "FRA")


def test_open_interval_overlaps_later_one(user_dir):
    _write(
        user_dir,
        "bad_open",
        """\
      - {member: FRA, valid_from: null, valid_to: null}
      - {member: FRA, valid_from: 2021-06-01, valid_to: null}
    """,
    )
    _fails("no-overlap", "bad_open.yaml")


def test_unknown_member(user_dir):
    _write(user_dir, "bad_member", "  - {member: ABC, valid_from: null, valid_to: null}\n")
    _fails("known-member", "bad_member.yaml", "ABC")


def test_member_must_be_alpha3(user_dir):
    _write(user_dir, "bad_code", "  - {member: US, valid_from: null, valid_to: null}\n")
    _fails("does not match", "bad_code.yaml", "members/0/member")


def test_impossible_date(user_dir):
    _write(user_dir, "bad_date", "  - {member: FRA, valid_from: 2020-13-01, valid_to: null}\n")
    _fails("not a valid date", "bad_date.yaml", "FRA")


def test_from_not_before_to(user_dir):
    _write(
        user_dir,
        "bad_order",
        """\
      - {member: FRA, valid_from: 2021-01-01, valid_to: 2021-01-01}
    """,
    )
    _fails("from-before-to", "bad_order.yaml", "FRA")


def test_missing_source_fails_schema(user_dir):
    head = HEAD.replace("source: unit test\n", "")
    _write(user_dir, "no_source", "  - {member: FRA}\n", head=head)
    _fails("'source' is a required property", "no_source.yaml")


def test_id_must_match_file_name(user_dir):
    path = _write(user_dir, "right_name", "  - {member: FRA}\n")
    path.rename(path.with_name("wrong_name.yaml"))
    _fails("file name", "wrong_name.yaml")


def test_duplicate_id_needs_override(user_dir):
    _write(user_dir, "eu", "  - {member: FRA}\n")
    _fails("already defined", "eu.yaml", "override")


def test_override_replaces_packaged_group(user_dir):
    head = HEAD.replace("members:\n", "override: true\nmembers:\n")
    _write(user_dir, "bri", "  - {member: PAK}\n  - {member: KAZ}\n", head=head)
    assert partner_group_members_on("bri", date(2024, 1, 1)) == {"PAK", "KAZ"}


def test_yaml_syntax_error(user_dir):
    d = user_dir / "partner_groups"
    d.mkdir()
    (d / "broken.yaml").write_text("id: broken\nmembers: [\n", encoding="utf-8")
    _fails("cannot be parsed", "broken.yaml")


def test_reference_path_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADESTAT_REFERENCE_PATH", str(tmp_path / "missing"))
    reference.clear_caches()
    _fails("not a directory", "missing")
