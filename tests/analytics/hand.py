"""A 3 reporter x 3 product export matrix whose complexity measures are worked out by
hand below (closed forms with the square root of 5), shared by the complexity tests.

    x (USD)   0101 0201 0301 | total      RCA = (x / 8) / (x_p / 24) = 3 x / x_p
    AAA          4    3    1 |   8        AAA  2     9/7   3/11   -> M 1 1 0
    BBB          1    3    4 |   8        BBB  1/2   9/7   12/11  -> M 0 1 1
    CCC          1    1    6 |   8        CCC  1/2   3/7   18/11  -> M 0 0 1
    x_p          6    7   11 |  24

diversity (2, 2, 1), ubiquity (1, 2, 2). M~_pq = sum_c M_cp M_cq / (k_p k_c) is
[[1/2, 1/2, 0], [1/4, 1/2, 1/4], [0, 1/4, 3/4]]: eigenvalues 1, (3 + r5) / 8 and
(3 - r5) / 8, the second with eigenvector kp = (1, (r5 - 1) / 4, -(1 + r5) / 4).
kc = M kp / k_c = ((3 + r5) / 8, -1/4, -(1 + r5) / 4), which rises with diversity (no
sign flip). Proximity C_pq / max(k_p, k_q): phi_12 = 1/2, phi_13 = 0, phi_23 = 1/2.
density_cp = sum_q M_cq phi_qp / sum_q phi_qp: AAA (1, 1/2, 1), BBB (1, 1/2, 1),
CCC (0, 1/2, 0). COI before its z-score: sum_p density (1 - M) kp = (kp_3, kp_1,
kp_2 / 2). COG before dividing by ECI's sd: only CCC gains, ((r5 - 1) / 8, 1, 0).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

R5 = math.sqrt(5)
REPORTERS = ("AAA", "BBB", "CCC")
PRODUCTS = ("0101", "0201", "0301")
X = {"AAA": (4, 3, 1), "BBB": (1, 3, 4), "CCC": (1, 1, 6)}
RCA = {"AAA": (2, 9 / 7, 3 / 11), "BBB": (1 / 2, 9 / 7, 12 / 11), "CCC": (1 / 2, 3 / 7, 18 / 11)}
M = {"AAA": (1, 1, 0), "BBB": (0, 1, 1), "CCC": (0, 0, 1)}
DIVERSITY = {"AAA": 2, "BBB": 2, "CCC": 1}
UBIQUITY = (1, 2, 2)
KP = (1.0, (R5 - 1) / 4, -(1 + R5) / 4)
KC = {"AAA": (3 + R5) / 8, "BBB": -0.25, "CCC": -(1 + R5) / 4}
DENSITY = {"AAA": (1, 0.5, 1), "BBB": (1, 0.5, 1), "CCC": (0, 0.5, 0)}
COI_RAW = {"AAA": KP[2], "BBB": KP[0], "CCC": KP[1] / 2}
COG_RAW = {"AAA": (0, 0, 0), "BBB": (0, 0, 0), "CCC": ((R5 - 1) / 8, 1, 0)}


def long_stats(per_reporter: dict[str, float]) -> tuple[float, float]:
    """Mean and sample sd over the 9 reporter x product rows (each reporter 3 times)."""
    rows = [v for v in per_reporter.values() for _ in PRODUCTS]
    mean = sum(rows) / len(rows)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in rows) / (len(rows) - 1))


def expected() -> dict[tuple[str, str], dict[str, float]]:
    mean, sd = long_stats(KC)
    coi_mean, coi_sd = long_stats(COI_RAW)
    out = {}
    for c in REPORTERS:
        for j, p in enumerate(PRODUCTS):
            out[(c, p)] = {
                "value": X[c][j], "rca": RCA[c][j], "mcp": M[c][j],
                "diversity": DIVERSITY[c], "ubiquity": UBIQUITY[j],
                "eci": (KC[c] - mean) / sd, "pci": (KP[j] - mean) / sd,
                "density": DENSITY[c][j], "coi": (COI_RAW[c] - coi_mean) / coi_sd,
                "cog": COG_RAW[c][j] / sd,
            }  # fmt: skip
    return out


def write(path: Path, year: str = "2020", enterprises: bool = False, lonely: bool = True) -> Path:
    """The matrix as canonical records; with ``enterprises`` each cell is split over
    four enterprises (with ``lonely``, AAA's 0101 over one only: a cell disclosure
    control hides)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["period", "flow", "reporter", "hs_code", "enterprise_id", "value",
                      "currency"])  # fmt: skip
        for c in REPORTERS:
            for j, p in enumerate(PRODUCTS):
                v = X[c][j]
                if not enterprises:
                    out.writerow([year, "X", c, p, "", f"{v}.00", "USD"])
                    continue
                one = lonely and (c, p) == ("AAA", "0101")
                parts = [v] if one else [v * 0.3, v * 0.25, v * 0.25, v * 0.2]
                for k, part in enumerate(parts):
                    out.writerow([year, "X", c, p, f"{c}-{k}", f"{part:.2f}", "USD"])
    return path
