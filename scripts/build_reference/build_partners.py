"""Build the partner tables: partners.csv, partner_codes.csv, partner_aliases.csv.

Inputs (see SOURCES.md): country-codes/country-codes.csv (PDDL; ISO 3166-1, M49, UNTERM
names), gac-codes-chinautils/partners/ (GAC 3-digit codes, zh/en), baci-codes/ (Comtrade /
BACI numeric codes), and the hand-maintained tables in inputs/. Every GAC and Comtrade code
must map to exactly one partner, either by an unambiguous name match or by an override in
inputs/; the script stops otherwise.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from _common import raw_dir, read_csv, read_input, write_csv

from tradestat.reference._text import name_key

# alias priority: lower wins when two sources disagree on a key
MANUAL, GAC, ISO, BACI = 0, 1, 2, 3


def _gac_list(path: Path) -> dict[str, str]:
    """GAC list -> {code: name}; lines end with a trailing comma, names may contain commas."""
    out: dict[str, str] = {}
    for line in path.read_bytes().decode("gb18030").splitlines()[1:]:
        parts = line.rstrip().rstrip(",").split(",")
        if parts[0].strip().isdigit():
            name = ",".join(parts[1:])
            out[parts[0].strip()] = "".join(ch for ch in name if ch.isprintable()).strip()
    return out


class Aliases:
    def __init__(self) -> None:
        self.best: dict[str, tuple[int, str, str, str]] = {}  # key -> (prio, code, text, source)
        self.clash: dict[str, set[str]] = defaultdict(set)

    def add(self, text: str, code: str, prio: int, source: str) -> None:
        key = name_key(text)
        if not key or not code:
            return
        cur = self.best.get(key)
        if cur is None or prio < cur[0]:
            self.best[key] = (prio, code, text, source)
            self.clash.pop(key, None)
        elif prio == cur[0] and code != cur[1]:
            self.clash[key] |= {code, cur[1]}

    def lookup(self, text: str) -> str | None:
        key = name_key(text)
        if key in self.clash:
            return None
        hit = self.best.get(key)
        return hit[1] if hit else None


def main() -> None:
    raw = raw_dir()
    cc = read_csv(raw / "country-codes" / "country-codes.csv")
    partners: dict[str, dict[str, str]] = {}
    al = Aliases()
    for r in cc:
        code = r["ISO3166-1-Alpha-3"]
        indep = r["is_independent"]
        partners[code] = {
            "code": code,
            "iso2": r["ISO3166-1-Alpha-2"],
            "iso_numeric": r["ISO3166-1-numeric"].zfill(3),
            "kind": "country" if indep == "Yes" else "territory",
            "name_en": r["official_name_en"] or r["CLDR display name"],
            "name_zh": r["UNTERM Chinese Short"].rstrip(" *") or r["official_name_cn"],
            "note": "" if indep == "Yes" else indep,
        }
        for col in (
            "UNTERM English Short",
            "UNTERM English Formal",
            "official_name_en",
            "CLDR display name",
            "UNTERM Chinese Short",
            "UNTERM Chinese Formal",
            "official_name_cn",
        ):
            al.add(r[col].rstrip(" *"), code, ISO, "country-codes")
    for r in read_input("partner_historic.csv"):
        partners[r["code"]] = {**r, "iso_numeric": "", "kind": "historic"}
    for r in read_input("partner_special.csv"):
        partners[r["code"]] = {**r, "iso2": "", "iso_numeric": "", "kind": "special"}
    for r in (*read_input("partner_historic.csv"), *read_input("partner_special.csv")):
        al.add(r["name_en"], r["code"], ISO, "inputs")
        al.add(r["name_zh"], r["code"], ISO, "inputs")
    for r in read_input("partner_aliases.csv"):
        al.add(r["alias"], r["partner"], MANUAL, "inputs/partner_aliases.csv")

    # Comtrade / BACI numeric codes
    baci = read_csv(raw / "baci-codes" / "country_codes_V202301.csv")
    un_rows: list[dict[str, str]] = []
    special_un = {r["un_code"]: r for r in read_input("comtrade_special.csv")}
    for r in baci:
        num, iso3 = r["country_code"], r["iso_3digit_alpha"]
        if num in special_un:
            continue
        if iso3 not in partners:
            sys.exit(f"BACI {num} {r['country_name_full']}: ISO3 {iso3!r} unknown")
        un_rows.append(
            {
                "scheme": "un",
                "code": num,
                "partner": iso3,
                "name": r["country_name_abbreviation"],
                "note": "BACI V202301",
            }
        )
        if num not in ("58", "711"):  # Belgium-Luxembourg, SACU: aggregates, not names of BEL/ZAF
            al.add(r["country_name_abbreviation"], iso3, BACI, "BACI")
            al.add(r["country_name_full"], iso3, BACI, "BACI")
    for num, r in special_un.items():
        un_rows.append(
            {
                "scheme": "un",
                "code": num,
                "partner": r["partner"],
                "name": r["name"],
                "note": r["note"] or "UN Comtrade",
            }
        )

    # GAC 3-digit codes
    gdir = raw / "gac-codes-chinautils" / "partners"
    zh, en = _gac_list(gdir / "zh-TradingPartner.csv"), _gac_list(gdir / "en-TradingPartner.csv")
    clean_rows = read_csv(gdir / "en-TradingPartner-cleaned-manually.csv")
    clean = {r["code"]: r["en"].strip("\x00 ") for r in clean_rows}
    overrides = {r["gac_code"]: r for r in read_input("gac_partner_overrides.csv")}
    gac_rows, problems = [], []
    for code, zname in zh.items():
        if code in overrides:
            target = overrides[code]["partner"]
        else:
            hits = {al.lookup(t) for t in (zname, en.get(code, ""), clean.get(code, ""))} - {None}
            if len(hits) != 1:
                problems.append(f"GAC {code} {zname} / {en.get(code)}: candidates {sorted(hits)}")
                continue
            target = hits.pop()
        if target not in partners:
            sys.exit(f"GAC {code}: target {target} is not a partner code")
        gac_rows.append(
            {
                "scheme": "gac",
                "code": code,
                "partner": target,
                "name": zname,
                "note": en.get(code, ""),
            }
        )
    if problems:
        sys.exit(
            "unmapped GAC codes (add them to inputs/gac_partner_overrides.csv):\n"
            + "\n".join(problems)
        )

    # GAC names become aliases (and the zh display name of 1:1 partners)
    per_partner: dict[str, list[str]] = defaultdict(list)
    for r in gac_rows:
        per_partner[r["partner"]].append(r["code"])
    for r in gac_rows:
        p = partners[r["partner"]]
        if len(per_partner[r["partner"]]) == 1:
            al.add(r["name"], r["partner"], GAC, "GAC")
            al.add(r["note"], r["partner"], GAC, "GAC")
            p["name_zh"] = r["name"]
            cleaned = clean.get(r["code"], "")
            if cleaned and p["kind"] in ("country", "territory"):
                p["name_en"] = cleaned
    for r in read_input("partner_names.csv"):
        partners[r["code"]].update(name_en=r["name_en"], name_zh=r["name_zh"])
    for r in read_input("partner_kinds.csv"):
        partners[r["code"]].update(kind=r["kind"], note=r["note"])

    for p in partners.values():
        p.setdefault("article_en", "")
    for r in read_input("partner_articles.csv"):  # "the United Kingdom" in running text
        partners[r["code"]]["article_en"] = r["article_en"]

    fields = ["code", "iso2", "iso_numeric", "kind", "name_en", "name_zh", "note", "article_en"]
    write_csv("partners.csv", fields, sorted(partners.values(), key=lambda p: p["code"]))
    write_csv(
        "partner_codes.csv",
        ["scheme", "code", "partner", "name", "note"],
        sorted(gac_rows + un_rows, key=lambda r: (r["scheme"], int(r["code"]))),
    )
    alias_rows = [
        {"key": k, "partner": v[1], "alias": v[2], "source": v[3]}
        for k, v in sorted(al.best.items())
        if k not in al.clash
    ]
    alias_rows += [
        {"key": k, "partner": "|".join(sorted(v)), "alias": al.best[k][2], "source": "ambiguous"}
        for k, v in sorted(al.clash.items())
    ]
    write_csv("partner_aliases.csv", ["key", "partner", "alias", "source"], alias_rows)
    for k, v in sorted(al.clash.items()):
        print(f"ambiguous name {al.best[k][2]!r}: {sorted(v)}")


if __name__ == "__main__":
    main()
