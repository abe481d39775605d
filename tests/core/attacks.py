"""Differencing attacks on a published dataset in which one enterprise dominates a cell.

``records()`` is the dataset (plain Python, so every true figure is computed here,
independently of tradestat); each attack takes ``ask(query) -> rows`` (the Python API
or the REST API, as a reader without the confidential scope) and returns the
attacker's estimate of a hidden cell with the cell's true value and its largest
enterprise contribution (the protection interval is a percentage of that).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

Ask = Callable[[dict], list[dict]]
DS = "attack"
MONTHS = range(1, 8)  # 2023-01 .. 2023-07 (and 2022 the same, at 90 %)
FINAL, EARLY = "2023-08-10", "2023-04-10"
COLUMNS = ["record_id", "period", "flow", "partner", "enterprise_id", "value", "is_return",
           "vintage"]  # fmt: skip


@dataclass(frozen=True)
class Row:
    record_id: str
    period: str
    flow: str
    partner: str
    enterprise_id: str
    value: float
    is_return: bool = False
    vintage: str = FINAL


def records() -> list[Row]:
    rows: list[Row] = []

    def add(year: int, m: int, flow: str, partner: str, ent: str, value: float, **kw) -> None:
        scale = 1.0 if year == 2023 else 0.9
        rid = f"{year}{m:02d}{flow}{partner}{ent}{'r' if kw.get('is_return') else ''}"
        rows.append(Row(rid, f"{year}-{m:02d}", flow, partner, ent, round(value * scale, 2), **kw))

    for year in (2022, 2023):
        for m in MONTHS:
            # KOR exports: one enterprise dominates (1000 of 1075); imports are spread
            add(year, m, "X", "KOR", "BIG", 1000)
            for i, v in enumerate((20, 30, 25)):
                add(year, m, "X", "KOR", f"K{i}", v)
            for i in range(5):
                add(year, m, "M", "KOR", f"KI{i}", 300 + 10 * i)
            for partner, base in (("USA", 200), ("JPN", 300), ("DEU", 100)):
                for flow in ("X", "M"):
                    for i in range(5):
                        add(year, m, flow, partner, f"{partner[0]}{flow}{i}", base + 7 * i + m)
            # VNM exports: two enterprises in January-June (hidden by the threshold),
            # three others join in July
            for i, v in enumerate((300, 350) if m < 7 else (100, 110, 120)):
                add(year, m, "X", "VNM", f"V{i + (0 if m < 7 else 2)}", v)
    # one enterprise's return in March: a cell of one enterprise
    rows.append(Row("202303XDEUret", "2023-03", "X", "DEU", "DX0", -40.0, is_return=True))
    # BIG's March export was first published at 100, then revised to 1000
    rows.append(Row("202303XKORBIG", "2023-03", "X", "KOR", "BIG", 100.0, vintage=EARLY))
    return rows


def write_csv(path: Path) -> Path:
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for r in records():
            out.writerow([r.record_id, r.period, r.flow, r.partner, r.enterprise_id,
                          f"{r.value:.2f}", str(r.is_return).lower(), r.vintage])  # fmt: skip
    return path


def load(w, folder: Path, seed: str) -> None:
    """The dataset with a given record-key seed (hex), so a test is reproducible."""
    w.create_dataset(DS, ["partner", "enterprise_id"])
    w.con.execute("UPDATE record_key_seeds SET seed = ? WHERE dataset = ?", [seed, DS])
    w.ingest(write_csv(folder / f"{DS}.csv"), DS)
    w.update_dataset(DS, published=True)


def attacked(folder: Path, seed: str):
    """A warehouse holding the dataset under ``seed`` (the caller closes it)."""
    import tradestat

    w = tradestat.connect(folder / "w.duckdb")
    load(w, folder, seed)
    return w


def reader(w) -> Ask:
    """Ask as a reader without the confidential scope, through the Python API."""
    return lambda q: w.query(q, confidential=False).rows()


# --- the published figures, computed from the method's description (docs/api.md) ---
def factor(seed: str, enterprise: str, lo: float = 15, hi: float = 25) -> Decimal:
    """An enterprise's noise factor: md5 of seed|enterprise, first 32 bits mod 2^31,
    picks one of 32 rows: 16 magnitudes evenly over (lo, hi] %, up then down."""
    key = int(hashlib.md5(f"{seed}|{enterprise}".encode()).hexdigest()[:8], 16) % 2**31
    row = key * 32 // 2**31
    level = (Decimal(str(lo)) + (Decimal(str(hi)) - Decimal(str(lo))) * (row % 16 + 1) / 16) / 100
    return level if row < 16 else -level


def perturbed(seed: str, contributions: dict[str, float], **bounds: float) -> Decimal:
    """A sum as published: each enterprise's value moved by its factor, to the cent."""
    exact = sum(Decimal(str(v)) for v in contributions.values())
    noise = sum(factor(seed, e, **bounds) * Decimal(str(v)) for e, v in contributions.items())
    return (exact + noise).quantize(Decimal("0.01"))


