"""How often each differencing attack is refused, and how often an answered one lands
inside the protection interval.

Runs the attacks of tests/core/attacks.py and tests/core/insider_attacks.py (a reader
without the confidential scope, through the Python API) on the attack dataset under N
random record-key seeds and prints, per attack, how many seeds refused a query it needs
(tradestat.engine.patterns), how many of the answered ones gave an estimate within
protection_pct % of what it aims at, and the smallest and median error in that unit:

- outsider: the hidden cell's value, in units of its largest enterprise;
- insider: one enterprise of the two-enterprise threshold cell estimates the other
  (in units of the other's value), subtracting its own perturbed or exact value; and
  the second largest enterprise of the dominated cell estimating the largest;
- guess: an attacker who knows the noise bounds divides the differenced value by
  1 + the middle factor, guessing the noise went up.

    python benchmarks/disclosure_attacks.py --seeds 12
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core import attacks as A
from tests.core import insider_attacks as insiders

Estimate = tuple[float, float] | None  # (estimate, what it aims at); None: refused


def answered(attack, *args) -> Estimate:
    try:
        return attack(*args)
    except A.Refused:
        return None


def insider_attacks(ask: A.Ask, seed: str, middle: float) -> dict[str, Estimate]:
    """(estimate, what it aims at) or None per insider attack."""
    out: dict[str, Estimate] = {}
    for period in insiders.PERIODS:
        for attacker in insiders.ENTERPRISES:
            for knows in ("perturbed", "exact"):
                got = answered(insiders.insider, ask, seed, period, attacker, knows)
                out[f"insider {attacker} knows own {knows}, {period}"] = got and got[:2]
                if knows == "perturbed":
                    out[f"guess: insider {attacker} knows own perturbed, {period}"] = (
                        got and (got[0] / (1 + middle), got[1]))  # fmt: skip
    # the dominated KOR cell: its second largest enterprise (K1, 30) estimates BIG
    got = answered(A.partners_pair_minus_one, ask)
    per = A.contributions([3], "X", ("KOR",))
    own = float(A.perturbed(seed, {"K1": per["K1"]}))
    out["insider K1 knows own perturbed, KOR (dominated)"] = got and (got[0] - own, per["BIG"])
    out["guess: outsider, KOR (dominated)"] = got and (got[0] / (1 + middle), sum(per.values()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=12)
    args = ap.parse_args()
    import tradestat

    errors: dict[str, list[float]] = {}
    refused: dict[str, int] = {}
    protection = None

    def record(name: str, got: Estimate, unit: float | None = None) -> None:
        errors.setdefault(name, [])
        refused[name] = refused.get(name, 0) + (got is None)
        if got is not None:
            estimate, aim = got
            errors[name].append(abs(estimate - aim) / (unit or aim))

    for _ in range(args.seeds):
        with tempfile.TemporaryDirectory() as tmp, tradestat.connect(Path(tmp) / "w.duckdb") as w:
            seed = secrets.token_hex(16)
            A.load(w, Path(tmp), seed)
            policy = w.dataset(A.DS).disclosure
            protection = policy.protection_pct / 100
            middle = (policy.noise_min_pct + policy.noise_max_pct) / 200
            ask = A.reader(w)
            for name in A.ATTACKS:
                estimate, truth, top, _ = A.attempt(name, ask)
                got = None if estimate is None else (estimate, truth)
                record(f"outsider {name}", got, top)
            for name, got in insider_attacks(ask, seed, middle).items():
                record(name, got)
    out = {
        name: {
            "seeds": args.seeds,
            "refused": refused[name],
            "inside_interval": sum(x <= protection for x in e),
            "min_error": round(min(e), 3) if e else None,
            "median_error": round(statistics.median(e), 3) if e else None,
        }
        for name, e in errors.items()
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
