"""Writing tables for people: what every CSV/xlsx output shares."""
