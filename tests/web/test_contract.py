"""The OpenAPI document is a contract: a schema-driven fuzzer (schemathesis, every
check, every operation) calls the real app with an admin key and finds no server
error, no undocumented status, no response off its schema, no schema-valid request
refused and no invalid one accepted."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from tests.web.conftest import build_api  # noqa: E402

EXAMPLES = 40  # per operation
# Operations whose requests carry rules JSON Schema cannot state: a query's `order_by` /
# `having` name columns its `by` and `compare` produce, `currency` needs measure value,
# a breakdown needs the dataset's grain; an upload's content must be a valid file. A
# schema-valid request may be refused there, but only with a 400 that names the field.
# Complexity, mirror statistics and the market finder pass their bodies on as
# TradeQueries: the same rules.
CROSS_FIELD = {"POST /api/v1/query", "POST /api/v1/datasets/{name}/ingest",
               "POST /api/v1/complexity", "POST /api/v1/mirror",
               "POST /api/v1/markets"}  # fmt: skip


def refused_with_a_named_field(ctx, response, case) -> None:
    if response.status_code == 400:
        error = response.json()["error"]
        assert error["field"] and error["message"], f"a 400 without its field: {error}"


@pytest.fixture(scope="module")
def contract_api(web_source, tmp_path_factory):
    a = build_api(web_source, tmp_path_factory.mktemp("contract"), max_upload_bytes=200_000)
    yield a
    a.client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def api_schema(contract_api):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", contract_api.client.app)


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(op, headers: dict[str, str]) -> None:
    """Run EXAMPLES generated cases (valid and invalid) of one operation, all checks."""
    cross_field = op.label in CROSS_FIELD

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case):
        if cross_field:
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance],
                                   additional_checks=[refused_with_a_named_field])  # fmt: skip
        else:
            case.call_and_validate(headers=headers)

    run()


def test_every_operation_keeps_its_contract(api_schema, contract_api):
    headers = contract_api.h("admin")
    ops = operations(api_schema)
    assert len(ops) >= 18
    failures = []
    for op in ops:
        try:
            fuzz(op, headers)
        except (Exception, BaseExceptionGroup) as exc:  # every operation's findings, then fail
            failures.append(f"{op.label}: {_summary(exc)}")
    assert not failures, "\n\n".join(failures)


def _summary(exc: BaseException) -> str:
    """The failure's first lines: the kinds found and the request that shows them."""
    return "\n".join(str(exc).splitlines()[:40])
