"""The warehouse: a DuckDB file holding facts, the batch log, rejects and rates."""
