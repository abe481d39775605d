"""RESULTS.md from the stored results of a benchmark run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from questions import QUESTIONS

HERE = Path(__file__).resolve().parent
NOTES = HERE / "NOTES.md"  # hand-written profiles of the misses, appended verbatim


def _s(x: float | None) -> str:
    return "–" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def _ratio(a: float | None, b: float | None) -> str:
    return "–" if not a or not b else f"{a / b:.2f}×"


def _get(entry: dict[str, Any], engine: str, key: str) -> float | None:
    res = entry["engines"].get(engine, {})
    return res.get(key)


def size_table(label: str, size: dict[str, Any]) -> list[str]:
    lines = [
        f"### {label} rows",
        "",
        f"Run {size['started']}, load average {size['load_start']} → {size['load_end']}; "
        f"median of {size['repeats']} timed run(s) after one warm-up run, each engine in its "
        "own process.",
        "",
        "| question | tradestat s | SQL s | pandas s | Polars s | tradestat / SQL | "
        "pandas / tradestat | peak MB tradestat · SQL · pandas · Polars | mem tradestat / pandas "
        "| first run s tradestat · SQL | agree |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for q in QUESTIONS:
        e = size["questions"].get(q.id)
        if e is None:
            continue
        med = {k: _get(e, k, "median") for k in ("tradestat", "sql", "pandas", "polars")}
        mem = {k: _get(e, k, "peak_mb") for k in ("tradestat", "sql", "pandas", "polars")}
        errors = [f"{k}: {v['error']}" for k, v in e["engines"].items() if "error" in v]
        agree = "✗ " + "; ".join(e["disagree"]) if e["disagree"] else "✓"
        mems = " · ".join("–" if m is None else f"{m:.0f}" for m in mem.values())
        lines.append(
            f"| {q.id} | {_s(med['tradestat'])} | {_s(med['sql'])} | {_s(med['pandas'])} | "
            f"{_s(med['polars'])} | {_ratio(med['tradestat'], med['sql'])} | "
            f"{_ratio(med['pandas'], med['tradestat'])} | {mems} | "
            f"{_ratio(mem['tradestat'], mem['pandas'])} | "
            f"{_s(_get(e, 'tradestat', 'first'))} · {_s(_get(e, 'sql', 'first'))} | {agree} |"
        )
        lines += [f"|  | ⚠ {err} | | | | | | | | | |" for err in errors]
    return [*lines, ""]


def targets(results: dict[str, Any]) -> list[str]:
    rows = ["| target | measured | met |", "|---|---|:-:|"]
    for label, size in results.get("sizes", {}).items():
        qs = size["questions"].values()
        ratios = [_get(e, "tradestat", "median") / _get(e, "sql", "median") for e in qs
                  if _get(e, "tradestat", "median") and _get(e, "sql", "median")]  # fmt: skip
        speed = [_get(e, "pandas", "median") / _get(e, "tradestat", "median") for e in qs
                 if _get(e, "pandas", "median") and _get(e, "tradestat", "median")]  # fmt: skip
        mem = [_get(e, "tradestat", "peak_mb") / _get(e, "pandas", "peak_mb") for e in qs
               if _get(e, "pandas", "peak_mb") and _get(e, "tradestat", "peak_mb")]  # fmt: skip
        if ratios:
            worst = max(ratios)
            rows.append(f"| {label}: tradestat ≤ 1.10× SQL on every question | worst "
                        f"{worst:.2f}×, {sum(r <= 1.10 for r in ratios)}/{len(ratios)} within "
                        f"| {'✓' if worst <= 1.10 else '✗'} |")  # fmt: skip
        if speed and mem:
            ok = sum(s >= 5 and m <= 0.25 for s, m in zip(speed, mem, strict=True))
            rows.append(f"| {label}: ≥ 5× faster than pandas at ≤ 1/4 of its memory | "
                        f"speed-up {min(speed):.1f}–{max(speed):.1f}×, memory "
                        f"{min(mem):.2f}–{max(mem):.2f}; {ok}/{len(speed)} questions meet both "
                        f"| {'✓' if ok == len(speed) else '✗'} |")  # fmt: skip
    for label, b in results.get("bulletins", {}).items():
        if "median" in b:
            rows.append(
                f"| {label}: customs bulletin ≤ 3 s warm | {b['median']:.1f} s warm, "
                f"{b['first']:.1f} s first | {'✓' if b['median'] <= 3 else '✗'} |"
            )
        if info := b.get("bulletin"):
            ratio = info["sql"] / info["figures"]
            rows.append(
                f"| {label}: SQL statements per bulletin ≤ half its figures | {info['sql']} "
                f"for {info['figures']} figures ({ratio:.2f}; first build {info['sql_first']}) "
                f"| {'✓' if ratio <= 0.5 else '✗'} |"
            )
    if c := results.get("csv_ingest"):
        rows.append(
            f"| ingest ≥ 1 M rows/s from CSV | {c['rows_per_s'] / 1e6:.2f} M rows/s "
            f"({c['rows']:,} rows) | {'✓' if c['rows_per_s'] >= 1e6 else '✗'} |"
        )
    if cap := results.get("capped"):
        done = all("median" in e["engines"].get("tradestat", {})
                   for e in cap["questions"].values())  # fmt: skip
        rows.append(
            f"| {cap['label']} rows under a 4 GB DuckDB cap | "
            f"{'all questions completed' if done else 'incomplete'} | "
            f"{'✓' if done and cap['rows'] >= 10**9 else '✗'} |"
        )
    return rows


def write(results: dict[str, Any], path: Path) -> None:
    m = results["machine"]
    v = ", ".join(f"{k} {x}" for k, x in m["versions"].items())
    lines = [
        "# Benchmark results",
        "",
        "Generated by `python benchmarks/run.py` (`make bench`); do not edit by hand — "
        "profiles and explanations are in `benchmarks/NOTES.md`, appended below.",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB memory, {m['os']}, "
        f"{m['disk_free_gib']} GiB free disk at start. Libraries: {v}.",
        "",
        "Data: synthetic declarations (`tradestat synth --calibrate`, 2019-2024, yearly totals "
        "equal to GAC's published figures), ingested with `w.ingest` one monthly file per "
        "batch. Questions compare 2023 with 2022. The machine was shared: other sessions "
        "ran their test suites meanwhile (load averages below, per size); ratios are "
        "always taken within one size's run.",
        "",
        "## Targets",
        "",
        *targets(results),
        "",
        *sections(results),
    ]
    if results.get("ingest"):
        from ingest import section

        lines += ["", *section(results["ingest"])]
    if NOTES.exists():
        lines += ["", NOTES.read_text().strip(), ""]
    path.write_text("\n".join(lines) + "\n")


def sections(results: dict[str, Any]) -> list[str]:
    from report_sections import data_section, extra_sections

    out = data_section(results)
    for label, size in results.get("sizes", {}).items():
        out += size_table(label, size)
    return out + extra_sections(results, size_table)
