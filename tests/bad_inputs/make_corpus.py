"""Write the bad-input corpus (``tests/bad_inputs/files/``) — run once, commit the output.

    python tests/bad_inputs/make_corpus.py

Every file is a few rows, written byte by byte here so the corpus is deterministic
(xlsx zip entries carry a fixed date). The expected outcome of each file is written by
hand in ``expected.yaml``; this script only makes the inputs.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "files"
HEAD = "period,flow,partner,hs_code,value,currency,record_id"
LONG_OK = "a" * 256
LONG_BAD = "b" * 257
HYPERLINK = '=HYPERLINK("http://evil.example/x","click me")'


def lines(*rows: str, end: str = "\n") -> str:
    return "\n".join(rows) + end


def text_files() -> dict[str, bytes]:
    """Text inputs: name -> bytes (the encoding is part of the case)."""
    f: dict[str, bytes] = {}
    u8 = "utf-8"
    wide = HEAD + ",enterprise_id,category"

    # --- encodings ---------------------------------------------------------
    f["canonical/enc_utf8.csv"] = lines(
        wide,
        "2024-01,X,USA,8507,100,CNY,u1,深圳市甲公司,电池",
        "2024-01,M,DEU,8703,200,CNY,u2,Müller GmbH,Kfz",
    ).encode(u8)
    f["canonical/enc_utf8_bom.csv"] = b"\xef\xbb\xbf" + lines(
        wide,
        "2024-01,X,USA,8507,100,CNY,b1,深圳市甲公司,电池",
        "2024-01,X,JPN,8507,50,CNY,b2,東京,x",
    ).encode(u8)
    f["canonical/enc_gb18030.csv"] = lines(
        wide,
        "2024-01,X,USA,8507,100,CNY,g1,深圳市甲公司,锂离子电池",
        "2024-01,X,KOR,8541,300,CNY,g2,宁波乙公司,太阳能电池",
    ).encode("gb18030")
    # row 2 ("隆垄" is C2A1 C2A2 in GB18030) is also valid UTF-8 ("¡¢"): still one encoding
    f["canonical/enc_gb18030_utf8_lookalike.csv"] = lines(
        wide,
        "2024-01,X,USA,8507,100,CNY,k1,隆垄,x",
        "2024-01,X,USA,8507,100,CNY,k2,深圳市甲公司,x",
        "2024-01,X,KOR,8541,300,CNY,k3,宁波乙公司,x",
    ).encode("gb18030")
    # every accented letter is followed by an ASCII letter: the bytes also decode as GB18030
    f["canonical/enc_latin1.csv"] = lines(
        wide,
        "2024-01,X,FRA,2204,100,CNY,l1,Société Générale,vins rosés",
        "2024-01,X,FRA,2204,50,CNY,l2,Crème,Bière",
    ).encode("latin-1")
    # UTF-8 file whose row 3 was pasted from a Latin-1 source
    f["canonical/enc_mixed.csv"] = (
        lines(wide, "2024-01,X,USA,8507,100,CNY,x1,深圳市甲公司,电池").encode(u8)
        + lines("2024-01,X,FRA,2204,50,CNY,x2,Société,vins", end="").encode("latin-1")
        + b"\n"
        + lines("2024-01,X,DEU,8703,70,CNY,x3,Müller,Kfz").encode(u8)
    )
    f["canonical/enc_forced_wrong.csv"] = f["canonical/enc_gb18030.csv"]

    # --- numbers -----------------------------------------------------------
    f["canonical/numbers_separators.csv"] = lines(
        HEAD,
        '2024-01,X,USA,8507,"1,234,567.89",CNY,n1',
        '2024-01,X,USA,8507,"1.234.567,89",CNY,n2',
        '2024-01,X,USA,8507,"12,5",CNY,n3',
        "2024-01,X,USA,8507,1 234,CNY,n4",
        '2024-01,X,USA,8507,"12,345",CNY,n5',
        '2024-01,X,USA,8507," 42.50 ",CNY,n6',
        '2024-01,X,USA,8507,"1,23,456",CNY,n7',
    ).encode(u8)
    f["canonical/semicolon_decimal_comma.csv"] = lines(
        "period;flow;partner;value;currency", "2024-01;X;USA;12,50;CNY"
    ).encode(u8)
    f["canonical/values_nan_inf.csv"] = lines(
        HEAD + ",quantity",
        "2024-01,X,USA,8507,NaN,CNY,f1,1",
        "2024-01,X,USA,8507,inf,CNY,f2,1",
        "2024-01,X,USA,8507,-Infinity,CNY,f3,1",
        "2024-01,X,USA,8507,10,CNY,f4,nan",
        "2024-01,X,USA,8507,10,CNY,f5,inf",
        "2024-01,X,USA,8507,abc,CNY,f6,1",
        "2024-01,X,USA,8507,10,CNY,f7,1",
        "2024-01,X,USA,8507,,CNY,f8,1",
        "2024-01,X,USA,8507,1e3,CNY,f9,1",
    ).encode(u8)
    f["canonical/values_overflow.csv"] = lines(
        HEAD + ",quantity,orders",
        "2024-01,X,USA,8507,12345678901234567890,CNY,o1,,",
        "2024-01,X,USA,8507,99999999999999999.99,CNY,o2,,",
        "2024-01,X,USA,8507,9999999999999999.99,CNY,o3,,",
        "2024-01,X,USA,8507,9999999999999999.99,USD,o4,,",
        "2024-01,X,USA,8507,10,CNY,o5,1e400,",
        "2024-01,X,USA,8507,10,CNY,o6,,99999999999",
    ).encode(u8)
    f["canonical/negative_values.csv"] = lines(
        HEAD + ",is_return,quantity",
        "2024-01,X,USA,8507,-5,CNY,m1,false,1",
        "2024-01,X,USA,8507,-5,CNY,m2,true,-1",
        "2024-01,X,USA,8507,5,CNY,m3,true,1",
        "2024-01,X,USA,8507,5,CNY,m4,false,-3",
        "2024-01,X,USA,8507,5,CNY,m5,maybe,1",
        '2024-01,X,USA,8507,"-1,234.50",CNY,m6,yes,-2',
        "2024-01,X,USA,8507,5,CNY,m7,,1",
    ).encode(u8)

    # --- trailing commas, columns -------------------------------------------
    f["canonical/trailing_commas_all.csv"] = lines(
        HEAD + ",",
        "2024-01,X,USA,8507,10,CNY,t1,",
        "2024-01,X,DEU,8507,20,CNY,t2,",
        "2024-01,M,JPN,8507,30,CNY,t3,",
    ).encode(u8)
    f["canonical/trailing_commas_data.csv"] = lines(
        HEAD, "2024-01,X,USA,8507,10,CNY,t1,", "2024-01,X,DEU,8507,20,CNY,t2,"
    ).encode(u8)
    f["canonical/columns_missing_value.csv"] = lines(
        "period,flow,partner,currency", "2024-01,X,USA,CNY"
    ).encode(u8)
    f["canonical/columns_missing_flow.csv"] = lines(
        "period,partner,value,currency,record_id", "2024-01,USA,10,CNY,k1", "2024-02,DEU,20,CNY,k2"
    ).encode(u8)
    f["canonical/columns_extra.csv"] = lines(
        HEAD + ",note,Comment",
        "2024-01,X,USA,8507,10,CNY,e1,first,ok",
        "2024-01,X,DEU,8507,20,CNY,e2,,",
    ).encode(u8)
    f["canonical/columns_duplicated.csv"] = lines(
        "period,flow,value,partner,value", "2024-01,X,10,USA,20"
    ).encode(u8)
    f["canonical/columns_permuted.csv"] = lines(
        "value,record_id,currency,flow,hs_code,period,partner",
        "10.5,v1,CNY,M,8507,2024-02,KOR",
        "20,v2,CNY,X,8703,2024-03,DEU",
    ).encode(u8)
    f["canonical/columns_unknown.csv"] = lines("a,b,c", "1,2,3").encode(u8)

    # --- empty, truncated, garbage -------------------------------------------
    f["canonical/empty.csv"] = b""
    f["canonical/header_only.csv"] = lines(HEAD).encode(u8)
    f["canonical/blank_lines.csv"] = lines(
        HEAD, "2024-01,X,USA,8507,10,CNY,s1", "", "2024-01,X,ABC,8507,10,CNY,s2", "", ""
    ).encode(u8)
    f["canonical/truncated_last_line.csv"] = lines(
        HEAD, "2024-01,X,USA,8507,10,CNY,r1", "2024-01,X,DEU,8507,20,CNY,r2", "2024-01,X,US", end=""
    ).encode(u8)
    f["canonical/truncated_in_quote.csv"] = lines(
        HEAD, "2024-01,X,USA,8507,10,CNY,r1", '2024-01,X,DEU,8507,"1,23', end=""
    ).encode(u8)
    f["canonical/binary_nul.csv"] = bytes(range(256)) * 4
    f["canonical/binary_high.csv"] = bytes(range(128, 256)) * 8 + b"\n" + bytes(range(255, 127, -1))
    f["canonical/not_parquet.parquet"] = lines(HEAD, "2024-01,X,USA,8507,10,CNY,z1").encode(u8)

    # --- codes, periods, flow, currency --------------------------------------
    f["canonical/hs_invalid.csv"] = lines(
        HEAD,
        "2024-01,X,USA,85A7,10,CNY,h1",
        "2024-01,X,USA,850,10,CNY,h2",
        "2024-01,X,USA,123456789012,10,CNY,h3",
        "2024-01,X,USA,8,10,CNY,h4",
        "2024-01,X,USA,8507.60,10,CNY,h5",
        "2024-01,X,USA,08,10,CNY,h6",
        "2024-01,X,USA,HS8507,10,CNY,h7",
    ).encode(u8)
    f["canonical/partner_unknown.csv"] = lines(
        HEAD,
        "2024-01,X,ABC,8507,10,CNY,p1",
        "2024-01,X,usa,8507,10,CNY,p2",
        "2024-01,X,US,8507,10,CNY,p3",
        "2024-01,X,United States,8507,10,CNY,p4",
        "2024-01,X,XUN,8507,10,CNY,p5",
    ).encode(u8)
    f["canonical/periods_invalid.csv"] = lines(
        HEAD,
        "2023-13,X,USA,8507,10,CNY,q1",
        "2023-00,X,USA,8507,10,CNY,q2",
        "202313,X,USA,8507,10,CNY,q3",
        "2023/01,X,USA,8507,10,CNY,q4",
        "2099-01,X,USA,8507,10,CNY,q5",
        "1899-12,X,USA,8507,10,CNY,q6",
        "2023-02-30,X,USA,8507,10,CNY,q7",
        "2023-01-15,X,USA,8507,10,CNY,q8",
        "Jan 2023,X,USA,8507,10,CNY,q9",
        ",X,USA,8507,10,CNY,q10",
    ).encode(u8)
    f["canonical/flow_currency.csv"] = lines(
        HEAD,
        "2024-01,,USA,8507,10,CNY,w1",
        "2024-01,X,USA,8507,10,,w2",
        "2024-01,E,USA,8507,10,CNY,w3",
        "2024-01,export,USA,8507,10,CNY,w4",
        "2024-01,X,USA,8507,10,cny,w5",
        "2024-01,X,USA,8507,10,RMB,w6",
        "2024-01,X,USA,8507,10,US$,w7",
    ).encode(u8)

    # --- duplicates and vintages ---------------------------------------------
    f["canonical/dup_in_file.csv"] = lines(
        HEAD,
        "2024-01,X,USA,8507,10,CNY,d1",
        "2024-01,X,USA,8507,10,CNY,d1",
        "2024-01,X,DEU,8507,10,CNY,d2",
    ).encode(u8)
    f["canonical/dup_no_record_id.csv"] = lines(
        "period,flow,partner,hs_code,value,currency",
        "2024-01,X,USA,8507,10,CNY",
        "2024-01,X,USA,8507,10,CNY",
        "2024-01,X,USA,8507,99,CNY",
        "2024-01,M,USA,8507,10,CNY",
    ).encode(u8)
    vhead = HEAD + ",vintage"
    f["canonical/dup_base.csv"] = lines(
        vhead, "2024-01,X,USA,8507,10,CNY,a1,2024-02-15", "2024-01,X,DEU,8507,20,CNY,a2,2024-02-15"
    ).encode(u8)
    f["canonical/dup_again.csv"] = lines(
        vhead, "2024-01,X,DEU,8507,20,CNY,a2,2024-02-15", "2024-02,X,USA,8507,30,CNY,a3,2024-03-15"
    ).encode(u8)
    f["canonical/vintage_latest.csv"] = lines(
        vhead, "2024-01,X,USA,8507,900,CNY,c1,2024-06-30", "2024-01,X,DEU,8507,50,CNY,c2,2024-06-30"
    ).encode(u8)
    f["canonical/vintage_earlier.csv"] = lines(
        vhead, "2024-01,X,USA,8507,1000,CNY,c1,2024-01-12"
    ).encode(u8)
    f["canonical/vintage_invalid.csv"] = lines(
        vhead,
        "2024-01,X,USA,8507,10,CNY,i1,2099-01-01",
        "2024-01,X,USA,8507,10,CNY,i2,2024-13-01",
        "2024-01,X,USA,8507,10,CNY,i3,2024-05-01",
    ).encode(u8)

    # --- text fields: formula injection, very long -----------------------------
    fhead = HEAD + ",enterprise_id,category,zone,order_id"
    link = HYPERLINK.replace('"', '""')
    f["canonical/formula_injection.csv"] = lines(
        fhead,
        f"2024-01,X,USA,8507,10,CNY,x1,\"{link}\",+cmd|' /C calc'!A0,-1+1,@SUM(A1:A9)",
        "2024-01,X,USA,8507,-10,CNY,x2,=1+1,@x,+y,-z",
        "2024-01,X,DEU,8507,-10,CNY,x3,E1,normal,Z1,-2",
    ).encode(u8)
    f["canonical/long_fields.csv"] = lines(
        HEAD + ",enterprise_id,category",
        f"2024-01,X,USA,8507,10,CNY,y1,{LONG_OK},c",
        f"2024-01,X,USA,8507,10,CNY,y2,{LONG_BAD},c",
        f"2024-01,X,USA,8507,10,CNY,y3,e,{'c' * 10_000}",
        f"2024-01,X,{'Z' * 300},8507,10,CNY,y4,e,c",
    ).encode(u8)

    f.update(gac_files())
    f.update(mapped_text_files())
    f.update(orders_text_files())
    return f


def gac_files() -> dict[str, bytes]:
    """GAC query-platform exports: quoted, trailing comma on every line."""

    def gac(*rows: list[str]) -> str:
        quoted = (",".join('"' + c.replace('"', '""') + '"' for c in r) for r in rows)
        return "".join(line + ",\n" for line in quoted)

    f: dict[str, bytes] = {}
    zh = ["商品编码", "商品名称", "贸易伙伴编码", "贸易伙伴名称", "人民币"]
    en = ["Date of data", "Commodity code", "Trading partner code", "US dollar"]
    f["gac/zh_gb18030.csv"] = gac(
        zh,
        ["85076000", "锂离子蓄电池", "110", "中国香港", "5,848,714"],
        ["85076000", "锂离子蓄电池", "133", "韩国", "1,234"],
    ).encode("gb18030")
    f["gac/en_utf8_bom.csv"] = b"\xef\xbb\xbf" + gac(
        en, ["202601", "29012920", "110", "315,286"], ["202601", "29012920", "133", "199,307"]
    ).encode("utf-8")
    f["gac/en_cp1252_names.csv"] = gac(
        ["Date of data", "Commodity code", "Trading partner", "US dollar"],
        ["202601", "29012920", "Curaçao", "1,000"],
        ["202601", "29012920", "Côte d'Ivoire", "2,000"],
    ).encode("cp1252")
    f["gac/thousands.csv"] = gac(
        en,
        ["202601", "29012920", "110", "5,848,714"],
        ["202601", "29012920", "121", "5.848.714"],
        ["202601", "29012920", "133", "1,234.5"],
        ["202601", "29012920", "142", "12,5"],
    ).encode("utf-8")
    f["gac/unknown_partner_code.csv"] = gac(
        en, ["202601", "29012920", "998", "100"], ["202601", "29012920", "110", "200"]
    ).encode("utf-8")
    f["gac/unknown_partner_name.csv"] = gac(
        ["Date of data", "Commodity code", "Trading partner", "US dollar"],
        ["202601", "29012920", "Atlantis", "100"],
        ["202601", "29012920", "Republic of Korea", "200"],
        ["202601", "29012920", HYPERLINK, "300"],
    ).encode("utf-8")
    f["gac/total_row.csv"] = gac(
        zh,
        ["85076000", "锂离子蓄电池", "110", "中国香港", "100"],
        ["85076000", "锂离子蓄电池", "133", "韩国", "200"],
        ["合计", "", "", "", "300"],
    ).encode("utf-8")
    f["gac/no_date.csv"] = gac(
        ["Commodity code", "Trading partner code", "US dollar"], ["29012920", "110", "100"]
    ).encode("utf-8")
    f["gac/periods.csv"] = gac(
        en,
        ["202613", "29012920", "110", "100"],
        ["209901", "29012920", "110", "100"],
        ["202601", "29012920", "110", "100"],
        ["2026年2月", "29012920", "110", "100"],
        ["", "29012920", "121", "100"],
    ).encode("utf-8")
    f["gac/no_value.csv"] = gac(
        ["Date of data", "Commodity code", "Trading partner code", "Quantity"],
        ["202601", "29012920", "110", "5"],
    ).encode("utf-8")
    f["gac/two_hs_columns.csv"] = gac(
        ["Commodity code", "商品编码", "US dollar"], ["29012920", "29012920", "100"]
    ).encode("utf-8")
    f["gac/hs_invalid.csv"] = gac(
        en,
        ["202601", "2901292A", "110", "100"],
        ["202601", "290", "110", "100"],
        ["202601", "2901.29.20", "110", "100"],
    ).encode("utf-8")
    f["gac/region_unknown.csv"] = gac(
        [
            "Date of data",
            "Commodity code",
            "Locations of importers and exporters code",
            "US dollar",
        ],
        ["202601", "29012920", "99", "100"],
        ["202601", "29012920", "44", "200"],
    ).encode("utf-8")
    f["gac/negative_value.csv"] = gac(
        en, ["202601", "29012920", "110", "-315,286"], ["202601", "29012920", "121", "28,579"]
    ).encode("utf-8")
    f["gac/quantity_bad.csv"] = gac(
        [*en[:3], "Quantity", "Unit", "US dollar"],
        ["202601", "29012920", "110", "abc", "Kilogram", "100"],
        ["202601", "29012920", "121", "0", "?", "200"],
        ["202601", "29012920", "133", "1,500", "Kilogram", "300"],
    ).encode("utf-8")
    f["gac/truncated.csv"] = (
        gac(en, ["202601", "29012920", "110", "100"]) + '"202601","29012920","1'
    ).encode("utf-8")
    f["gac/cny_values.csv"] = gac(
        ["Date of data", "Commodity code", "Trading partner code", "人民币"],
        ["202601", "29012920", "110", "100"],
    ).encode("utf-8")
    f["gac/unknown_columns.csv"] = gac(
        [*en, "Foo"], ["202601", "29012920", "110", "100", "bar"]
    ).encode("utf-8")
    f["gac/header_only.csv"] = gac(en).encode("utf-8")
    return f


MAPPING_CSV = """version: 1
columns: {period: 月份, flow: 进出口, partner: 国家, value: 金额}
constants: {currency: CNY}
translate: {flow: {出口: X, 进口: M}}
resolve: {partner: name}
"""


def mapped_text_files() -> dict[str, bytes]:
    f: dict[str, bytes] = {}
    head = "月份,进出口,国家,金额"
    f["mapped/basic.yaml"] = MAPPING_CSV.encode()
    f["mapped/translate_unknown.csv"] = lines(
        head, "2024-01,出口,韩国,100", "2024-01,转口,韩国,100", "2024-01,进口,火星,100"
    ).encode("utf-8")
    f["mapped/gb18030.csv"] = lines(head, "2024-01,出口,韩国,100", "2024-02,进口,日本,50").encode(
        "gb18030"
    )
    f["mapped/force_utf8.yaml"] = (MAPPING_CSV + "source: {encoding: utf-8}\n").encode()
    f["mapped/missing_column.csv"] = lines("月份,进出口,国家,金額", "2024-01,出口,韩国,100").encode(
        "utf-8"
    )
    f["mapped/period_format.yaml"] = MAPPING_CSV.replace(
        "resolve:", 'period_format: "%Y年%m月"\nresolve:'
    ).encode()
    f["mapped/period_format.csv"] = lines(
        head, "2024年13月,出口,韩国,100", "2024年1月,出口,韩国,100", "2024-01,出口,日本,100"
    ).encode("utf-8")
    f["mapped/multiply.yaml"] = (MAPPING_CSV + "multiply: {value: 万元}\n").encode()
    f["mapped/multiply.csv"] = lines(
        head,
        '2024-01,出口,韩国,"1,234.5"',
        "2024-01,出口,日本,n/a",
        '2024-01,进口,韩国,"12,5"',
        "2024-01,进口,日本,-3",
    ).encode("utf-8")
    f["mapped/cumulative.yaml"] = (MAPPING_CSV + "cumulative: {resets: january}\n").encode()
    f["mapped/cumulative_fall.csv"] = lines(
        head,
        "2024-01,出口,韩国,100",
        "2024-02,出口,韩国,250",
        "2024-03,出口,韩国,200",
        "2024-04,出口,韩国,300",
    ).encode("utf-8")
    f["mapped/bad_yaml.yaml"] = b"version: 1\ncolumns: {period: [unclosed\n"
    f["mapped/unknown_field.yaml"] = (MAPPING_CSV + "columns2: {x: y}\n").encode()
    f["mapped/header_only.csv"] = lines(head).encode("utf-8")
    xlsx_map = """version: 1
