"""Exchange-rate files: readers and the direction check behind ``tradestat fx import``."""
