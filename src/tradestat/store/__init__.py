"""The ground floor: DuckDB tables of the warehouse, the dataset catalog, the batch log
and record keys. Nothing here imports from the floors above."""