columns: {period: 月份, flow: 进出口, partner: 国家, value: 金额, category: 品类}
constants: {currency: CNY}
translate: {flow: {出口: X, 进口: M}}
resolve: {partner: name}
"""
    f["mapped/xlsx.yaml"] = xlsx_map.encode()
    f["mapped/xlsx_sheets.yaml"] = (
        xlsx_map + "source: {sheets: [{name: '2024'}, {name: '2026'}]}\n"
    ).encode()
    f["mapped/merged.yaml"] = """version: 1
columns: {period: 月份, value: 出口}
constants: {currency: CNY, flow: X}
""".encode()
    return f


def orders_text_files() -> dict[str, bytes]:
    f: dict[str, bytes] = {}
    head = "order_id,order_date,buyer_country,quantity,unit_price,currency"
    f["orders/bad_lines.csv"] = lines(
        head,
        "A1,2024-03-02,USA,2,10.50,USD",
        ",2024-03-02,USA,1,5,USD",
        "A3,2024-02-30,USA,1,5,USD",
        "A4,2024-03-02,Atlantis,1,5,USD",
        "A5,2024-03-02,USA,-1,5,USD",
        "A6,2024-03-02,USA,1,-5,USD",
        "A7,2024-03-02,USA,one,5,USD",
        "A8,2024-03-02,USA,1,NaN,USD",
        "A9,2099-01-01,USA,1,5,USD",
    ).encode("utf-8")
    f["orders/no_currency_column.csv"] = lines(
        "order_id,order_date,buyer_country,quantity,unit_price", "A1,2024-03-02,USA,2,10.50"
    ).encode("utf-8")
    f["orders/blank_currency.csv"] = lines(
        head, "A1,2024-03-02,USA,2,10.50,USD", "A2,2024-03-02,USA,1,5,"
    ).encode("utf-8")
    f["orders/numbers.csv"] = lines(
        head,
        'A1,2024-03-02,USA,"1,000",0.50,USD',
        'A2,2024-03-02,USA,1,"10,5",USD',
        "A3,2024-03-02,USA,10000000000000,1000,USD",
        "A4,2024-03-02,USA,1e20,1,USD",
        "A5,2024-03-02,USA,3,0.333,USD",
    ).encode("utf-8")
    link = HYPERLINK.replace('"', '""')
    f["orders/formula.csv"] = lines(
        "order_id,order_date,buyer_country,seller_id,category,quantity,unit_price,currency",
        f"-1+1,2024-03-02,USA,+cmd|' /C calc'!A0,\"{link}\",1,5,USD",
        "A2,2024-03-02,@SUM(A1),s,c,1,5,USD",
        "A3,2024-03-02,DEU,s,@SUM(B1),1,5,USD",
    ).encode("utf-8")
    f["orders/dup_base.csv"] = lines(
        head, "B1,2024-03-02,USA,1,5,USD", "B1,2024-03-02,USA,1,5,USD", "B2,2024-03-03,DEU,1,7,USD"
    ).encode("utf-8")
    f["orders/dup_again.csv"] = lines(
        head, "B2,2024-03-03,DEU,1,7,USD", "B3,2024-03-04,JPN,2,7,USD"
    ).encode("utf-8")
    f["orders/no_date_column.csv"] = lines(
        "order_id,buyer_country,amount,currency", "A1,USA,10,USD"
    ).encode("utf-8")
    f["orders/layout_gb18030.csv"] = lines(
        "单号,下单时间,国家,金额",
        'A1,2024/05/01 10:00,韩国,"1,200.50"',
        "A2,2024/05/02 11:00,日本,80",
    ).encode("gb18030")
    f["orders/layout.yaml"] = """version: 1
