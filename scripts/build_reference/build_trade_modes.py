"""Build the trade-mode tables: stat_trade_modes.csv and trade_modes.csv.

- GAC statistical trade modes (贸易方式, 2 digits) from gac-codes-chinautils/regimes/
  (GB18030 zh list, ASCII en list; via turbanisch/chinautils, MIT);
- customs supervision modes (监管方式, 4 digits) from inputs/trade_modes_4digit.csv (typed
  by hand), with the statistical code derived by GAC's convention: the last two digits of a
  supervision-mode code are its statistical trade-mode code when that code is in the
  statistical list; otherwise the mode has no statistical code.
"""

from __future__ import annotations

from pathlib import Path

from _common import raw_dir, read_input, write_csv


def _gac_list(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_bytes().decode("gb18030").splitlines()[1:]:
        code, _, rest = line.rstrip().rstrip(",").partition(",")
        if code.strip().isdigit():
            out[code.strip()] = rest.strip()
    return out


def main() -> None:
    folder = raw_dir() / "gac-codes-chinautils" / "regimes"
    zh = _gac_list(folder / "zh-CustomsRegime.csv")
    en = _gac_list(folder / "en-CustomsRegime.csv")
    if set(zh) != set(en):
        raise SystemExit("zh and en statistical trade-mode lists differ")
    stat = [{"code": c, "name_zh": zh[c], "name_en": en[c]} for c in sorted(zh)]
    write_csv("stat_trade_modes.csv", ["code", "name_zh", "name_en"], stat)
    rows = []
    for r in read_input("trade_modes_4digit.csv"):
        if len(r["code"]) != 4 or not r["code"].isdigit():
            raise SystemExit(f"bad supervision-mode code {r['code']!r}")
        last2 = r["code"][2:]
        rows.append({**r, "stat_code": last2 if last2 in zh else ""})
    fields = ["code", "name_zh", "name_en", "stat_code", "introduced", "confidence", "note"]
    write_csv("trade_modes.csv", fields, rows)


if __name__ == "__main__":
    main()
