"""Code tables several formats share (HS editions by year, unit names) and their data."""
