"""The demo: bundled real data (and calibrated synthetic declarations) → a warehouse →
headline figures → eight bulletins.

Everything it reads ships inside the package (``tradestat/samples``), so it runs on a
fresh install without network access. It is also the shortest worked example of the
library: ingest, TradeQuery, bulletin.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tradestat.errors import TradestatError

# (dataset, sample file, format, mapping, description)
SOURCES = (
    ("gac_national", "gac-monthly-by-location.xlsx", "mapped", "gac-monthly-national.yaml",
     "GAC national monthly trade (real, 2024-01..2025-06), months derived from "
     "January-to-month totals\n"
     "zh: 海关总署全国月度进出口（真实数据，2024年1月—2025年6月），月度数由年初至今累计数相减得出"),
    ("gac_regions", "gac-monthly-by-location.xlsx", "mapped", "gac-monthly-by-location.yaml",
     "GAC monthly trade by province/city of the consignor/consignee (real, 2024-01..2025-06)\n"
     "zh: 海关总署按收发货人所在地（省、市）分的月度进出口（真实数据，2024年1月—2025年6月）"),
    ("cn_annual", "china-annual-totals.csv", "canonical", None,
     "China's annual trade as China reported it to UN Comtrade (real, 2014..2024), USD\n"
     "zh: 中国向联合国商品贸易统计数据库报告的年度进出口（真实数据，2014—2024年），美元"),
    ("cn_partners", "china-partners-mirror.csv", "canonical", None,
     "China's trade by partner as 152 partner economies reported it to UN Comtrade "
     "(mirror data, real, 2021..2023), USD\n"
     "zh: 152个贸易伙伴向联合国商品贸易统计数据库报告的与中国的贸易（镜像数据，真实数据，"
     "2021—2023年），美元"),
    ("retail", "online-retail.parquet", "online-retail", None,
     "UCI Online Retail: a UK online shop's order lines, 2010-12..2011-12 (real)\n"
     "zh: 英国一家网店的订单明细（加州大学欧文分校机器学习数据库，真实数据，"
     "2010年12月—2011年12月）"),
)  # fmt: skip
# (a description's second line ``zh: …`` is what the Chinese bulletins show)
# the reporter of a dataset: a UK shop, so the platform report counts UK buyers as domestic
REPORTERS = {"retail": "GBR"}

# (spec, datasets, period, base period, languages): periods whose base is fully covered.
# A statement is answered by the first dataset that can: totals by the national table,
# places by the table by province and city; partners by the mirror table.
BULLETINS = (
    ("customs", ("gac_national", "gac_regions"), "2025-H1", None, ("en", "zh")),
    # a year on annual tables: totals as China reported them, partners as they did
    ("customs", ("cn_annual", "cn_partners"), "2023", None, ("en", "zh")),
    ("customs", ("synthetic",), "2024", None, ("en", "zh")),
    ("platform", ("retail",), "2011-09..2011-11", "2011-06..2011-08", ("en", "zh")),
)

# No public table gives enterprise types, trade modes, zones or products by partner for
# China, so the full customs release is shown on synthetic declarations whose yearly
# totals are calibrated to the published GAC figures (tradestat synth --calibrate).
# Every bulletin on them says they are synthetic (their description says so).
SYNTHETIC = {"dataset": "synthetic", "rows": 300_000, "years": "2022..2024", "seed": 0}
SYNTHETIC_TODAY = (2025, 6, 30)  # vintages as of this day, so every run is the same

# (label, TradeQuery JSON): the figures printed on screen
HEADLINES = (
    ("China's total trade in 2024, CNY",
     {"dataset": "gac_national", "period": "2024", "flow": "total"}),
    ("China's total trade in H1 2025, CNY, with growth",
     {"dataset": "gac_national", "period": "2025-H1", "flow": "total", "compare": ["growth"]}),
    ("China's exports in H1 2025, USD, with growth",
     {"dataset": "gac_national", "period": "2025-H1", "flow": "export", "currency": "USD",
      "compare": ["growth"]}),
    ("Top 5 places by total trade, H1 2025 (provinces and cities side by side)",
     {"dataset": "gac_regions", "period": "2025-H1", "by": ["region"], "top": 5,
      "compare": ["growth"]}),
    ("Online shop: sales Sep-Nov 2011 vs Jun-Aug 2011, GBP",
     {"dataset": "retail", "period": "2011-09..2011-11", "base_period": "2011-06..2011-08",
      "flow": "export", "compare": ["growth"]}),
    ("Online shop: distinct orders Sep-Nov 2011",
     {"dataset": "retail", "period": "2011-09..2011-11", "base_period": "2011-06..2011-08",
      "measure": "orders", "compare": ["growth"]}),
)  # fmt: skip


@dataclass
class DemoRun:
    warehouse: Path
    ingests: list[Any] = field(default_factory=list)
    headlines: list[tuple[str, Any]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def sample_path(name: str) -> Path:
    """A file the demo reads (sample data or the mapping that reads it), from the
    installed package: nothing outside ``tradestat/samples`` is needed."""
    packaged = resources.files("tradestat.samples") / name
    if packaged.is_file():
        return Path(str(packaged))
    raise TradestatError(f"bundled sample {name!r} not found in this installation")


def run_demo(out: str | os.PathLike, say: Callable[[str], None] = print) -> DemoRun:
    """Build ``out/demo.duckdb`` afresh from the samples and write the bulletins."""
    import tradestat

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.duckdb"
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)  # the demo always starts from an empty warehouse
    run = DemoRun(warehouse=path)
    with tradestat.connect(str(path)) as w:
        for dataset, sample, fmt, mapping, description in SOURCES:
            options = {"mapping": str(sample_path(mapping))} if mapping else {}
            if dataset in REPORTERS:
                options["reporter"] = REPORTERS[dataset]
            report = w.ingest(sample_path(sample), dataset, fmt, description=description, **options)
            run.ingests.append(report)
            # published, so that `make serve` answers any read key (under disclosure control)
            w.update_dataset(dataset, published=True)
            say(
                f"ingested {dataset}: {report.rows_read:,} rows read, "
                f"{report.rows_accepted:,} accepted, {report.rows_rejected:,} rejected "
                f"({report.seconds:.1f} s)"
            )
        _add_synthetic(w, folder, run, say)
        for label, query in HEADLINES:
            run.headlines.append((label, w.query(query)))
        _write_bulletins(w, folder, run, say)
    return run


def _add_synthetic(w: Any, folder: Path, run: DemoRun, say: Callable[[str], None]) -> None:
    """Synthetic declarations calibrated to published totals, as dataset ``synthetic``."""
    from datetime import date

    try:
        from tradestat.synth import generate
    except ImportError:  # numpy comes with the report extra (matplotlib)
        run.skipped.append("synthetic declarations: numpy is not installed")
        return
    cfg = SYNTHETIC
    made = generate(cfg["rows"], cfg["years"], cfg["seed"], folder / "synthetic",
                    calibrate=True, today=date(*SYNTHETIC_TODAY))  # fmt: skip
    report = w.ingest(folder / "synthetic", cfg["dataset"], description=made.description)
    run.ingests.append(report)
    w.update_dataset(cfg["dataset"], published=True)
    say(f"ingested {cfg['dataset']}: {report.rows_accepted:,} rows, {made.description} "
        f"({report.seconds:.1f} s)")  # fmt: skip


def _write_bulletins(w: Any, folder: Path, run: DemoRun, say: Callable[[str], None]) -> None:
    try:
        from tradestat.report import build_bulletin
    except ImportError:
        run.skipped.append("bulletins: install the report extra (pip install 'tradestat[report]')")
        return
    from tradestat.report import ReportError

    have = {d.name for d in w.datasets()}
    for spec, datasets, period, base, langs in BULLETINS:
        if not set(datasets) <= have:
            continue  # (the synthetic declarations were skipped)
        for lang in langs:
            bulletin = build_bulletin(w, spec, datasets, period, base, lang)
            stem = f"{spec}-{datasets[0]}-{period.replace('..', '_')}-{lang}"
            for suffix in (".html", ".pdf"):
                try:
                    run.outputs.append(bulletin.write(folder / f"{stem}{suffix}"))
                except ReportError as exc:  # e.g. PDF without WeasyPrint's system libraries
                    run.skipped.append(f"{stem}{suffix}: {exc}")
            say(f"bulletin {stem}: {len(bulletin.figures)} figures, {_checks(bulletin)}")


def _checks(bulletin: Any) -> str:
    passed = sum(c.status == "pass" for c in bulletin.checks)
    return f"{passed}/{len(bulletin.checks)} consistency checks passed"
