"""The one facade front ends import: ``Warehouse`` (datasets, ingest, fx import, query,
explain) over a warehouse file, or over the server that owns it; ``protocol`` declares
what every warehouse (DuckDB, Spark, remote, a caller's disclosed view) offers."""
