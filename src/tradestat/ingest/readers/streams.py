"""Readers shared by adapters: text-encoding detection and CSV/Parquet streaming
that keeps each row's number in the source file and turns malformed lines into
rejects instead of failures."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from tradestat.errors import IngestError
from tradestat.ingest.readers import quotes

SAMPLE_BYTES = 4 << 20
BLOCK_BYTES = 8 << 20
MAX_COLUMNS = 1_000  # a trade table has dozens; 100,000 columns took 48 s and 2.4 GB


def detect_encoding(path: Path, forced: str | None = None) -> str:
    """utf-8 (with or without BOM), else gb18030 when it decodes to Chinese text, else cp1252.

    A file that cannot be read in the chosen encoding is refused here, naming the first
    row that fails, instead of being stored as mojibake or failing deep inside the reader.
    """
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    complete = len(sample) < SAMPLE_BYTES
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise IngestError(f"{path}: unknown encoding {forced!r}") from None
        _must_decode(path, sample, forced, complete, f"is not valid {forced} (--encoding)")
        return forced
    if sample.startswith(codecs.BOM_UTF8):
        _must_decode(
            path, sample, "utf-8-sig", complete, "is not UTF-8 although the file has a BOM"
        )
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(sample):
        raise IngestError(
            f"{path}: looks like UTF-16 text (a NUL byte beside every character); "
            "pass --encoding utf-16"
        )
    nul = sample.find(b"\x00")
    if nul >= 0:
        row = sample[:nul].count(b"\n") + 1
        raise IngestError(f"{path}: row {row} holds a NUL byte: binary content, not a text table")
    mixed = _mixed_utf8_row(sample, complete)
    if mixed:
        raise IngestError(
            f"{path}: row {mixed} is not UTF-8 but other rows are (mixed encodings, e.g. a "
            "row pasted from a Latin-1 or GB18030 file); save the file in one encoding"
        )
    for enc in ("utf-8", "gb18030"):
        try:
            text = _decode_sample(sample, enc, complete=complete)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8" or _mostly_cjk(text):
            return enc
    _must_decode(
        path, sample, "cp1252", complete,
        "is not text in UTF-8, GB18030 or CP1252 (a binary file? if it is text, pass --encoding)",
    )  # fmt: skip
    return "cp1252"


def _looks_utf16(sample: bytes) -> bool:
    """Text in UTF-16 without a BOM: most odd (or even) bytes are NUL."""
    head = sample[:4096]
    if len(head) < 8:
        return False
    pairs = len(head) // 2
    return max(head[0::2].count(0), head[1::2].count(0)) > 0.4 * pairs


def _decode_sample(sample: bytes, enc: str, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(enc)()
    return decoder.decode(sample, final=complete)


def _must_decode(path: Path, sample: bytes, enc: str, complete: bool, what: str) -> None:
    try:
        _decode_sample(sample, enc, complete)
    except UnicodeDecodeError as exc:
        row = sample[: exc.start].count(b"\n") + 1
        raise IngestError(
            f"{path}: row {row} {what}: byte 0x{sample[exc.start]:02x} cannot be decoded"
        ) from None


def _mixed_utf8_row(sample: bytes, complete: bool) -> int | None:
    """The first row that is not UTF-8 in a file whose non-ASCII rows are mostly UTF-8.

    Such a file has no single right encoding: any choice stores some rows as mojibake.
    "Mostly": a short GB18030 line can be valid UTF-8 by chance, so a GB18030 file
    with such a line (UTF-8 rows in the minority) is not called mixed.
    """
    lines = sample.split(b"\n")
    if not complete:
        lines = lines[:-1]  # the sample may end inside a character
    utf8_rows, first_bad = 0, None
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_rows += 1
        except UnicodeDecodeError:
            first_bad = first_bad or number
    bad_rows = sum(1 for line in lines if not line.isascii()) - utf8_rows
    return first_bad if first_bad and utf8_rows > bad_rows else None


def _mostly_cjk(text: str) -> bool:
    wide = [c for c in text if ord(c) > 127]
    cjk = [c for c in wide if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"]
    if not wide or len(cjk) < 0.8 * len(wide):
        return False
    # Latin-1 text such as "Curaçao" also decodes as GB18030 (ç + a is a valid pair), but
    # to rare characters outside GB2312, which everyday Chinese text hardly ever leaves.
    common = sum(1 for c in wide if _in_gb2312(c))
    return common >= 0.5 * len(wide)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def read_header(path: Path, encoding: str, delimiter: str = ",") -> list[str]:
    with open(path, encoding=encoding, newline="") as fh:
        line = fh.readline()
    if not line.strip():
        return []
    if line.count(delimiter) >= MAX_COLUMNS:
        raise IngestError(
            f"{path}: row 1 (the header) has {line.count(delimiter) + 1:,} columns, more than "
            f"the {MAX_COLUMNS:,} tradestat reads; is this the right file and delimiter?"
        )
    return [h.strip() for h in next(csv.reader(io.StringIO(line), delimiter=delimiter))]


def column_names(header: list[str]) -> list[str]:
    """The header's names as the readers name their columns: a blank one ``_blank<i>``."""
    return [h if h else f"_blank{i}" for i, h in enumerate(header)]