columns: {order_id: 单号, order_date: 下单时间, buyer_country: 国家, amount: 金额}
currency: CNY
partner_scheme: name
date_formats: ["%Y/%m/%d %H:%M"]
""".encode()
    f["orders/header_only.csv"] = lines(head).encode("utf-8")
    f["orders/truncated.csv"] = lines(
        head, "A1,2024-03-02,USA,2,10.50,USD", "A2,2024-03-0", end=""
    ).encode("utf-8")
    return f


class ErrorCell(str):
    """A spreadsheet error value (#DIV/0!, #N/A) as Excel stores it."""


class Formula(str):
    """A formula saved without a calculated result (written by a program, never opened)."""


def fixed_zip(data: bytes) -> bytes:
    """The same workbook with fixed zip dates and document times, so reruns are identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", body)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()


def workbook(sheets: dict[str, list[list[object]]], merge: dict[str, list[str]] | None = None,
             text: bool = True) -> bytes:  # fmt: skip
    """An xlsx; with ``text`` every string cell is stored as text (never as a formula)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, ErrorCell):
                    cell.data_type = "e"
                elif isinstance(value, Formula):
                    cell.data_type = "f"
                elif text and isinstance(value, str):
                    cell.data_type = "s"
        for ref in (merge or {}).get(title, []):
            ws.merge_cells(ref)
    buf = io.BytesIO()
    book.save(buf)
    return fixed_zip(buf.getvalue())


