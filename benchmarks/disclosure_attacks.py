"""How often each differencing attack lands inside the protection interval.

Runs the attacks of tests/core/attacks.py (a reader without the confidential scope,
through the Python API) on the attack dataset under N random record-key seeds and
prints, per attack, how many seeds gave an estimate within protection_pct % of the
hidden cell's largest enterprise, and the smallest and median error in that unit.

    python benchmarks/disclosure_attacks.py --seeds 40
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=40)
    args = ap.parse_args()
    import tradestat

    errors: dict[str, list[float]] = {name: [] for name in A.ATTACKS}
    protection = None
    for _ in range(args.seeds):
        with tempfile.TemporaryDirectory() as tmp, tradestat.connect(Path(tmp) / "w.duckdb") as w:
            A.load(w, Path(tmp), secrets.token_hex(16))
            protection = w.dataset(A.DS).disclosure.protection_pct / 100

            def ask(q: dict, w=w) -> list[dict]:
                return w.query(q, confidential=False).rows()

            for name, attack in A.ATTACKS.items():
                estimate, truth, top = attack(ask)
                errors[name].append(abs(estimate - truth) / top)
    out = {
        name: {
            "seeds": len(e),
            "inside_interval": sum(x <= protection for x in e),
            "min_error_of_largest": round(min(e), 3),
            "median_error_of_largest": round(statistics.median(e), 3),
        }
        for name, e in errors.items()
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
