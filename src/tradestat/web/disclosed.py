"""One caller's view of the warehouse inside the server, for a bulletin builder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradestat.analytics.methods import AnalyticsMethods
from tradestat.web.scopes import AccessDenied

if TYPE_CHECKING:
    from tradestat.api.protocol import TradeWarehouse
    from tradestat.engine.result import Result
    from tradestat.model.dataset import Dataset
    from tradestat.query.tradequery import TradeQuery


class DisclosedWarehouse(AnalyticsMethods):
    """The warehouse as a bulletin builder sees it for one caller: every query runs
    with that caller's disclosure setting on its dataset, whatever the builder asks
    for, and only on the datasets the caller was checked for, so a bulletin can never
    show a figure the caller could not query directly. A
    :class:`tradestat.api.protocol.TradeWarehouse`: it reads, and nothing else (no
    ingest, no export, no raw connection)."""

    def __init__(self, warehouse: TradeWarehouse, engine: Any, exact: dict[str, bool]) -> None:
        self._warehouse = warehouse
        self._engine = engine  # the engine the bulletin's lease holds
        self._exact = dict(exact)  # dataset -> the caller sees exact figures

    def query(
        self, query: TradeQuery | dict | str, *, confidential: bool = True,
        with_sql: bool = True,
    ) -> Result:  # fmt: skip
        """``confidential`` is the caller's on the dataset, whatever is asked for."""
        q = self._checked(query)
        return self._engine.run(q, confidential=self._exact[q.dataset], with_sql=with_sql)

    def query_batch(self, queries: list[Any], *, confidential: bool = True) -> dict[Any, Any]:
        """What shared scans answer together (``Warehouse.query_batch``), each query with
        the caller's setting on its dataset: exact and perturbed ones scanned apart."""
        qs = [self._checked(q) for q in queries]
        answers: dict[Any, Any] = {}
        for exact in (True, False):
            mine = [q for q in qs if self._exact[q.dataset] is exact]
            if mine:
                answers.update(self._engine.run_shared(mine, confidential=exact))
        return answers

    def explain(self, query: TradeQuery | dict | str) -> str:
        return self._engine.explain(self._checked(query))

    def datasets(self) -> list[Dataset]:
        return [self.dataset(name) for name in sorted(self._exact)]

    def dataset(self, name: str) -> Dataset:
        self._allowed(name)
        return self._engine.dataset(name)

    def dataset_info(self, name: str) -> dict[str, Any]:
        self._allowed(name)
        return self._engine.dataset_info(name)

    def close(self) -> None:  # the server owns the warehouse and the engine
        pass

    def _checked(self, query: TradeQuery | dict | str) -> TradeQuery:
        from tradestat.api.warehouse import _as_query

        q = _as_query(query)
        self._allowed(q.dataset)
        return q

    def _allowed(self, name: str) -> None:
        if name not in self._exact:
            raise AccessDenied(f"this bulletin does not read dataset {name!r}")
