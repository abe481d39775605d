"""Build the HS tables.

- hs_nomenclature.csv.gz, hs_sections.csv: HS2017 and HS2022 at 2/4/6 digits with sections
  (datasets/harmonized-system, ODC-PDDL);
- hs_correspondence.csv.gz, hs_conversion.csv.gz, hs_classes.csv.gz, bec4.csv: UNSD
  correlation and conversion tables, HS2022 <-> every earlier edition and HS -> BEC / SITC
  (via insongkim/concordance, MIT; see hs_concordance.py);
- china_hs8.parquet: China's 8-digit commodity codes 2015-2023, zh + en, statistical units
  (GAC lists via turbanisch/chinautils, MIT);
- product_groups/hs_section_NN.yaml: the 21 HS sections as product groups.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from _common import DATA, raw_dir, read_csv, read_input, write_csv
from hs_concordance import classes, concordance

ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split()  # noqa: SIM905
EDITIONS = {"HS2022": "hs-datasets", "HS2017": "hs-datasets/hs2017-edition"}
CHINA_YEARS = range(2015, 2024)


def nomenclature(raw: Path) -> dict[str, dict[str, list[str]]]:
    rows, sections, chapters = [], [], {}
    zh = {int(r["section"]): r["name_zh"] for r in read_input("hs_sections_zh.csv")}
    for edition, folder in EDITIONS.items():
        chapters[edition] = {}
        for r in read_csv(raw / folder / "harmonized-system.csv"):
            if r["hscode"] in ("TOTAL", ""):  # the aggregate row and a trailing empty row
                continue
            sec = r["section"]
            number = ROMAN.index(sec) + 1 if sec in ROMAN else ""
            rows.append(
                {
                    "edition": edition,
                    "code": r["hscode"],
                    "level": r["level"],
                    "section": number,
                    "parent": r["parent"],
                    "description": " ".join(r["description"].split()),
                }
            )
            if r["level"] == "2" and number:
                chapters[edition].setdefault(f"{number:02d}", []).append(r["hscode"])
        for r in read_csv(raw / folder / "sections.csv"):
            name = " ".join(r["name"].split())
            sections.append(
                {
                    "edition": edition,
                    "section": ROMAN.index(r["section"]) + 1,
                    "roman": r["section"],
                    "name": name[:1].upper() + name[1:],
                    "name_zh": zh[ROMAN.index(r["section"]) + 1],
                }
            )
    write_csv(
        "hs_nomenclature.csv.gz",
        ["edition", "code", "level", "section", "parent", "description"],
        rows,
    )
    write_csv("hs_sections.csv", ["edition", "section", "roman", "name", "name_zh"], sections)
    return chapters


def _gac_rows(path: Path) -> list[list[str]]:
    """Rows of a GAC commodity list; repairs rows whose description has stray quotes."""
    out = []
    for row in list(csv.reader(io.StringIO(path.read_bytes().decode("gb18030"))))[1:]:
        if len(row) > 8:  # an unescaped quote split the description into several fields
            row = [row[0], ",".join(row[1 : len(row) - 6]).replace('"', ""), *row[-6:]]
        clean = [" ".join(c.replace("\x00", "").split()) for c in row]
        out.append(clean)
    return out


def china_codes(raw: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = raw / "gac-codes-chinautils" / "commodities"
    unit_en: Counter[tuple[str, str]] = Counter()
    per_year = {}
    for year in CHINA_YEARS:
        en = {r[0]: r for r in _gac_rows(folder / f"en-hs8-{year}.csv")}
        zh = {r[0]: r for r in _gac_rows(folder / f"zh-hs8-{year}.csv")}
        if set(en) != set(zh):
            raise SystemExit(f"{year}: zh and en code lists differ")
        for r in en.values():
            for code, name in ((r[3], r[4]), (r[5], r[6])):
                if code != "?" and name and name != "?":
                    unit_en[(code, name)] += 1
        per_year[year] = (en, zh)
    best: dict[str, str] = {}
    for (code, name), _n in unit_en.most_common():
        best.setdefault(code, name)  # the English name each unit code has most often
    cols: dict[str, list] = {
        k: []
        for k in (
            "year",
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
    }
    for year, (en, zh) in per_year.items():
        for code in sorted(zh):
            z, e = zh[code], en[code]
            u2 = None if z[5] in ("?", "") else z[5]  # "?" or a NUL byte: no second unit
            values = (
                year,
                code,
                z[1],
                e[1],
                z[3],
                z[4],
                best.get(z[3]),
                u2,
                None if u2 is None else z[6],
                None if u2 is None else best.get(u2),
            )
            for key, value in zip(cols, values, strict=True):
                cols[key].append(value)
    schema = pa.schema([("year", pa.int16())] + [(k, pa.string()) for k in list(cols)[1:]])
    table = pa.table(cols, schema=schema)
    path = DATA / "china_hs8.parquet"
    pq.write_table(table, path, compression="zstd", compression_level=19)
    print(f"wrote {path.name}: {table.num_rows} rows, {path.stat().st_size} bytes")


def section_groups(chapters: dict[str, dict[str, list[str]]]) -> None:
    sections = {(r["edition"], int(r["section"])): r for r in read_csv(DATA / "hs_sections.csv")}
    for n in range(1, 22):
        sid = f"hs_section_{n:02d}"
        lines = [
            f"# HS section {ROMAN[n - 1]}. Generated by scripts/build_reference/build_hs.py.",
            f"id: {sid}",
            f'name_en: "Section {ROMAN[n - 1]}: {sections[("HS2022", n)]["name"]}"',
            f'name_zh: "第{n}类 {sections[("HS2022", n)]["name_zh"]}"',
            "kind: hs_section",
            "official: true",
            'source: "Harmonized System section of each chapter, datasets/harmonized-system '
            '(HS2017 and HS2022 editions, ODC-PDDL)"',
            'note: "Defined by the HS chapters of the section (2-digit prefixes). The HS2012 '
            "definition repeats HS2017's chapters (no chapter moved between the editions).\"",
            "editions:",
        ]
        # HS2012 has the same chapters in the same sections as HS2017 (China's 2015-2016 codes)
        for edition, basis in (("HS2012", "HS2017"), ("HS2017", "HS2017"), ("HS2022", "HS2022")):
            chs = ", ".join(f'"{c}"' for c in chapters[basis][f"{n:02d}"])
            lines += [f"  {edition}:", f"    include: [{chs}]"]
        (DATA / "product_groups" / f"{sid}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    print("wrote product_groups/hs_section_01..21.yaml")


def main() -> None:
    raw = raw_dir()
    chapters = nomenclature(raw)
    concordance(raw)
    classes(raw)
    china_codes(raw)
    section_groups(chapters)


if __name__ == "__main__":
    main()
