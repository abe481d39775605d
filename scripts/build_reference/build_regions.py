"""Build regions.csv: China's provinces, prefecture-level cities and counties (GB/T 2260).

Inputs: cn-admin-divisions/ (modood/Administrative-divisions-of-China, WTFPL; NBS 2023
statistical division codes), inputs/province_names.csv (34 province-level names typed by
hand), inputs/region_names_en.csv (hand-checked English names of prefecture-level units),
inputs/region_suffixes.csv and inputs/ethnic_groups.csv. Other English names are generated
with pypinyin (a build-time tool only: `pip install pypinyin`, not a runtime dependency).
"""

from __future__ import annotations

from _common import raw_dir, read_csv, read_input, write_csv

SAR = {"81": "香港特别行政区", "82": "澳门特别行政区", "71": "台湾省"}


def _forced() -> dict[str, str]:
    return {r["char"]: r["pinyin"] for r in read_input("place_polyphones.csv")}


FORCED: dict[str, str] = {}


def pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    if not FORCED:
        FORCED.update(_forced())
    syllables = lazy_pinyin(text, v_to_u=True)
    if len(syllables) == len(text):
        syllables = [FORCED.get(ch, syl) for ch, syl in zip(text, syllables, strict=True)]
    out = ""
    for i, syl in enumerate(syllables):
        if i and syl[:1] in "aoe" and out[-1:].isalpha():
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


class Namer:
    def __init__(self) -> None:
        self.suffixes = sorted(
            ((r["suffix_zh"], r["suffix_en"]) for r in read_input("region_suffixes.csv")),
            key=lambda s: -len(s[0]),
        )
        self.ethnic = sorted(
            ((r["zh"], r["en"]) for r in read_input("ethnic_groups.csv")), key=lambda s: -len(s[0])
        )

    def _ethnic_tail(self, stem: str) -> tuple[str, list[str]]:
        found: list[str] = []
        changed = True
        while changed:
            changed = False
            for zh, en in self.ethnic:
                if stem.endswith(zh) and len(stem) > len(zh):
                    stem, changed = stem[: -len(zh)], True
                    found.insert(0, en)
                    break
        return stem, found

    def english(self, name: str, level: str) -> str:
        for zh, en in self.suffixes:
            if name.endswith(zh) and len(name) > len(zh):
                stem = name[: -len(zh)]
                words = []
                if zh.startswith("自治"):
                    stem, words = self._ethnic_tail(stem)
                base = pinyin(stem)
                if level == "city" and zh == "市":
                    return base  # prefecture-level cities: "Shenzhen", not "Shenzhen City"
                return " ".join([base, " and ".join(words), en]).replace("  ", " ")
        return pinyin(name)


def main() -> None:
    raw = raw_dir()
    folder = raw / "cn-admin-divisions"
    namer = Namer()
    prov_in = {r["code"]: r for r in read_input("province_names.csv")}
    overrides = {r["code"]: r["name_en"] for r in read_input("region_names_en.csv")}
    provinces = {r["code"]: r["name"] for r in read_csv(folder / "provinces.csv")}
    provinces.update(SAR)
    rows = []

    def add(code, level, zh, en, province, city="", note="", aliases=()):
        rows.append(
            {
                "code": code,
                "level": level,
                "name_zh": zh,
                "name_en": en,
                "province": province,
                "city": city,
                "note": note,
                "aliases": "|".join(a for a in dict.fromkeys(aliases) if a),
            }
        )

    for code, zh in sorted(provinces.items()):
        p = prov_in[code]
        en = p["name_en"]
        # GAC's English exports write "Guangdong Province" (even "Shanghai Province")
        add(
            f"{code}0000",
            "province",
            zh,
            en,
            f"{code}0000",
            note=p["kind"],
            aliases=(p["short_zh"], f"{en} Province", f"{en} Sheng"),
        )
    for r in read_csv(folder / "cities.csv"):
        code, zh, prov = r["code"], r["name"], r["provinceCode"]
        pname, pen = provinces[prov], prov_in[prov]["name_en"]
        note, rolls_up, aliases = "", "", ()
        if zh == "市辖区":
            zh, en, note = pname, pen, "municipality: its districts as one city-level unit"
        elif zh == "县":
            zh, en, rolls_up = f"{pname}(县)", f"{pen} (counties)", f"{prov}0100"
            note = f"GB/T 2260 code for the counties of {pen}; rolls up to {rolls_up}"
        elif zh.endswith("直辖县级行政区划"):
            en = f"County-level divisions directly under {pen}"
            note = "not a city: county-level cities and counties administered by the province"
        else:
            en = overrides.get(code) or namer.english(zh, "city")
            if zh.endswith("市"):
                aliases = (zh[:-1], f"{en} City")
        add(f"{code}00", "city", zh, en, f"{prov}0000", rolls_up, note, aliases)
    for r in read_csv(folder / "areas.csv"):
        code, zh, city, prov = r["code"], r["name"], r["cityCode"], r["provinceCode"]
        if code == f"{city}00":
            continue  # cities without districts (Dongguan, Zhongshan, Danzhou) repeat their code
        en = overrides.get(code) or namer.english(zh, "county")
        add(code, "county", zh, en, f"{prov}0000", f"{city}00")
    known = {r["code"][:4] for r in rows if r["level"] == "city"}
    known |= {r["code"] for r in rows if r["level"] == "county"}
    missing = set(overrides) - known
    if missing:
        raise SystemExit(f"region_names_en.csv names unknown codes: {sorted(missing)}")
    fields = ["code", "level", "name_zh", "name_en", "province", "city", "note", "aliases"]
    write_csv("regions.csv.gz", fields, rows)


if __name__ == "__main__":
    main()
