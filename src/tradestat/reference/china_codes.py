"""China's 8-digit customs commodity codes (商品编码), 2015-2023, with statistical units.

From GAC's code lists (via turbanisch/chinautils, MIT): one Parquet file with a row per
year and code: description in Chinese and English, first and second statistical unit (GAC
unit code, Chinese name, English name; the second unit is null when there is none). The
codes follow HS2012 in 2015-2016, HS2017 in 2017-2021 and HS2022 from 2022.

Repairs made by the build script (see PROVENANCE.md): descriptions split by stray quotes are
re-joined; units are taken from the Chinese list (the 2017 English list has NUL bytes
instead of unit names, and 13 rows of the 2022-2023 English lists pair unit code 09 with
the wrong name); English unit names are the name each GAC unit code carries most often.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tradestat.reference._files import DATA_DIR, display
from tradestat.reference.errors import ReferenceError, UnknownCode

if TYPE_CHECKING:
    import pyarrow as pa

YEARS = range(2015, 2024)
FILE = DATA_DIR / "china_hs8.parquet"
COLUMNS = (
    "code8",
    "description_zh",
    "description_en",
    "unit1_code",
    "unit1_zh",
    "unit1_en",
    "unit2_code",
    "unit2_zh",
    "unit2_en",
)


def china_edition(year: int) -> str:
    """HS edition that China's 8-digit codes of ``year`` are based on."""
    if year < 2017:
        return "HS2012"
    return "HS2017" if year < 2022 else "HS2022"


@cache
def _table() -> pa.Table:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(FILE)
    missing = {"year", *COLUMNS} - set(table.column_names)
    if missing:
        raise ReferenceError(display(FILE), "columns", f"missing {sorted(missing)}")
    codes = table.column("code8")
    bad = pc.invert(pc.match_substring_regex(codes, r"^\d{8}$"))
    if pc.any(bad).as_py():
        first = table.filter(bad).column("code8")[0].as_py()
        raise ReferenceError(display(FILE), f"code8 {first!r}", "not 8 digits")
    keys = pc.binary_join_element_wise(pc.cast(table.column("year"), "string"), codes, "-")
    if pc.count_distinct(keys).as_py() != table.num_rows:
        raise ReferenceError(display(FILE), "year, code8", "duplicate codes within a year")
    return table


@cache
def china_codes(year: int) -> pa.Table:
    """China's 8-digit codes of ``year`` (2015-2023): code8, descriptions, units."""
    import pyarrow.compute as pc

    if year not in YEARS:
        raise UnknownCode(str(year), "China commodity-code year", "available: 2015-2023")
    table = _table()
    return table.filter(pc.equal(table.column("year"), year)).select(list(COLUMNS))


@cache
def _labels() -> dict[str, list[tuple[int, str, str]]]:
    table = _table()
    out: dict[str, list[tuple[int, str, str]]] = {}
    cols = [
        table.column(c).to_pylist() for c in ("year", "code8", "description_zh", "description_en")
    ]
    for year, code, zh, en in zip(*cols, strict=True):
        out.setdefault(code, []).append((year, zh, en))
    return out


def china_label(code8: str, edition: str | None = None, lang: str = "en") -> str | None:
    """Description of an 8-digit code: latest year (of ``edition`` if given) that has it."""
    rows = [
        r for r in _labels().get(code8, []) if edition is None or china_edition(r[0]) == edition
    ]
    if not rows:
        return None
    _year, zh, en = max(rows)
    return zh if lang == "zh" else en