def binary_files() -> dict[str, bytes]:
    f: dict[str, bytes] = {}
    head = ["月份", "进出口", "国家", "金额", "品类"]
    f["mapped/merged_header.xlsx"] = workbook(
        {"全国": [["月份", "出口", None], [None, "当月", "年初至今"], ["2024-01", 100, 100],
                  ["2024-02", 120, 220]]},
        merge={"全国": ["B1:C1", "A1:A2"]},
    )  # fmt: skip
    f["mapped/multi_sheet.xlsx"] = workbook(
        {
            "2024": [
                head,
                ["2024-01", "出口", "韩国", 100, "a"],
                ["2024-02", "出口", "日本", 50, "b"],
            ],
            "2025": [head, ["2025-01", "出口", "韩国", 70, "a"]],
        }
    )
    f["mapped/formula_text.xlsx"] = workbook(
        {
            "data": [
                head,
                ["2024-01", "出口", "韩国", 100, HYPERLINK],
                ["2024-01", "出口", "日本", 50, "+cmd|' /C calc'!A0"],
                ["2024-02", "进口", "韩国", 70, "-1+1"],
                ["2024-02", "进口", "日本", 20, "@SUM(A1:A2)"],
            ]
        }
    )
    # error values, and formulas never calculated (no cached result) in a number and a text
    # column
    ws_rows = [
        head,
        ["2024-01", "出口", "韩国", ErrorCell("#DIV/0!"), "a"],
        ["2024-01", "出口", "日本", 5, "b"],
        ["2024-01", "进口", "韩国", Formula("=1+1"), "c"],
        ["2024-01", "进口", "日本", ErrorCell("#N/A"), "d"],
        ["2024-02", "出口", "韩国", 9, Formula('=CONCAT("a","b")')],
    ]
    f["mapped/error_cells.xlsx"] = workbook({"data": ws_rows})
    f["mapped/header_only.xlsx"] = workbook({"data": [head]})
    f["mapped/dup_header.xlsx"] = workbook(
        {"data": [["月份", "进出口", "国家", "金额", "金额"], ["2024-01", "出口", "韩国", 1, 2]]}
    )
    order_head = ["order_id", "order_date", "buyer_country", "amount", "currency"]
    f["orders/multi_sheet.xlsx"] = workbook(
        {
            "March": [order_head, ["C1", "2024-03-01", "USA", 10, "USD"]],
            "April": [order_head, ["C2", "2024-04-01", "USA", 20, "USD"]],
        }
    )
    f.update(parquet_files())
    return f


