"""Writing tables for people: helpers shared by every CSV/xlsx output."""
