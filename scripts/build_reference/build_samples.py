"""Demo samples derived from raw files: ``src/tradestat/samples/china-partners-mirror.csv``.

China's trade by partner as the partners reported it to UN Comtrade (mirror data:
``comtrade-cipf``, files ``China_2.1.1_top_export_partners_reverse.xlsx`` — each
reporter's imports from China — and ``China_3.1.1_top_import_partners.xlsx`` — its
exports to China). Kept: 2021 to 2023, and only the reporters that filed both flows in
every one of those years, so that the years cover the same partners (growth on a
comparable basis, a year and two years back). Values in USD, rounded to the cent
(the source has a few tenths of a cent). Reporter names become ISO 3166 alpha-3 codes
through tradestat's own partner aliases; a name that does not resolve stops the build.
"""

from __future__ import annotations

import csv
import sys

from _common import REPO, raw_dir

YEARS = (2021, 2022, 2023)
# flow as China sees it <- the mirror file and what its reporters filed
FILES = {
    "X": "China_2.1.1_top_export_partners_reverse.xlsx",  # reporters' imports from China
    "M": "China_3.1.1_top_import_partners.xlsx",  # reporters' exports to China
}
OUT = REPO / "src" / "tradestat" / "samples" / "china-partners-mirror.csv"


def main(argv: list[str] | None = None) -> None:
    import pandas as pd

    from tradestat.reference.partners import resolve_partners

    raw = raw_dir(argv) / "comtrade-cipf"
    frames = []
    for flow, name in FILES.items():
        d = pd.read_excel(raw / name)
        d = d[d["refYear"].isin(YEARS) & (d["partnerDesc"] == "China")]
        frames.append(d.assign(flow=flow)[["refYear", "flow", "reporterDesc", "partner_sum"]])
    rows = pd.concat(frames)
    filed = rows.groupby("reporterDesc")[["refYear", "flow"]].apply(
        lambda g: len(set(zip(g["refYear"], g["flow"], strict=True)))
    )
    complete = set(filed[filed == len(YEARS) * len(FILES)].index)
    rows = rows[rows["reporterDesc"].isin(complete)]
    codes = resolve_partners(sorted(complete))
    missing = sorted(n for n, c in codes.items() if not c)
    if missing:
        sys.exit(f"reporters without a partner code: {missing}")
    rows = rows.assign(partner=rows["reporterDesc"].map(codes))
    rows = rows.sort_values(["refYear", "flow", "partner"])
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["period", "flow", "partner", "value", "currency"])
        for r in rows.itertuples():
            out.writerow([r.refYear, r.flow, r.partner, f"{r.partner_sum:.2f}", "USD"])
    print(f"{OUT.name}: {len(rows)} rows, {len(complete)} partners, years {YEARS}")


if __name__ == "__main__":
    main()
