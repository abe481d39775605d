"""Exchange-rate import (``tradestat fx import``): the file readers (``readers``), the
direction check (``check``), the import into the warehouse (``importer``) and their
packaged data (``data/``: FRED series and countries, anchor rates)."""
