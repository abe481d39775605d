"""Platform order lines (``--format orders``): layout, line rules and the adapter."""
