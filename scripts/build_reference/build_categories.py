"""Build online_retail_categories.csv.gz: a name for each Online Retail stock code.

The source (UCI Online Retail, bundled as ``tradestat/samples/online-retail.parquet``,
CC BY 4.0) describes every order line's item; an item's name is the description its
lines carry most often (ties: the first in sort order), in sentence case. Chinese names
are hand translations of the items with the largest sales
(``inputs/online_retail_categories_zh.csv``).

    python build_categories.py
"""

from __future__ import annotations

import re

import duckdb
from _common import REPO, read_input, write_csv

SAMPLE = REPO / "src" / "tradestat" / "samples" / "online-retail.parquet"
KEEP_UPPER = {"LED", "UK", "USA", "DVD", "CD"}  # abbreviations stay in capitals
PROPER = {
    "CHRISTMAS",
    "EASTER",
    "VICTORIAN",
    "ENGLAND",
    "ENGLISH",
    "FRENCH",
    "PARIS",
    "LONDON",
    "JACK",
    "SCANDINAVIAN",
    "MOROCCAN",
    "EDWARDIAN",
    "VALENTINE",
    "SUKI",
    "UNION",
}


def sentence_case(text: str) -> str:
    """'WHITE HANGING HEART T-LIGHT HOLDER' -> 'White hanging heart T-light holder'."""
    words = []
    for word in " ".join(text.split()).split(" "):
        if word in KEEP_UPPER:
            words.append(word)
        elif (word[:-2] if word.endswith("'S") else word) in PROPER:
            words.append(word[:1] + word[1:].lower())
        elif re.fullmatch(r"T-LIGHTS?", word):
            words.append("T-" + word[2:].lower())
        else:
            words.append(word.lower())
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def main() -> None:
    rows = duckdb.sql(
        f"""
        SELECT code, arg_min(description, (-n, description)) AS description FROM (
          SELECT StockCode AS code, Description AS description, count(*) AS n
          FROM read_parquet('{SAMPLE}') WHERE Description IS NOT NULL
            AND trim(Description) <> '' AND Description = upper(Description)
          GROUP BY ALL)
        GROUP BY code ORDER BY code
        """
    ).fetchall()
    zh = {r["code"]: r["name_zh"] for r in read_input("online_retail_categories_zh.csv")}
    out = [{"code": c, "name_en": sentence_case(d), "name_zh": zh.get(c, "")} for c, d in rows]
    missing = set(zh) - {r["code"] for r in out}
    if missing:
        raise SystemExit(f"translated codes not in the source: {sorted(missing)}")
    write_csv("online_retail_categories.csv.gz", ["code", "name_en", "name_zh"], out)
    print(f"{len(out)} items, {sum(bool(r['name_zh']) for r in out)} with Chinese names")


if __name__ == "__main__":
    main()
