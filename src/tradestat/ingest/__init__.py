"""Ingest: adapters turn source files into canonical rows; validation and the batch
pipeline put every row in the facts or in the rejects table, atomically per batch."""
