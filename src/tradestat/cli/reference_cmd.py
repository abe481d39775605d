"""`tradestat reference`: list, show and search the reference tables; group members on a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Reference data: partners and partner groups, HS and product groups, China's "
    "regions, trade modes, enterprise types, exchange rates.",
    no_args_is_help=True,
)
console = Console()
err_console = Console(stderr=True)

LangOpt = Annotated[str, typer.Option("--lang", "-l", help="Names in en or zh.")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", help="Rows to show (0 = all).")]


def _fail(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


def _lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        _fail(f"--lang must be en or zh, not {lang!r}")
    return lang


def _print(title: str, columns: list[str], rows: list[tuple[str, ...]], limit: int) -> None:
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    shown = rows if limit <= 0 else rows[:limit]
    for row in shown:
        table.add_row(*(str(v) for v in row))
    console.print(table)
    if len(shown) < len(rows):
        console.print(f"{len(shown)} of {len(rows)} rows; use --limit 0 for all.")


@app.command("list")
def list_tables() -> None:
    """List the reference tables and the group classifications."""
    from tradestat import reference
    from tradestat.reference.catalog import tables

    rows = [(name, desc) for name, desc in tables().items()]
    _print("Reference tables (tradestat reference show TABLE)", ["table", "contents"], rows, 0)
    groups = [
        ("partner groups", ", ".join(reference.partner_group_ids())),
        ("product groups", ", ".join(reference.product_group_ids())),
        ("trade-mode groups", ", ".join(reference.trade_mode_groups())),
        ("enterprise types", ", ".join(reference.enterprise_type_ids())),
    ]
    _print("Classifications (tradestat reference members GROUP)", ["kind", "ids"], groups, 0)


@app.command("show")
def show(
    table: Annotated[str, typer.Argument(help="A table from `list` (or a group id).")],
    lang: LangOpt = "en",
    edition: Annotated[str, typer.Option(help="HS edition (hs, hs_sections).")] = "HS2022",
    level: Annotated[int | None, typer.Option(help="hs: 2/4/6; regions: 2/4/6.")] = None,
    year: Annotated[int, typer.Option(help="china_codes: 2015-2023.")] = 2023,
    currency: Annotated[str | None, typer.Option(help="fx: one currency.")] = None,
    limit: LimitOpt = 50,
) -> None:
    """Show one reference table."""
    from tradestat import reference
    from tradestat.reference.catalog import Options, table_rows, tables

    if table not in tables():
        known = set(reference.partner_group_ids()) | set(reference.product_group_ids())
        if table in known or table in reference.trade_mode_groups():
            members(table, None, lang, limit)
            return
    opts = Options(lang=_lang(lang), edition=edition, level=level, year=year, currency=currency)
    try:
        columns, rows = table_rows(table, opts)
    except (reference.UnknownCode, reference.ReferenceError) as exc:
        _fail(str(exc))
    _print(table, columns, rows, limit)


@app.command("search")
def search_cmd(
    text: Annotated[str, typer.Argument(help="A code or part of a name (en or zh).")],
    lang: LangOpt = "en",
    limit: LimitOpt = 50,
) -> None:
    """Search codes and names across partners, trade modes, regions and HS."""
    from tradestat.reference.search import search

    hits = search(text, _lang(lang), limit if limit > 0 else 10**9)
    if not hits:
        console.print(f"no match for {text!r}")
        raise typer.Exit(1)
    rows = [(h.table, h.code, h.name, h.note) for h in hits]
    _print(f"search: {text}", ["table", "code", "name", "note"], rows, 0)


@app.command("members")
def members(
    group: Annotated[str, typer.Argument(help="A partner, product or trade-mode group id.")],
    on: Annotated[
        str | None, typer.Option("--on", help="Date YYYY-MM-DD (partner groups; default today).")
    ] = None,
    lang: LangOpt = "en",
    limit: LimitOpt = 0,
) -> None:
    """Members of a group: partners on a date, HS prefixes per edition, or trade modes."""
    from tradestat import reference

    _lang(lang)
    if group in reference.partner_group_ids():
        try:
            day = date.fromisoformat(on) if on else date.today()
        except ValueError:
            _fail(f"--on must be a date YYYY-MM-DD, not {on!r}")
        g = reference.partner_group(group)
        active = sorted((m for m in g.members if m.active_on(day)), key=lambda m: m.member)
        rows = [
            (
                m.member,
                reference.partner_name(m.member, lang),
                str(m.valid_from or ""),
                str(m.valid_to or ""),
            )
            for m in active
        ]
        name = g.name_zh if lang == "zh" else g.name_en
        columns = ["partner", "name", "valid_from", "valid_to (excl.)"]
        _print(f"{group}: {name}, {len(rows)} members on {day}", columns, rows, limit)
        console.print(f"source: {g.source}", highlight=False)
    elif group in reference.product_group_ids():
        g = reference.product_group(group)
        rows = [(e.edition, " ".join(e.include), " ".join(e.exclude)) for e in g.editions]
        kind = "official" if g.official else "approximation"
        name = g.name_zh if lang == "zh" else g.name_en
        _print(f"{group}: {name} ({kind})", ["edition", "include", "exclude"], rows, limit)
        console.print(f"source: {g.source}", highlight=False)
    elif group in reference.trade_mode_groups():
        codes = sorted(reference.trade_mode_groups()[group])
        rows = [(c, reference.trade_mode_name(c, lang)) for c in codes]
        _print(f"{group}", ["mode", "name"], rows, limit)
    else:
        _fail(f"unknown group {group!r}; see `tradestat reference list`")
