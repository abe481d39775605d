"""Which Comtrade rows a dataset keeps, and how a kept row becomes a canonical record.

A canonical record describes one economy's trade (``reporter``, China by default):
``flow`` is that economy's export or import and ``partner`` the other side.

- perspective ``reporter`` keeps rows the economy reported itself (reporter = CHN):
  flow = flowCode, partner = partnerCode.
- perspective ``mirror`` keeps rows other reporters filed about it (partner = CHN):
  partner = the reporter and the flow turns round (the USA's imports from China are
  China's exports to the USA, valued CIF as the USA records them).
  The two are never mixed in one dataset: they describe the same goods twice.
- perspective ``all`` keeps every reporter's own rows with a ``reporter`` field
  (a multi-reporter dataset: complexity, mirror statistics); ``reporter`` is ignored.
- ``keep`` picks one slice of files that hold totals and their parts: ``detail``
  (partner countries × finest commodity codes), ``by_partner`` (cmdCode TOTAL per
  partner), ``by_commodity`` (partner World per code) or ``total`` (World × TOTAL).
  Rows of the other slices are rejected with the slice they belong to.
- ``flows`` ``total`` keeps X and M; re-exports (RX), re-imports (RM) and the other
  sub-flows are parts of X and M and are rejected, or kept alone with ``flows: re``.
- Secondary breakdowns (2nd partner, mode of transport, customs procedure) have no
  canonical field: only their "all" rows (0 / 0 / C00) are kept.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tradestat.errors import IngestError
from tradestat.ingest.options import IngestOptions
from tradestat.ingest.readers.packaged import load_yaml


@dataclass(frozen=True)
class Settings:
    reporter: str = "CHN"
    perspective: str = "reporter"
    keep: str = "detail"
    flows: str = "total"
    value: str = "primary"
    quantity: str = "qty"


SLICES = {
    ("partner", "detail"): "detail",
    ("partner", "total"): "by_partner",
    ("world", "detail"): "by_commodity",
    ("world", "total"): "total",
}


def codes() -> dict:
    return load_yaml(__package__, "comtrade_codes.yaml")


def flow_rule(flow_code: str | None, s: Settings) -> tuple[str | None, str | None]:
    """(canonical flow, reject reason) of a flowCode."""
    table = codes()
    rule = table["flows"].get((flow_code or "").upper())
    name = table["flow_names"].get((flow_code or "").upper(), flow_code)
    if rule is None:
        return None, f"unknown flowCode: {flow_code}"
    wanted = {"total": "total", "re": "re"}[s.flows]
    if rule["kind"] == wanted:
        return rule["flow"], None
    if s.flows == "total":
        whole = "exports" if rule["flow"] == "X" else "imports"
        return None, (
            f"{name} ({flow_code}) are part of {whole} ({rule['flow']}) and are not added, so "
            "nothing is counted twice; ingest them alone with flows=re into a separate dataset"
        )
    return None, f"{name} ({flow_code}) left out: this ingest keeps re-exports/re-imports only"


def breakdown_reason(partner2: str | None, mot: str | None, customs: str | None) -> str | None:
    table = codes()
    if (partner2 or "") not in table["all_partner2"]:
        return f"2nd-partner breakdown of the partner2Code 0 row, no canonical field: {partner2}"
    if (mot or "").upper() not in table["all_mot"]:
        return f"transport-mode breakdown of the motCode 0 row, no canonical field: {mot}"
    if (customs or "").upper() not in table["all_customs"]:
        return f"customs-procedure breakdown of the C00 row, no canonical field: {customs}"
    return None


def is_world(code: str | None, iso: str | None, desc: str | None) -> bool:
    table = codes()
    return (
        (code or "").strip() in table["world_codes"]
        or (iso or "").strip().upper() in table["world_iso"]
        or (desc or "").strip() in table["world_names"]
    )


def slice_reason(world: bool, cmd_total: bool, flagged: bool, s: Settings) -> str | None:
    """Why a row is outside the kept slice (None when inside)."""
    got = SLICES[("world" if world else "partner", "total" if cmd_total else "detail")]
    if got != s.keep:
        what = {
            "detail": "detail row (one partner, one commodity code)",
            "by_partner": "partner total (cmdCode TOTAL)",
            "by_commodity": "commodity total over all partners (partner World)",
            "total": "grand total (partner World, cmdCode TOTAL)",
        }[got]
        return (
            f"{what} outside the kept slice {s.keep}; totals and their parts are never added "
            f"together: ingest with keep={got} into a separate dataset"
        )
    if flagged and s.keep == "detail":
        return "flagged isAggregate (a sum of other rows), kept out of a detail dataset"
    return None


def hs_edition(classification: str | None) -> tuple[str | None, str | None]:
    """(HS edition, reject reason) of a classificationCode."""
    table = codes()
    c = (classification or "").strip().upper()
    if not c or c in table["hs_as_reported"]:
        return None, None
    if c in table["hs_editions"]:
        return table["hs_editions"][c], None
    return None, f"classification {classification} is not HS: commodity codes would not be HS"


def period_text(period: str | None, year: str | None, month: str | None, freq: str | None):
    """(YYYY-MM or YYYY, annual?) from Comtrade's period / refYear / refMonth / freqCode.

    An annual figure stays a year (``YYYY``): its dataset is annual, it is never placed
    in one month, and it converts at the year's average rate.
    """
    p = (period or "").strip()
    if len(p) == 6 and p.isdigit():
        return f"{p[:4]}-{p[4:]}", False
    if len(p) == 4 and p.isdigit():
        return p, True
    y, m = (year or "").strip(), (month or "").strip()
    if y.isdigit() and len(y) == 4:
        if (freq or "").upper() == "A" or m in ("", "52"):
            return y, True
        if m.isdigit() and 1 <= int(m) <= 12:
            return f"{y}-{int(m):02d}", False
    return p or None, False


def load_settings(options: IngestOptions) -> Settings:
    import jsonschema
    import yaml

    doc: dict = {}
    if options.mapping:
        try:
            doc = yaml.safe_load(Path(options.mapping).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise IngestError(f"comtrade settings {options.mapping}: {exc}") from None
    doc.update(options.extra or {})
    schema = json.loads(resources.files(__package__).joinpath("settings.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top)"
        raise IngestError(f"comtrade settings: {where}: {errors[0].message}")
    known = {f.name for f in dataclasses.fields(Settings)}
    return Settings(**{k: v for k, v in doc.items() if k in known})
