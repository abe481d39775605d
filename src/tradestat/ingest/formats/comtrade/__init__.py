"""UN Comtrade rows (API / bulk final data) to China-perspective canonical records."""
