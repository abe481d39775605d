"""The UNSD HS correlation and conversion tables, and the HS -> BEC / SITC tables.

- hs_correspondence.csv.gz, hs_conversion.csv.gz: HS2022 <-> every earlier edition
  (HS2017, HS2012, HS2007, HS2002, HS1996, HS1992) and HS2017 <-> HS2012, as published;
- hs_classes.csv.gz: HS 6-digit codes -> BEC Rev.4 (HS2022 and HS2017 tables) and SITC Rev.4
  (HS2022 table), with the relationship types;
- bec4.csv: the BEC Rev.4 categories (BEC4_DESC.xlsx) with the SNA basic class each
  leaf falls in (inputs/bec4_end_use.csv, typed from the BEC Rev.4 manual).

Called by build_hs.py; importable alone (``python hs_concordance.py``).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from _common import raw_dir, read_input, write_csv

EARLIER = ("HS2017", "HS2012", "HS2007", "HS2002", "HS1996", "HS1992")


def _specs() -> list[tuple[str, tuple[str, str], str, str, tuple[int, int, int]]]:
    """(file, (from, to), correlation sheet, conversion sheet, columns of the pair)."""
    out = []
    for ed in EARLIER:
        out.append(
            (
                f"HS2022to{ed}ConversionAndCorrelationTables.xlsx",
                ("HS2022", ed),
                f"HS2022-{ed} Correlations",
                f"HS2022-{ed} Conversions",
                (0, 1, 2),
            )
        )
    out.append(
        (
            "HS2017toHS2012ConversionAndCorrelationTables.xlsx",
            ("HS2017", "HS2012"),
            "Correlation HS17-HS12",
            "Conversion HS17-HS12",
            (0, 2, 3),
        )
    )
    return out


def _code(value: object) -> str:
    text = str(value).strip()
    return text.zfill(6) if text.isdigit() else text


def concordance(raw: Path) -> None:
    import openpyxl

    folder = raw / "hs-concordance"
    corr, conv = [], []
    for file, (src, dst), corr_sheet, conv_sheet, (a, b, rel) in _specs():
        wb = openpyxl.load_workbook(folder / file, read_only=True)
        # the first two rows are titles ("Between", then the editions)
        for row in list(wb[corr_sheet].iter_rows(values_only=True))[2:]:
            if row[a] is None:
                continue
            corr.append(
                {
                    "from_edition": src,
                    "to_edition": dst,
                    "from_code": _code(row[a]),
                    "to_code": _code(row[b]),
                    "relationship": str(row[rel]).strip(),
                }
            )
        for row in list(wb[conv_sheet].iter_rows(values_only=True))[1:]:
            if row[0] is not None:
                conv.append(
                    {
                        "from_edition": src,
                        "to_edition": dst,
                        "from_code": _code(row[0]),
                        "to_code": _code(row[1]),
                    }
                )
        print(
            file,
            Counter(
                r["relationship"]
                for r in corr
                if r["from_edition"] == src and r["to_edition"] == dst
            ),
        )
    fields = ["from_edition", "to_edition", "from_code", "to_code"]
    write_csv("hs_correspondence.csv.gz", [*fields, "relationship"], corr)
    write_csv("hs_conversion.csv.gz", fields, conv)


def classes(raw: Path) -> None:
    import openpyxl

    folder = raw / "hs-concordance"
    rows = []
    for edition in ("HS2022", "HS2017"):
        path = folder / f"{edition} to BEC Conversion and Correlation Tables.csv"
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for r in list(csv.reader(fh))[1:]:
                if not r[0].strip():  # rows without an HS code (the HS2022 file has 265)
                    continue
                rows.append(
                    {
                        "classification": "BEC4",
                        "hs_edition": edition,
                        "hs_code": _code(r[0]),
                        "class_code": r[1].strip(),
                        "relationship": r[2].strip(),
                    }
                )
    wb = openpyxl.load_workbook(
        folder / "HS2022toSITC4ConversionAndCorrelationTables.xlsx", read_only=True
    )
    for r in list(wb["Correlation HS22-SITC4"].iter_rows(values_only=True))[2:]:
        if r[0] is not None:
            rows.append(
                {
                    "classification": "SITC4",
                    "hs_edition": "HS2022",
                    "hs_code": _code(r[0]),
                    "class_code": str(r[1]).strip(),
                    "relationship": str(r[2]).strip(),
                }
            )
    print("hs_classes", Counter((r["classification"], r["hs_edition"]) for r in rows))
    fields = ["classification", "hs_edition", "hs_code", "class_code", "relationship"]
    write_csv("hs_classes.csv.gz", fields, rows)
    end_use = {r["bec"]: r["end_use"] for r in read_input("bec4_end_use.csv")}
    bec = []
    for r in list(
        openpyxl.load_workbook(folder / "BEC4_DESC.xlsx", read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )[1:]:
        code = str(r[1])
        if code == "TOTAL":
            continue
        bec.append(
            {
                "code": code,
                "description": r[2],
                "parent": r[3],
                "leaf": r[5],
                "end_use": end_use.get(code, ""),
            }
        )
    leaves = {b["code"] for b in bec if b["leaf"]}
    missing = leaves - set(end_use)
    if missing:
        raise SystemExit(f"BEC leaves without an end use in inputs/bec4_end_use.csv: {missing}")
    write_csv("bec4.csv", ["code", "description", "parent", "leaf", "end_use"], bec)


if __name__ == "__main__":
    raw = raw_dir()
    concordance(raw)
    classes(raw)
