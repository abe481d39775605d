"""A batch's source rows as DuckDB relations, for adapters that map them in SQL.

The readers (``readers.tables``) keep decoding, row numbering and malformed lines; each
chunk they yield goes into DuckDB as it is (Arrow, no Python per row): good rows into
one table per source layout, malformed lines into one table of rejects. An adapter then
maps every layout's table to canonical text columns with one SQL statement; values are
translated through small lookup tables built from the *distinct* source texts, so code
translations (partners, regions, units) are the very functions the row-by-row path
called, run once per distinct text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tradestat.ingest.formats.base import META_COLUMNS
from tradestat.model.schema import FIELD_NAMES

# the characters Python's str.strip() removes (str.isspace): a cell is trimmed in SQL
# exactly as ``readers.staged.blank`` trims it
_SPACE = (
    "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]"
)
# Python's \d is any Unicode decimal digit
_DIGIT = "\\p{Nd}"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def blank(col: str) -> str:
    """SQL of ``readers.staged.blank``: the text stripped as Python strips it, NULL when
    empty. A text that starts and ends with a printable ASCII character (most cells) is
    its own stripped form; only the others go through the regular expression."""
    edges = f"ord({col}) BETWEEN 33 AND 126 AND ord(right({col}, 1)) BETWEEN 33 AND 126"
    stripped = f"nullif(regexp_replace({col}, '^{_SPACE}+|{_SPACE}+$', '', 'g'), '')"
    return f"CASE WHEN {col} = '' THEN NULL WHEN {edges} THEN {col} ELSE {stripped} END"


def strip_thousands(col: str) -> str:
    """SQL of ``readers.staged.strip_thousands`` on an already stripped text."""
    pattern = f"-?{_DIGIT}{{1,3}}(,{_DIGIT}{{3}})+(\\.{_DIGIT}+)?"
    plain = f"replace({col}, ',', '')"
    return f"CASE WHEN regexp_full_match({col}, '{pattern}') THEN {plain} ELSE {col} END"


def raw_text(columns: list[tuple[str, str]], prefix: str = "") -> str:
    """SQL of ``readers.staged.raw_rows`` over (header, column SQL) pairs:
    ``header=value, ...`` (a missing cell is None, as Python prints it)."""
    parts = [f"{lit(h + '=')} || coalesce({c}, 'None')" for h, c in columns]
    body = " || ', ' || ".join(parts) if parts else "''"
    return f"{lit(prefix)} || {body}" if prefix else body


class SourceRows:
    """The chunks of a batch's files in DuckDB: ``add`` a chunk of good rows under its
    layout key, ``add_rejects`` a chunk of malformed lines; each row gets ``_seq`` (its
    place in the batch, given by the caller), ``_file`` and ``_row``."""

    def __init__(self, con: Any, prefix: str) -> None:
        self.con, self.prefix = con, prefix
        self.tables: dict[Any, str] = {}  # layout key -> table name
        self.rejects: str | None = None
        self.reject_fields: set[str] = set()  # canonical names among malformed lines' columns
        self.views: list[tuple[str, str]] = []  # (view, the reader's relation under it)

    def add(
        self, key: Any, chunk: Any, seq: int, file: str, columns: list[str], index: int = 0
    ) -> str:
        """Append ``chunk``'s ``columns`` (as ``c0``, ``c1``, ...) to the table of ``key``;
        ``index`` is the file's place in the batch (``_fidx``: two files of a folder may
        share a name)."""
        import pyarrow as pa

        n = chunk.num_rows
        cols = {f"c{i}": chunk[c] for i, c in enumerate(columns)}
        cols["_row"] = chunk["_row"]
        cols["_seq"] = pa.array(range(seq, seq + n), pa.int64())
        cols["_file"] = pa.array([file] * n, pa.string())
        cols["_fidx"] = pa.array([index] * n, pa.int32())
        table = self.tables.get(key)
        data = pa.table(cols)
        self.con.register("_src_chunk", data)
        try:
            if table is None:
                table = self.tables[key] = f"{self.prefix}{len(self.tables)}"
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS FROM _src_chunk")
            else:
                self.con.execute(f"INSERT INTO {table} FROM _src_chunk")
        finally:
            self.con.unregister("_src_chunk")
        return table

    def add_rejects(self, chunk: Any, seq: int, file: str) -> None:
        import pyarrow as pa

        n = chunk.num_rows
        self.reject_fields.update(c for c in chunk.column_names if c in FIELD_NAMES)
        data = pa.table(
            {
                "_seq": pa.array(range(seq, seq + n), pa.int64()),
                "_file": pa.array([file] * n, pa.string()),
                **{c: chunk[c] for c in META_COLUMNS if c in chunk.column_names},
            }
        )
        self.con.register("_src_chunk", data)
        try:
            if self.rejects is None:
                self.rejects = f"{self.prefix}_bad"
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {self.rejects} AS FROM _src_chunk")
            else:
                self.con.execute(f"INSERT INTO {self.rejects} BY NAME FROM _src_chunk")
        finally:
            self.con.unregister("_src_chunk")

    def add_view(self, key: Any, relation: str, columns: list[str]) -> str:
        """Take ``relation`` (``_seq``, ``_file``, ``_row`` and the source's own column
        names: DuckDB's reader of a whole batch) as the table of ``key``, by a view."""
        view = self.tables[key] = f"{self.prefix}{len(self.tables)}"
        cols = ", ".join(f"{ident(c)} AS c{i}" for i, c in enumerate(columns))
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {cols}, _row, _seq, _file, "
            f"0::INTEGER AS _fidx FROM {relation}"
        )
        self.views.append((view, relation))
        return view

    def drop(self) -> None:
        from tradestat.ingest.readers.fast_csv import drop_files

        for view, relation in self.views:
            self.con.execute(f"DROP VIEW IF EXISTS {view}")
            drop_files(self.con, relation)
        views = {v for v, _ in self.views}
        for table in [*self.tables.values(), self.rejects]:
            if table and table not in views:
                self.con.execute(f"DROP TABLE IF EXISTS {table}")


