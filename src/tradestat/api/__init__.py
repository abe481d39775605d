"""The one facade front ends import: ``Warehouse`` (datasets, ingest, fx import, query,
explain) over a warehouse file, or over the server that owns it."""
