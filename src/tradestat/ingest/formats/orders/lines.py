"""Order lines to staged canonical rows, as one SQL statement: over a whole folder of clean
CSV files staged as one relation in the warehouse connection (``stage_relation``), or
per chunk in an in-memory DuckDB (``stage``) for the rest.

Line values are quantity × unit price computed exactly in DECIMAL and rounded half
away from zero to the cent, because the warehouse stores DECIMAL(18,2). Each line
gets ``record_id = order_id/line`` where ``line`` is the line's position in its order
(in file order, counted across chunks and files), so identical lines stay distinct
and re-ingesting the same lines from another container (CSV, xlsx, Parquet) is a
no-op. The first line of each order carries ``orders = 1``.
"""

from __future__ import annotations

from typing import Any

from tradestat.ingest.formats.orders.spec import OrderLayout
from tradestat.ingest.validate import q

NUMBER = (
    "CASE WHEN regexp_full_match(trim({c}), '-?\\d{{1,3}}(,\\d{{3}})+(\\.\\d+)?') "
    "THEN replace(trim({c}), ',', '') ELSE trim({c}) END"
)


def _num(col: str, typ: str) -> str:
    return f"TRY_CAST({NUMBER.format(c=col)} AS {typ})"


class LineStager:
    def __init__(self, layout: OrderLayout, flow: str, currency: str | None) -> None:
        self.layout = layout
        self.flow = flow
        self.currency = currency
        self._con: Any = None  # the chunk-by-chunk path's own in-memory database
        self.view_of: OrderLayout | None = None  # layout the view was built for
        self.rounded = 0  # lines whose exact value had more than 2 decimals
        self.rounding = 0  # sum of (rounded - exact) over those lines

    @property
    def con(self) -> Any:
        if self._con is None:
            import duckdb

            self._con = duckdb.connect()
            self._con.execute("CREATE TABLE _seen (seen_oid VARCHAR PRIMARY KEY, seen_n BIGINT)")
        return self._con

    def stage(self, chunk: Any, partners: dict[str, str | None], regions: dict[str, str | None]):
        import pyarrow as pa

        cols = self.layout.columns
        data = {f: chunk[c] for f, c in cols.items()}
        data["_row"] = chunk["_row"]
        self.con.register("_chunk", pa.table(data))
        self.con.register("_partners", _pairs(partners))
        self.con.register("_regions", _pairs(regions))
        try:
            if self.view_of != self.layout:  # parse and plan the big statement once
                self.con.execute(f"CREATE OR REPLACE TEMP VIEW _lines_v AS {self._sql()}")
                self.view_of = self.layout
            self.con.execute("CREATE OR REPLACE TEMP TABLE _lines AS SELECT * FROM _lines_v")
        finally:
            for name in ("_chunk", "_partners", "_regions"):
                self.con.unregister(name)
        self.con.execute(
            "INSERT OR REPLACE INTO _seen SELECT oid, max(line_no) FROM _lines "
            "WHERE oid IS NOT NULL GROUP BY oid"
        )
        self._count_rounding(self.con, "_lines")
        out = self.con.sql("SELECT * EXCLUDE (oid, line_no, val, val_rounded) FROM _lines")
        return out.to_arrow_table()

    def stage_relation(self, con: Any, source: str, table: str, partners: Any, regions: Any):
        """Set-based: the lines of the relation ``source`` (line fields as columns, plus
        ``_seq``, ``_file``, ``_row``: a whole folder at once) as the temporary table
        ``table`` of ``con``, the same rows ``stage`` gives chunk by chunk (a line's
        position in its order counted in batch order)."""
        con.register("_ord_partners", _pairs(partners))
        con.register("_ord_regions", _pairs(regions))
        try:
            none = "(SELECT NULL::VARCHAR AS seen_oid, NULL::BIGINT AS seen_n LIMIT 0)"
            sql = self._sql(source, "_ord_partners", "_ord_regions", none, "_seq", "_seq, _file, ")
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")
        finally:
            con.unregister("_ord_partners")
            con.unregister("_ord_regions")
        self._count_rounding(con, table)

    def _count_rounding(self, con: Any, table: str) -> None:
        [(n, diff)] = con.execute(
            f"SELECT count(*), coalesce(sum(val_rounded - val), 0) FROM {table} "
            "WHERE val IS NOT NULL AND val <> val_rounded AND _reject_field IS NULL"
        ).fetchall()
        self.rounded += n
        self.rounding += diff

    def _sql(
        self,
        source: str = "_chunk",
        partners: str = "_partners",
        regions: str = "_regions",
        seen: str = "_seen",
        order: str = "_row",
        carry: str = "",
    ) -> str:
        lay, cols = self.layout, self.layout.columns

        def col(f: str) -> str:
            return f"nullif(trim({f}), '')" if f in cols else "NULL"

        ret = ["false"]
        if lay.return_prefix:
            ret.append(f"starts_with(s.oid, {q(lay.return_prefix)})")
        if lay.return_status and "status" in cols:
            statuses = ", ".join(q(s) for s in lay.return_status)
            ret.append(f"lower(s.status_txt) IN ({statuses})")
        if lay.negative_quantity == "return":
            ret.append("coalesce(s.qty < 0, false)")
        formats = "[" + ", ".join(q(f) for f in lay.date_formats) + "]"
        # widened before multiplying: DECIMAL(18,4) * DECIMAL(18,6) raises on overflow
        # and would abort the whole ingest; the too-large value is rejected in validation
        amount = (
            f"round({_num('amount', 'DECIMAL(18,4)')}, 2)"
            if "amount" in cols
            else f"CAST({_num('quantity', 'DECIMAL(18,4)')} AS DECIMAL(38,4)) * "
            f"CAST({_num('unit_price', 'DECIMAL(18,6)')} AS DECIMAL(38,6))"
        )
        flow = f"upper(coalesce({col('flow')}, {q(self.flow)}))"
        currency = f"upper(coalesce({col('currency')}, {q(self.currency or '')}))"
        line = f"coalesce({col('line_id')}, CAST(line_no AS VARCHAR))"
        raw = " || ', ' || ".join(f"{q(src + '=')} || coalesce({f}, '')" for f, src in cols.items())
        rejects = self._rejects(lay)
        return f"""
        WITH src AS (
          SELECT {carry}_row, {col("order_id")} AS oid, {col("order_date")} AS d,
            {col("buyer_country")} AS country, {col("seller_region")} AS seller_region,
            {_num("quantity", "DECIMAL(18,4)") if "quantity" in cols else "NULL"} AS qty,
            {col("quantity")} AS qty_txt, {col("unit_price")} AS price_txt,
            {col("amount")} AS amount_txt,
            {_num("unit_price", "DECIMAL(18,6)") if "unit_price" in cols else "NULL"} AS price,
            {amount} AS val, try_strptime({col("order_date")}, {formats}) AS ts,
            {col("seller_id")} AS seller_id, {col("category")} AS category,
            {col("hs_code")} AS hs_code, {col("trade_mode")} AS trade_mode,
            {flow} AS flow, {currency} AS currency, {col("line_id")} AS line_id_txt,
            {col("status")} AS status_txt,
            {raw} AS raw_text
          FROM {source}
        ), typed AS (
          SELECT s.*, ({" OR ".join(ret)}) AS ret, p.code AS partner_code, r.code AS region_code,
            coalesce(seen_n, 0) + row_number() OVER (PARTITION BY s.oid ORDER BY s.{order})
              AS line_no
          FROM src s LEFT JOIN {partners} p ON p.text = s.country
          LEFT JOIN {regions} r ON r.text = s.seller_region
          LEFT JOIN {seen} ON seen_oid = s.oid
        ), judged AS (
          SELECT *, {rejects[0]} AS _reject_field, {rejects[1]} AS _reject_reason FROM typed
        )
        SELECT {carry}_row, oid, line_no, val, round(val, 2) AS val_rounded,
          oid AS order_id, strftime(ts, '%Y-%m') AS period, flow,
          partner_code AS partner, region_code AS region, seller_id AS enterprise_id,
          category, hs_code, trade_mode,
          CAST(CASE WHEN ret THEN -abs(round(val, 2)) ELSE round(val, 2) END AS VARCHAR)
            AS value,
          nullif(currency, '') AS currency,
          CAST(CASE WHEN ret THEN -abs(qty) ELSE qty END AS VARCHAR) AS quantity,
          {q(lay.unit) if lay.unit else "NULL"} AS unit,
          CASE WHEN line_no = 1 THEN '1' ELSE '0' END AS orders,
          CASE WHEN ret THEN 'true' ELSE 'false' END AS is_return,
          oid || '/' || {line} AS record_id,
          _reject_field, _reject_reason,
          CASE WHEN _reject_field IS NOT NULL THEN raw_text END AS _raw
        FROM judged ORDER BY {order}"""

    def _rejects(self, lay: OrderLayout) -> tuple[str, str]:
        rules = [
            ("oid IS NULL", "order_id", "'missing order id'"),
            (
                f"NOT regexp_full_match(oid, {q(lay.order_id_pattern)})"
                if lay.order_id_pattern
                else "false",
                "order_id",
                f"'not a sales or return order (id does not match {lay.order_id_pattern}): '"
                " || oid",
            ),
            ("d IS NULL", "period", "'missing order date'"),
            ("ts IS NULL", "period", "'order date in none of the layout''s formats: ' || d"),
            (_too_large("qty_txt", "qty"), "quantity", "'out of range: ' || qty_txt"),
            ("qty_txt IS NOT NULL AND qty IS NULL", "quantity", "'not a number: ' || qty_txt"),
            (_too_large("price_txt", "price"), "unit_price", "'out of range: ' || price_txt"),
            ("price_txt IS NOT NULL AND price IS NULL", "unit_price",
             "'not a number: ' || price_txt"),
            (_too_large("amount_txt", "val"), "value", "'out of range: ' || amount_txt"),
            ("val IS NULL AND amount_txt IS NOT NULL", "value", "'not a number: ' || amount_txt"),
            ("val IS NULL", "value", "'no amount, or no quantity and unit price'"),
            ("price < 0", "unit_price", "'negative unit price: an adjustment, not a sale'"),
            (
                "NOT ret AND qty < 0",
                "quantity",
                "'negative quantity on an order that is not a return: a stock adjustment, "
                "not a sale'",
            ),
            ("country IS NOT NULL AND partner_code IS NULL", "partner",
             "'unknown buyer country: ' || country"),
            ("seller_region IS NOT NULL AND region_code IS NULL", "region",
             "'unknown seller region: ' || seller_region"),
        ]  # fmt: skip
        field = " ".join(f"WHEN {c} THEN {q(f)}" for c, f, _ in rules)
        reason = " ".join(f"WHEN {c} THEN {r}" for c, _, r in rules)
        return f"CASE {field} END", f"CASE {reason} END"


def _too_large(text: str, parsed: str) -> str:
    """SQL: the text is a number (a DOUBLE parses it) that its DECIMAL type cannot hold."""
    return (
        f"{text} IS NOT NULL AND {parsed} IS NULL "
        f"AND isfinite(TRY_CAST({NUMBER.format(c=text)} AS DOUBLE))"
    )


def _pairs(table: dict[str, str | None]) -> Any:
    import pyarrow as pa

    return pa.table(
        {
            "text": pa.array(list(table), pa.string()),
            "code": pa.array(list(table.values()), pa.string()),
        }
    )