def parquet_files() -> dict[str, bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(table: pa.Table) -> bytes:
        buf = io.BytesIO()
        pq.write_table(table, buf)
        return buf.getvalue()

    from datetime import date

    f: dict[str, bytes] = {}
    n = 6
    f["canonical/pq_types.parquet"] = write(
        pa.table(
            {
                "period": pa.array([date(2024, 1, 1)] * n, pa.date32()),
                "flow": ["X"] * n,
                "partner": ["USA"] * n,
                "value": pa.array([12.5, float("nan"), float("inf"), 1e20, -5.0, None]),
                "currency": ["CNY"] * n,
                "record_id": [f"t{i}" for i in range(1, n + 1)],
            }
        )
    )
    f["canonical/pq_int_overflow.parquet"] = write(
        pa.table(
            {
                "period": ["2024-01", "2024-01"],
                "flow": ["X", "X"],
                "value": pa.array([2**63 - 1, 100], pa.int64()),
                "record_id": ["i1", "i2"],
            }
        )
    )
    f["canonical/pq_missing_flow.parquet"] = write(
        pa.table({"period": ["2024-01"], "value": [1.0]})
    )
    f["canonical/pq_empty.parquet"] = write(
        pa.table({"period": pa.array([], pa.string()), "flow": pa.array([], pa.string()),
                  "value": pa.array([], pa.float64())})
    )  # fmt: skip
    f["canonical/pq_formula.parquet"] = write(
        pa.table(
            {
                "period": ["2024-01", "2024-01"],
                "flow": ["X", "X"],
                "partner": ["USA", "DEU"],
                "value": pa.array([10, 20], pa.int32()),
                "enterprise_id": [HYPERLINK, "-1+1"],
                "category": ["@SUM(A1)", "+cmd"],
            }
        )
    )
    f["canonical/pq_period_kinds.parquet"] = write(
        pa.table(
            {
                "period": ["2024-01-15 10:00:00", "202402", "2024-3", "2024-13"],
                "flow": ["X", "X", "X", "X"],
                "value": ["1", "2", "3", "4"],
                "record_id": ["k1", "k2", "k3", "k4"],
            }
        )
    )
    return f


def main() -> None:
    files = {**text_files(), **binary_files()}
    for name, data in sorted(files.items()):
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"{len(files)} files under {OUT.name}/")


if __name__ == "__main__":
    main()
