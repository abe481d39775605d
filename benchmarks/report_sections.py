"""The data-preparation, bulletin and capped-memory sections of RESULTS.md."""

from __future__ import annotations

from typing import Any


def data_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "## Data preparation",
        "",
        "| rows | generate s | generate M rows/s | generator peak MB | Parquet bytes/row | "
        "ingest s | ingest M rows/s (Parquet, batches) | warehouse bytes/row |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, p in results.get("prepared", {}).items():
        g, i = p["generate"], p["ingest"]
        rows = g["key"]["rows"]
        lines.append(
            f"| {label} | {g['seconds']:.0f} | {g['rows_per_s'] / 1e6:.2f} | "
            f"{g['peak_rss_kb'] / 1024:.0f} | {g['bytes'] / rows:.1f} | {i['seconds']:.0f} | "
            f"{i['rows_per_s'] / 1e6:.2f} ({i['batches']}) | {i['bytes'] / rows:.1f} |"
        )
    cap = results.get("capped", {}).get("prepared")
    if cap and cap.get("generate"):
        g, b = cap["generate"], cap["bulk"]
        rows = g["key"]["rows"]
        lines.append(
            f"| {results['capped']['label']} | {g['seconds']:.0f} | "
            f"{g['rows_per_s'] / 1e6:.2f} | {g['peak_rss_kb'] / 1024:.0f} | "
            f"{g['bytes'] / rows:.1f} | {b['seconds']:.0f} | {b['rows_per_s'] / 1e6:.2f} "
            f"(fact files, see below) | {b['bytes'] / rows:.1f} (Parquet) |"
        )
    if c := results.get("csv_ingest"):
        lines += [
            "",
            f"Ingest from canonical CSV: {c['rows']:,} rows ({c['csv_bytes'] / 2**30:.1f} GiB) "
            f"in {c['seconds']:.1f} s = **{c['rows_per_s'] / 1e6:.2f} M rows/s**, "
            f"{c['rejected']} rejected, peak {c['peak_rss_kb'] / 1024:.0f} MB.",
        ]
    return [*lines, ""]


def bulletin_section(results: dict[str, Any]) -> list[str]:
    """``build_bulletin(w, 'customs', 'synthetic', '2023')`` per size: shared scans and,
    where measured, every query alone (``benchmarks/bulletin.py``)."""
    lines = ["## Customs bulletin", ""]
    bulletins = results.get("bulletins", {})
    if not bulletins:
        lines.append("Not run in this benchmark run.")
    shared = {k: b for k, b in bulletins.items() if "median" in b and "bulletin" in b}
    if shared:
        lines += [
            "`build_bulletin(w, 'customs', 'synthetic', '2023')` (every query, check and "
            "sentence), each way in its own process: warm = median of the builds after a "
            "first one in the same process. SQL statements are those the engine sent to "
            "DuckDB during one build (`Engine.statements`: queries, catalog reads, temporary "
            "tables); figures are the numbers its text writes. Targets: ≤ 3 s warm at "
            "100 M rows, SQL statements ≤ half the figures.",
            "",
            "| rows | run, load average | queries · figures | SQL statements first · warm "
            "| warm statements / figures | warm s | first s | peak MB | every query alone: "
            "statements warm · warm s | alone / shared |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
    for label, b in bulletins.items():
        if label in shared:
            info, alone = b["bulletin"], b.get("alone", {})
            lone = alone.get("bulletin")
            lone_text = f"{lone['sql']} · {alone['median']:.2f}" if lone else "–"
            ratio = f"{alone['median'] / b['median']:.2f}×" if lone else "–"
            lines.append(
                f"| {label} | {b.get('started', '')}, {b.get('load_start', '?')} → "
                f"{b.get('load_end', '?')} | {info['queries']} · {info['figures']} | "
                f"{info['sql_first']} · {info['sql']} | {info['sql'] / info['figures']:.2f} | "
                f"{b['median']:.2f} | {b['first']:.2f} | {b['peak_mb']:.0f} | {lone_text} | "
                f"{ratio} |"
            )
        elif "median" in b:
            lines.append(
                f"- {label} rows: `build_bulletin(w, 'customs', 'synthetic', '2023')` "
                f"{b['median']:.1f} s (median of {len(b['times'])} after a first run of "
                f"{b['first']:.1f} s), peak {b['peak_mb']:.0f} MB."
            )
        else:
            lines.append(f"- {label} rows: {b.get('error', 'not run')}")
    return [*lines, ""]


def extra_sections(results: dict[str, Any], size_table) -> list[str]:
    lines = bulletin_section(results)
    cap = results.get("capped")
    lines += ["## Capped memory (DuckDB `memory_limit = '4GB'`)", ""]
    if not cap:
        lines.append("Not run in this benchmark run.")
        return [*lines, ""]
    lines += [
        "tradestat and the hand-written SQL only (pandas cannot hold these rows in 24 GB). "
        "The warehouse's facts are Parquet fact files behind a view: each generated monthly "
        "file converted with the derived columns ingest adds (`benchmarks/bulk.py`), "
        "because a DuckDB table of this size (~43 bytes a row) does not fit on the "
        "benchmark disk beside its source. Peak memory is the whole process's.",
        "",
    ]
    if cap.get("note"):
        lines += [cap["note"], ""]
    lines += size_table(cap["label"], cap)
    return lines
