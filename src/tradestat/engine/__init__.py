"""The engine: a TradeQuery becomes one Ibis expression, run on DuckDB or Spark."""
