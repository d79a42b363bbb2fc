"""The service against its own OpenAPI: generated requests give no 5xx and conform to the schema.

Schemathesis reads ``/openapi.json`` from the app itself (over ASGI, lifespan running) and
generates bounded examples per operation, valid (positive) and invalid (negative) ones; every
response is checked with schemathesis' default checks: no server error, status code, content
type, headers and body as documented. The lazy ``from_fixture`` integration breaks on pytest 9
(``Function._nodeid``), so the strategies are driven with hypothesis' ``@given`` directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from rag_service.http.app import create_app
from rag_service.settings import Settings
from tests.factories import LASERNET, VELOCINET, HashEmbedder, build_index

pytestmark = pytest.mark.integration

MAX_EXAMPLES = 50
# Every operation of the API; the schema must list exactly these (see the last test).
OPERATIONS = [
    ("POST", "/ask"),
    ("GET", "/search"),
    ("GET", "/facts"),
    ("GET", "/providers"),
    ("GET", "/health"),
    ("GET", "/ready"),
    ("POST", "/feedback"),
    ("POST", "/admin/reload"),
    ("GET", "/admin/health"),
    ("GET", "/admin/gaps"),
]
# Server errors and conformance of every response to the schema. Left out on purpose:
# positive_data_acceptance (a schema-valid question may still be blank after cleaning, or name
# no provider while the index holds two: 422 by design) and negative_data_rejection (the API
# is lenient where leniency is harmless, e.g. extra body fields are ignored).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    folder = tmp_path_factory.mktemp("schemathesis")
    index_dir = folder / "index"
    build_index(index_dir, [LASERNET, VELOCINET], HashEmbedder())
    # The generated /feedback posts land in tmp, not in the project's var/.
    app = create_app(
        # rate_limit=0: hundreds of generated requests from one client are not a runaway script.
        Settings(index_dir=index_dir, feedback_path=folder / "feedback.jsonl", rate_limit=0),
        embedder=HashEmbedder(),
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=lambda x: x)
def test_operation_conforms_to_its_openapi(
    api_schema: schemathesis.BaseSchema,
    method: str,
    path: str,
    mode: schemathesis.GenerationMode,
) -> None:
    operation = api_schema[path][method]
    if mode is schemathesis.GenerationMode.NEGATIVE and not _has_input(operation):
        pytest.skip("no parameters or body: nothing to make invalid")
    strategy = operation.as_strategy(generation_mode=mode)
    calls = []

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        response = case.call_and_validate(checks=CHECKS)
        calls.append(response.status_code)

    check()
    assert calls, f"no request was made for {method} {path}"


def _has_input(operation: schemathesis.APIOperation) -> bool:
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))


def test_the_schema_holds_exactly_the_operations_tested(
    api_schema: schemathesis.BaseSchema,
) -> None:
    # An operation added to the API without being added here would go untested.
    found = {
        (method.upper(), path)
        for path, item in api_schema.raw_schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert found == set(OPERATIONS)
