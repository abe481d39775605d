"""Synthetic exports for the adapter cases of ``ingest.py``: a GAC query-platform export,
a Comtrade API download and a table with a mapping, each of ``rows`` rows in UTF-8 (so
DuckDB's ``read_csv`` can read the same file as the bound), with the codes, spellings
and number formats of the real files (thousands separators, a trailing comma, names of
partners to resolve, 万元 to multiply)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HS = [f"{c:08d}" for c in range(10_000_000, 10_000_000 + 5000 * 1_777, 1_777)]
GAC_PARTNERS = ["110", "121", "133", "116", "502", "304", "303", "601", "501", "305"]
PROVINCES = ["11", "31", "32", "33", "35", "37", "44", "4403", "3702", "50"]
UN_PARTNERS = ["842", "392", "410", "276", "344", "528", "356", "704", "36", "643"]
NAMES = ["韩国", "日本", "美国", "德国", "中国香港", "越南", "印度", "荷兰", "澳大利亚", "俄罗斯"]


def _thousands(n: int) -> str:
    return f"{n:,}"


def _digits(j: int, sizes: list[int]) -> list[int]:
    """Row j of a month as one combination of codes: no two rows share a record key."""
    out = []
    for size in sizes:
        j, d = divmod(j, size)
        out.append(d)
    return out


def gac(rows: int, path: Path) -> Path:
    if path.exists():
        return path
    rnd = random.Random(7)
    head = (
        '"Date of data","Commodity code","Trading partner code","Customs Regime code",'
        '"Locations of importers and exporters code","Quantity","Unit","US dollar",\n'
    )
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(head)
        modes = ["10", "14", "15"]
        for i in range(rows):
            month = 1 + i * 12 // rows
            p, m, r, h = _digits(i - (month - 1) * rows // 12, [10, 3, 10, len(HS)])
            unit = rnd.choice(["Kilogram", "?", "Piece"])
            qty = "0" if unit == "?" else _thousands(rnd.randrange(1, 10**7))
            fh.write(
                f'"2024{month:02d}","{HS[h]}","{GAC_PARTNERS[p]}","{modes[m]}",'
                f'"{PROVINCES[r]}","{qty}","{unit}","{_thousands(rnd.randrange(1, 10**8))}",\n'
            )
    return path


COMTRADE_HEAD = (
    "typeCode,freqCode,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,partnerCode,partnerISO,partnerDesc,partner2Code,classificationCode,cmdCode,"
    "customsCode,motCode,qtyUnitAbbr,qty,netWgt,primaryValue,isAggregate\n"
)


def comtrade(rows: int, path: Path) -> Path:
    if path.exists():
        return path
    rnd = random.Random(7)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(COMTRADE_HEAD)
        for i in range(rows):
            month = 1 + i * 12 // rows
            f, p, h = _digits(i - (month - 1) * rows // 12, [2, 10, len(HS)])
            fh.write(
                f"C,M,2024,{month},2024{month:02d},156,CHN,China,{'XM'[f]},"
                f"{UN_PARTNERS[p]},,,0,H6,{HS[h][:6]},C00,0,kg,"
                f"{rnd.randrange(1, 10**6)},{rnd.randrange(1, 10**6)},"
                f"{rnd.randrange(1, 10**9)}.{rnd.randrange(100):02d},false\n"
            )
    return path


MAPPING = """version: 1
columns: {period: 月份, flow: 方向, partner: 国家, hs_code: 商品编码, value: 金额}
constants: {currency: CNY}
translate: {flow: {出口: X, 进口: M}}
resolve: {partner: name}
multiply: {value: 万元}
"""


def mapped(rows: int, path: Path) -> tuple[Path, Path]:
    mapping = path.with_suffix(".yaml")
    mapping.write_text(MAPPING, encoding="utf-8")
    if path.exists():
        return path, mapping
    rnd = random.Random(7)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("月份,方向,国家,商品编码,金额\n")
        for i in range(rows):
            month = 1 + i * 12 // rows
            f, p, h = _digits(i - (month - 1) * rows // 12, [2, 10, len(HS)])
            fh.write(
                f"2024-{month:02d},{['出口', '进口'][f]},{NAMES[p]},{HS[h]},"
                f"{rnd.randrange(1, 10**6)}.{rnd.randrange(10000):04d}\n"
            )
    return path, mapping


def files(rows: int, work: Path) -> dict[str, tuple[str, str, dict]]:
    """{case: (file, format, ingest options)}."""
    work.mkdir(parents=True, exist_ok=True)
    table, mapping = mapped(rows, work / f"mapped-{rows}.csv")
    return {
        "gac": (str(gac(rows, work / f"gac-{rows}.csv")), "gac", {"flow": "X"}),
        "comtrade": (str(comtrade(rows, work / f"comtrade-{rows}.csv")), "comtrade", {}),
        "mapped": (str(table), "mapped", {"mapping": str(mapping)}),
    }


def section(adapters: dict[str, Any], ratio_row: Callable[..., str]) -> list[str]:
    """The adapter rows of the "Ingest" section of RESULTS.md."""
    lines = [
        "",
        f"Adapters, {adapters['rows']:,} rows each (UTF-8 CSV), against DuckDB's `read_csv` of "
        "the same file into a table of text:",
        "",
        "| format | tradestat | DuckDB read_csv | ratio | tradestat M rows/s | met (≤ 3×) |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for name in ("gac", "comtrade", "mapped"):
        lines.append(ratio_row(name, adapters[name], 3, None).replace(" (≤ 3×)", "", 1))
    return lines


def case_read_text(warehouse: str, path: str) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(warehouse)
    started = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', all_varchar = true)")
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()  # counted, as tradestat's close is
    return {"seconds": time.perf_counter() - started, "rows": rows}


def measure_adapters(rows: int, work: Path, run_case: Callable, log: Callable) -> dict[str, Any]:
    """Each adapter case and its bound, each in its own process (``ingest.run_case``)."""
    out: dict[str, Any] = {"rows": rows}
    for name, (path, fmt, options) in files(rows, work / "adapters").items():
        log(f"{name} adapter")
        out[name] = {
            "bound": run_case("read_text", work, path),
            "tradestat": run_case("tradestat", work, [path], fmt, options),
        }
    return out
