"""Readers every input format shares: CSV and Parquet streams with row numbers
(``streams``), DuckDB's parallel CSV staging (``fast_csv``), any tabular source as text
(``tables``), staged-row building (``staged``) and the formats' packaged data
(``packaged``)."""