def seed_of(w, dataset: str) -> str:
    return w.con.execute(
        "SELECT seed FROM record_key_seeds WHERE dataset = ?", [dataset]
    ).fetchall()[0][0]


# --- the truth, computed from the records ------------------------------------
def contributions(
    months: list[int],
    flows: str = "XM",
    partners: tuple[str, ...] = (),
    returns: str = "net",
    basis: str = "latest",
    year: int = 2023,
) -> dict[str, float]:
    """Per enterprise, its value in a cell."""
    latest: dict[str, Row] = {}
    for r in records():  # per record id, the version the basis reads
        keep = latest.get(r.record_id)
        newer = r.vintage > keep.vintage if keep else True
        if keep is None or (newer if basis == "latest" else not newer):
            latest[r.record_id] = r
    per: dict[str, float] = {}
    for r in latest.values():
        if (int(r.period[:4]) == year and int(r.period[5:]) in months and r.flow in flows
                and (not partners or r.partner in partners)
                and (returns == "net" or r.is_return == (returns == "only"))):  # fmt: skip
            per[r.enterprise_id] = per.get(r.enterprise_id, 0) + r.value
    return per


def cell(*args, **kw) -> tuple[float, float]:
    """(value, largest enterprise contribution) of a cell."""
    per = contributions(*args, **kw)
    return sum(per.values()), max((abs(v) for v in per.values()), default=0)


# --- the attacks ------------------------------------------------------------------
class Refused(Exception):
    """A query the attack needs came back hidden (its reason is the message): the
    attack gets nothing."""


def one(ask: Ask, **q) -> dict:
    rows = ask({"dataset": DS, "period": "2023-03", "flow": "export", **q})
    assert len(rows) == 1, rows
    if rows[0].get("suppressed"):  # confidential answers carry no suppression columns
        raise Refused(rows[0]["suppression"])
    return rows[0]


def value(ask: Ask, **q) -> float | None:
    v = one(ask, **q)["value"]
    return None if v is None else float(v)


KOR = {"where": {"partner": ["KOR"]}}
MARCH = [3]


def flows_total_minus_import(ask: Ask):
    est = value(ask, **KOR, flow="total") - value(ask, **KOR, flow="import")
    return est, *cell(MARCH, "X", ("KOR",))


def flows_balance_plus_import(ask: Ask):
    est = value(ask, **KOR, flow="balance") + value(ask, **KOR, flow="import")
    return est, *cell(MARCH, "X", ("KOR",))


def partners_pair_minus_one(ask: Ask, hidden: str = "KOR"):
    pair = value(ask, where={"partner": [hidden, "USA"]})
    est = pair - value(ask, where={"partner": ["USA"]})
    return est, *cell(MARCH, "X", (hidden,))


def partners_threshold(ask: Ask):
    return partners_pair_minus_one(ask, "VNM")


def returns_net_minus_gross(ask: Ask):
    net = value(ask, where={"partner": ["DEU"]})
    est = net - value(ask, where={"partner": ["DEU"]}, returns="gross")
    return est, *cell(MARCH, "X", ("DEU",), returns="only")


def periods_span_minus_month(ask: Ask):
    q = {"where": {"partner": ["VNM"]}}
    est = value(ask, period="2023-01..2023-07", **q) - value(ask, period="2023-07", **q)
    return est, *cell(list(range(1, 7)), "X", ("VNM",))


