"""The per-field steps of a mapping as SQL over the mapped rows (``_mp_rows``): period
formats, translations and resolutions through tables of their results on the distinct
texts; unit multipliers in exact DECIMAL arithmetic, or ``Decimal`` for unusual texts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradestat.ingest.formats.mapped import transform
from tradestat.ingest.formats.mapped.spec import Mapping
from tradestat.ingest.readers.relations import distinct, lit
from tradestat.ingest.readers.staged import Staged

# ordinary numbers, multiplied in DECIMAL(38, 11) without overflow or rounding
_PLAIN = "'-?[0-9]{1,17}([.][0-9]{1,8})?'"
_GROUPED = "'-?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?'"


def has_chain(m: Mapping, f: str) -> bool:
    return (f == "period" and bool(m.period_format)) or f in m.translate or f in m.resolve


def chain_table(con: Any, m: Mapping, f: str, name: str, texts: list[str]) -> None:
    """(text, value, reason) of a field's period format, translation and resolution, run
    by ``stage_rows``'s own steps on the distinct texts (and on NULL)."""
    import pyarrow as pa

    texts = sorted(set(texts))
    out = Staged(list(range(len(texts))))
    values = transform.text_steps(out, f, list(texts), m)
    data = pa.table(
        {
            "text": pa.array(texts, pa.string()),
            "value": pa.array([None if v is None else str(v) for v in values], pa.string()),
            "reason": pa.array(out.reject_reason, pa.string()),
        }
    )
    con.register("_mp_chain_a", data)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS FROM _mp_chain_a")
    finally:
        con.unregister("_mp_chain_a")


def multiply(con: Any, factor: Decimal, value: str, f: str, joins: list[str]) -> tuple[str, str]:
    """(SQL of the multiplied text, SQL of the reject reason) of ``transform._multiply``:
    ordinary numbers multiplied in DECIMAL, exactly; other texts by ``Decimal`` itself,
    once per distinct text."""
    import pyarrow as pa

    grouped = f"regexp_full_match({value}, {_GROUPED})"
    number = f"CASE WHEN {grouped} THEN replace({value}, ',', '') ELSE {value} END"
    # exact as Decimal computes it (28 significant digits): at most 25 digits of text
    # times a factor of at most 3 significant digits, 10 whole digits and 3 decimals
    _, digits, exponent = factor.as_tuple()
    significant = len(factor.normalize().as_tuple().digits)
    scale = max(0, -int(exponent)) if isinstance(exponent, int) else 99
    whole = len(digits) + int(exponent) if isinstance(exponent, int) else 99
    fast = factor != 0 and significant <= 3 and whole <= 10 and scale <= 3
    plain = f"regexp_full_match({number}, {_PLAIN})"
    # -0 stays -0 in Decimal: left to Decimal
    zero = f"TRY_CAST({number} AS DECIMAL(38,8)) = 0"
    ok = f"({plain} AND NOT (starts_with({number}, '-') AND {zero}))"
    if not fast:
        ok = "false"
    name = f"_mp_mul_{f}"
    odd = distinct(con, f"SELECT {value} FROM _mp_rows r {' '.join(joins)} WHERE NOT {ok}")
    numbers = [transform._decimal(t) for t in odd]
    con.register(
        "_mp_mul_a",
        pa.table(
            {
                "text": pa.array(odd, pa.string()),
                "value": pa.array(
                    [
                        t if n is None else transform._plain(n * factor)
                        for t, n in zip(odd, numbers, strict=True)
                    ],
                    pa.string(),
                ),
                "reason": pa.array(
                    [
                        f"not a number: {t}" if n is None else None
                        for t, n in zip(odd, numbers, strict=True)
                    ],
                    pa.string(),
                ),
            }
        ),
    )
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS FROM _mp_mul_a")
    finally:
        con.unregister("_mp_mul_a")
    joins.append(f"LEFT JOIN {name} ON {name}.text = {value}")
    times = f"CAST({lit(format(factor, 'f'))} AS DECIMAL(38,{scale}))"
    product = f"CAST(TRY_CAST({number} AS DECIMAL(38,8)) * {times} AS VARCHAR)"
    # Decimal.normalize(): no trailing zeros after the point, no bare point
    trimmed = (
        f"CASE WHEN contains({product}, '.') THEN rtrim(rtrim({product}, '0'), '.') "
        f"ELSE {product} END"
    )
    return (
        f"CASE WHEN {ok} THEN {trimmed} ELSE {name}.value END",
        f"CASE WHEN {ok} THEN NULL ELSE {name}.reason END",
    )
