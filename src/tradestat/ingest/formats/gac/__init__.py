"""China Customs (GAC) statistics tables: query-platform exports and monthly tables."""
