"""The query language: TradeQuery, periods and dimensions."""