def stream_csv(
    path: Path, encoding: str, delimiter: str = ",", skip_rows: int = 0
) -> Iterator[tuple[list[str], object]]:
    """Yield (header, Arrow table of text columns + ``_row`` + reject columns) chunks.

    Row numbers count the header as row 1, like a spreadsheet. Lines with the wrong
    number of fields become rows with ``_reject_field='(row)'`` and their text in ``_raw``.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = read_header(path, encoding, delimiter) if skip_rows == 0 else []
    if not header:
        return
    names = column_names(header)
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise IngestError(f"{path}: column(s) {dupes} appear more than once in the header")
    bad: list[tuple[int, str, int, int]] = []

    def on_invalid(row: object) -> str:
        bad.append((row.number, row.text, row.expected_columns, row.actual_columns))
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding=encoding,
            column_names=names,
            skip_rows=1,
            block_size=BLOCK_BYTES,
            use_threads=False,  # row numbers of malformed lines are only known single-threaded
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            invalid_row_handler=on_invalid,
            newlines_in_values=True,
            # empty lines are read (and dropped after numbering): skipping them in the
            # parser would shift the row numbers of every later row
            ignore_empty_lines=False,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    next_row = 2  # first data row
    skipped: set[int] = set()  # malformed rows may be reported before earlier good rows
    try:
        for batch in reader:
            if bad:
                rejects = _malformed(sorted(bad), names, delimiter)
                skipped.update(rejects["_row"].to_pylist())
                yield header, rejects
                bad.clear()
            rows, next_row = _number_rows(batch.num_rows, next_row, skipped)
            table = pa.Table.from_batches([batch]).append_column("_row", pa.array(rows, pa.int64()))
            table, swallowed, extra = quotes.split_records(table, names, delimiter)
            next_row += extra
            if swallowed:
                yield header, _rejects(swallowed, names)
            yield header, _without_empty_lines(table, names)
    except pa.ArrowInvalid as exc:
        raise IngestError(f"{path}: cannot read as CSV ({exc}); check --encoding") from None
    if bad:
        yield header, _malformed(sorted(bad), names, delimiter)


def _without_empty_lines(table: object, names: list[str]) -> object:
    """Drop rows whose fields are all blank: empty lines (or ",,,,") are not records."""
    import pyarrow.compute as pc

    def blank(name: str) -> object:
        return pc.equal(pc.utf8_trim_whitespace(table[name]), "")

    mask = blank(names[0])
    if not pc.any(mask).as_py():  # the usual case: one cheap column test
        return table
    for name in names[1:]:
        mask = pc.and_(mask, blank(name))
    return table.filter(pc.invert(mask))


def _number_rows(n: int, start: int, skipped: set[int]) -> tuple[list[int], int]:
    """Row numbers for ``n`` good rows starting at ``start``, skipping malformed ones."""
    if not skipped or max(skipped) < start:
        return list(range(start, start + n)), start + n
    rows, r = [], start
    while len(rows) < n:
        if r not in skipped:
            rows.append(r)
        r += 1
    return rows, r


def _malformed(bad: list[tuple[int, str, int, int]], names: list[str], delimiter: str) -> object:
    out: list[tuple[int, str, str]] = []
    for number, text, exp, act in bad:
        reason = f"expected {exp} fields, found {act}"
        if quotes.swallows(text, len(names), delimiter):
            out += quotes.expand(number, text, reason)
        else:
            out.append((number, reason, text))
    return _rejects(out, names)


def _rejects(rows: list[tuple[int, str, str]], names: list[str]) -> object:
    """Whole-row rejects: (row number, reason, raw text)."""
    import pyarrow as pa

    cols = {n: pa.nulls(len(rows), pa.string()) for n in names}
    cols["_row"] = pa.array([r[0] for r in rows], pa.int64())
    cols["_reject_field"] = pa.array(["(row)"] * len(rows))
    cols["_reject_reason"] = pa.array([r[1] for r in rows])
    cols["_raw"] = pa.array([r[2] for r in rows])
    return pa.table(cols)


def stream_parquet(path: Path) -> Iterator[object]:
    """Yield Arrow tables of a Parquet file with a 1-based ``_row``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise IngestError(f"{path}: not a readable Parquet file ({exc})") from None
    start = 1
    for batch in pf.iter_batches(batch_size=1 << 20):
        rows = pa.array(range(start, start + batch.num_rows), pa.int64())
        start += batch.num_rows
        yield pa.Table.from_batches([batch]).append_column("_row", rows)