def basis_first_published_vs_latest(ask: Ask):
    """KOR latest = KOR first published + (all latest - all first published)."""
    first = value(ask, **KOR, basis="first_published")
    change = value(ask) - value(ask, basis="first_published")
    return first + change, *cell(MARCH, "X", ("KOR",))


def shares(ask: Ask):
    """(share of KOR+USA - share of USA) x the total."""
    s = {p: one(ask, where={"partner": p}, compare=["share"])["share_pct"]
         for p in (("KOR", "USA"), ("USA",))}  # fmt: skip
    est = (s[("KOR", "USA")] - s[("USA",)]) * value(ask) / 100
    return est, *cell(MARCH, "X", ("KOR",))


def contribution_attack(ask: Ask):
    """KOR = its change (from the contributions of KOR+USA and of USA, and the base
    total) plus its base value (the base values differenced)."""
    rows = {p: one(ask, where={"partner": p}, compare=["contribution"])
            for p in (("KOR", "USA"), ("USA",))}  # fmt: skip
    base_total = float(one(ask, compare=["growth"])["base_value"])
    pair, usa = rows[("KOR", "USA")], rows[("USA",)]
    change = (pair["contribution_pp"] - usa["contribution_pp"]) * base_total / 100
    est = change + float(pair["base_value"]) - float(usa["base_value"])
    return est, *cell(MARCH, "X", ("KOR",))


def base_period_trick(ask: Ask):
    """The hidden March cell as the base side of an April query, differenced."""

    def base(partners: list[str]) -> float:
        row = one(ask, period="2023-04", base_period="2023-03", where={"partner": partners})
        return float(row["base_value"])

    return base(["KOR", "USA"]) - base(["USA"]), *cell(MARCH, "X", ("KOR",))


def usd_and_cny(ask: Ask):
    """KOR = (KOR+USA in CNY) - (USA in USD at the month's rate, read off the total)."""
    rate = value(ask) / value(ask, currency="USD")
    pair = value(ask, where={"partner": ["KOR", "USA"]})
    usd = value(ask, where={"partner": ["USA"]}, currency="USD")
    return pair - usd * rate, *cell(MARCH, "X", ("KOR",))


ATTACKS = {
    "total - import": flows_total_minus_import,
    "balance + import": flows_balance_plus_import,
    "[KOR, USA] - [USA] (dominance)": partners_pair_minus_one,
    "[VNM, USA] - [USA] (threshold)": partners_threshold,
    "net - gross returns": returns_net_minus_gross,
    "Jan-Jul - Jul": periods_span_minus_month,
    "first_published vs latest": basis_first_published_vs_latest,
    "shares": shares,
    "contributions": contribution_attack,
    "base-period trick": base_period_trick,
    "USD and CNY": usd_and_cny,
}
# the hidden cell each attack aims at (for its published, perturbed value)
TARGETS = {
    "[VNM, USA] - [USA] (threshold)": ([3], "X", ("VNM",)),
    "net - gross returns": ([3], "X", ("DEU",), "only"),
    "Jan-Jul - Jul": (list(range(1, 7)), "X", ("VNM",)),
}
DEFAULT_TARGET = ([3], "X", ("KOR",))
# the attacks a read key cannot even complete, and the rule that hides a query they need
# (tradestat.engine.patterns): the others get the hidden cell's perturbed value
REFUSED = {
    "[KOR, USA] - [USA] (dominance)": "list:",
    "[VNM, USA] - [USA] (threshold)": "list:",
    "Jan-Jul - Jul": "span:",
    "first_published vs latest": "list:",  # KOR first published is a secondary cell
    "shares": "list:",
    "contributions": "list:",
    "base-period trick": "list:",
    "USD and CNY": "list:",
}


def attempt(name: str, ask: Ask) -> tuple[float | None, float, float, str | None]:
    """(estimate or None when refused, the hidden cell's value, its largest enterprise,
    the reason a query it needs was hidden)."""
    try:
        return (*ATTACKS[name](ask), None)
    except Refused as why:
        return (None, *cell(*TARGETS.get(name, DEFAULT_TARGET)), str(why))
