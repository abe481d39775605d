"""REST API and web explorer: thin front ends over the engine.

``create_app(warehouse_path)`` builds the FastAPI application. Importing
``tradestat`` never imports this package (FastAPI and Jinja2 are the ``web`` extra).
"""

from __future__ import annotations

from typing import Any


def create_app(warehouse_path: Any = None, **settings: Any) -> Any:
    from tradestat.web.app import create_app as _create

    return _create(warehouse_path, **settings)


__all__ = ["create_app"]