def one_utf8_header(files: list[Path], encoding: str | None) -> tuple[list[str], dict] | None:
    """The header all ``files`` share when each is a non-empty UTF-8 CSV with a header of
    distinct names, and their encodings; None otherwise (or when a file would be refused:
    the general reader then refuses it in its turn, with its own message)."""
    from tradestat.errors import IngestError
    from tradestat.ingest.readers.fast_csv import records_by_lines
    from tradestat.ingest.readers.streams import detect_encoding, read_header

    header: list[str] | None = None
    encodings: dict[str, str] = {}
    try:
        for path in files:
            if path.suffix.lower() != ".csv":
                return None
            found = detect_encoding(path, encoding)
            if found not in ("utf-8", "utf-8-sig"):
                return None
            this = read_header(path, found)
            if not this or (header is not None and this != header) or len(set(this)) < len(this):
                return None
            if not records_by_lines(path):
                return None
            header, encodings[path.name] = this, found
    except IngestError:
        return None
    return header, encodings


def distinct(con: Any, sql: str) -> list[Any]:
    """The distinct non-NULL values of a one-column query."""
    return [
        v for (v,) in con.execute(f"SELECT DISTINCT * FROM ({sql})").fetchall() if v is not None
    ]


def lookup(
    con: Any, name: str, texts: Iterable[str], fn: Callable[[list[str]], dict[str, Any]]
) -> str:
    """Register ``name`` as the table (text, code) of ``fn`` over the distinct texts."""
    import pyarrow as pa

    texts = sorted(set(texts))
    table = fn(texts) if texts else {}
    con.register(
        name,
        pa.table(
            {
                "text": pa.array(texts, pa.string()),
                "code": pa.array([table.get(t) for t in texts], pa.string()),
            }
        ),
    )
    return name


def stage_result(con: Any, stage: str, parts: list[str], rejects: str | None) -> None:
    """The stage table of an adapter from its mapped SELECTs and the malformed lines."""
    selects = list(parts)
    if rejects:
        selects.append(f"SELECT * FROM {rejects}")
    if not selects:
        selects = [
            "SELECT NULL::BIGINT AS _seq, NULL::VARCHAR AS _file, NULL::BIGINT AS _row LIMIT 0"
        ]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {stage} AS {' UNION ALL BY NAME '.join(selects)}")


def filled(con: Any, stage: str) -> tuple[list[str], list[str]]:
    """(canonical columns of the stage table, those holding any value)."""
    columns = [r[0] for r in con.execute(f"DESCRIBE {stage}").fetchall()]
    canonical = [c for c in columns if c in FIELD_NAMES]
    if not canonical:
        return [], []
    counts = con.execute(
        f"SELECT {', '.join(f'count({ident(c)})' for c in canonical)} FROM {stage}"
    ).fetchall()[0]
    return canonical, [c for c, k in zip(canonical, counts, strict=True) if k]
