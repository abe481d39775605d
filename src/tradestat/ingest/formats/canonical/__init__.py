"""The canonical format: CSV or Parquet whose columns are canonical field names."""
