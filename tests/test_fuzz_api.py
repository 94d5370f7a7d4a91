"""Fuzzing the HTTP API from its own OpenAPI document (schemathesis), in process
over the ASGI app: no request, however odd, gets a 500, and every error has the
one shape {"ok": false, "error": MESSAGE, "status": CODE}."""

from __future__ import annotations

import json
import shutil

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import event, given

from api_corpus import build_db
from dyad.api import ServeSettings, create_app
from fuzz_inputs import fuzz_settings

TOKEN = "fuzz-token"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's test client on cookies


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("api-fuzz") / "api.duckdb")
    return create_app(ServeSettings(db=db))


@pytest.fixture(scope="module")
def api_schema(api_app):
    return schemathesis.openapi.from_dict(api_app.openapi())


@pytest.fixture(scope="module")
def api_client(api_app):
    # Not entered as a context manager: the app's lifespan (which closes the store at shutdown)
    # runs once for the module, as under uvicorn, not once per request.
    return TestClient(api_app, raise_server_exceptions=False)


# Every operation of /openapi.json; test_fuzz_api_covers_every_operation keeps this list whole.
OPERATIONS = [("GET", path) for path in (
    "/api/health", "/api/events", "/api/actors", "/api/actors/{code}", "/api/series", "/api/overview", "/api/map",
    "/api/quotes", "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/stories")] + [("POST", "/api/ingest")]


def assert_one_error_shape(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json"), response.headers
        body = json.loads(response.text)
        assert set(body) == {"ok", "error", "status"}, body
        assert body["ok"] is False and body["status"] == response.status_code and body["error"]


def fuzz_operation(schema, client, method: str, path: str, *, examples: int,
                   headers: dict[str, str] | None = None) -> None:
    operation = schema[path][method]
    # Requests that follow the schema, and requests that break it (wrong types, missing or extra fields).
    cases = operation.as_strategy() | operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)

    @fuzz_settings(examples)
    @given(case=cases)
    def run(case) -> None:
        request = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
        response = client.request(**request)
        event(f"{method} {path} {response.status_code}")  # shown by --hypothesis-show-statistics
        assert_one_error_shape(response)

    run()


def test_fuzz_api_covers_every_operation(api_schema):
    listed = {(operation.method.upper(), operation.path) for operation in
              (result.ok() for result in api_schema.get_all_operations())}
    assert listed == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_fuzz_api_no_server_errors_and_one_error_shape(api_schema, api_client, method, path):
    fuzz_operation(api_schema, api_client, method, path, examples=25)


def test_fuzz_api_ingest_with_the_token_never_fails_the_server(tmp_path, api_app, api_schema):
    """POST /api/ingest on a writable copy, with the token: fuzzed articles are stored or refused, never a 500."""
    copy = shutil.copy(api_app.state.store.path, tmp_path / "writable.duckdb")
    app = create_app(ServeSettings(db=copy, allow_ingest=True, token=TOKEN))
    client = TestClient(app, raise_server_exceptions=False)
    fuzz_operation(api_schema, client, "POST", "/api/ingest", examples=12,
                   headers={"Authorization": f"Bearer {TOKEN}"})
    app.state.store.close()


@pytest.mark.parametrize("path", ["/api/events", "/api/actors", "/api/quotes", "/api/articles", "/api/stories"])
def test_issue11_offset_past_bigint_is_refused_not_a_server_error(api_client, path):
    """offset=2**63 reached DuckDB, which cannot cast it to BIGINT: a 500."""
    response = api_client.get(path, params={"offset": 2**63})
    assert response.status_code == 422
    assert_one_error_shape(response)
    assert api_client.get(path, params={"offset": 10**12}).json()["items"] == []
