"""Measures beyond sums, computed from the answers of ordinary engine queries: revealed
comparative advantage and economic complexity (``complexity``, ``ecomplexity``) and
mirror statistics (``mirror``)."""
