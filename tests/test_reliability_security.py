"""The server and the SQL command against a hostile client, beyond tests/test_api_security.py:
rate limits (429 in the one error shape), the ingest token compared in constant time,
injection strings in every filter, SQL that tries to write, attach or read files,
more traversal spellings, and the headers on refusals."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api_corpus import build_db
from dyad.api import ServeSettings, create_app
from dyad.api import ingest as ingest_route
from dyad.api.middleware import RATE_BURST, RATE_LIMIT, RateLimit, error_response
from dyad.cli import cli
from dyad.errors import StoreError
from dyad.store import Store
from dyad.store.sql import run_sql

TOKEN = "reliability-token-0123456789"
INJECTIONS = ["' OR '1'='1", "x'; DROP TABLE events; --", "1) OR (1=1", "\" OR \"\"=\"", "%' --",
              "RUS' UNION SELECT text FROM articles --", "'; ATTACH '/tmp/evil.duckdb' AS e; --", "\\'; --"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("reliability-security") / "api.duckdb")


@pytest.fixture(scope="module")
def plain_db(db, tmp_path_factory) -> Path:
    """A copy for opening without the sandbox: one process opens a file with one configuration."""
    return Path(shutil.copy(db, tmp_path_factory.mktemp("plain") / "plain.duckdb"))


@pytest.fixture(scope="module")
def client(db):
    app = create_app(ServeSettings(db=db, rate_limit=0))
    return TestClient(app, raise_server_exceptions=False)


def assert_error_shape(response, status: int) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body == {"ok": False, "error": body["error"], "status": status} and body["error"]


# --- rate limits ------------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _ok_app(scope, receive, send) -> None:
    await error_response(200, "fine")(scope, receive, send)


def _call(limiter: RateLimit, client: str) -> int:
    scope = {"type": "http", "client": (client, 1), "headers": [], "method": "GET", "path": "/"}
    statuses: list[int] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    asyncio.run(limiter(scope, receive, send))
    return statuses[0]


def test_reliability_rate_limit_is_a_token_bucket_per_client():
    clock = FakeClock()
    limiter = RateLimit(_ok_app, rate=2.0, burst=3, clock=clock)
    assert [_call(limiter, "10.0.0.1") for _ in range(4)] == [200, 200, 200, 429]
    assert _call(limiter, "10.0.0.2") == 200  # another client has its own bucket
    clock.now += 0.5  # refills one request (2 a second)
    assert [_call(limiter, "10.0.0.1") for _ in range(2)] == [200, 429]
    clock.now += 10  # refills to the burst, not beyond
    assert [_call(limiter, "10.0.0.1") for _ in range(4)] == [200, 200, 200, 429]


def test_reliability_rate_limit_forgets_idle_clients_when_many():
    clock = FakeClock()
    limiter = RateLimit(_ok_app, rate=1.0, burst=2, clock=clock)
    limiter.MAX_CLIENTS = 5
    for number in range(5):
        _call(limiter, f"10.0.1.{number}")
    clock.now += 60
    _call(limiter, "10.0.2.1")
    assert set(limiter.buckets) == {"10.0.2.1"}


def test_reliability_rate_limited_answer_has_the_error_shape_and_headers(db):
    app = create_app(ServeSettings(db=db, rate_limit=0.01, rate_burst=2))
    client = TestClient(app, raise_server_exceptions=False)
    assert [client.get("/api/health").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/events")
    assert_error_shape(refused, 429)
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]


def test_reliability_serve_has_the_rate_limit_on_by_default(plain_db, monkeypatch):
    db = plain_db
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.update(app=app))
    assert CliRunner().invoke(cli, ["serve", "--db", str(db)]).exit_code == 0
    settings = served["app"].state.settings
    assert (settings.rate_limit, settings.rate_burst) == (RATE_LIMIT, RATE_BURST) and RATE_LIMIT > 0
    served["app"].state.store.close()
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert f"[default: {RATE_LIMIT:g}]" in help_text and f"[default: {RATE_BURST}]" in help_text
    assert CliRunner().invoke(cli, ["serve", "--db", str(db), "--rate-limit", "0"]).exit_code == 0
    assert served["app"].state.settings.rate_limit == 0
    served["app"].state.store.close()


# --- the ingest token -------------------------------------------------------------------

@pytest.fixture()
def writable(db, tmp_path):
    copy = shutil.copy(db, tmp_path / "writable.duckdb")
    app = create_app(ServeSettings(db=copy, allow_ingest=True, token=TOKEN, rate_limit=0))
    yield TestClient(app, raise_server_exceptions=False)
    app.state.store.close()


@pytest.mark.parametrize("given", [TOKEN, TOKEN[:-1] + "x", "short", TOKEN + "-longer"])
def test_reliability_ingest_token_is_compared_in_constant_time(writable, monkeypatch, given):
    calls = []
    real = ingest_route.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(ingest_route.hmac, "compare_digest", spy)
    response = writable.post("/api/ingest", json={"articles": [{"text": " "}]},
                             headers={"Authorization": f"Bearer {given}"})
    # Every token, right or wrong, of any length, goes through compare_digest, and only through it.
    assert calls == [(given.encode(), TOKEN.encode())]
    assert response.status_code == (200 if given == TOKEN else 401)
    source = inspect.getsource(ingest_route._token_matches)
    assert "== token" not in source and "token ==" not in source


# --- SQL: parameters only, and a sandboxed read-only connection ----------------------------

FILTERS = ["from", "to", "actor", "recipient", "type", "quad", "country", "modality", "search", "article"]


@pytest.mark.parametrize("injection", INJECTIONS)
@pytest.mark.parametrize(("endpoint", "parameter"), [("/api/events", name) for name in FILTERS]
                         + [("/api/stories", name) for name in ("from", "to", "actor")])
def test_reliability_injection_in_every_filter_is_a_value(client, db, endpoint, parameter, injection):
    """A filter value is a value: it matches nothing (or is refused), and the database is untouched."""
    before = _counts(db, client)
    response = client.get(endpoint, params={parameter: injection})
    if response.status_code == 422:  # dates, quads, modalities are checked before any SQL
        assert_error_shape(response, 422)
    else:
        assert response.status_code == 200, response.text
        assert response.json()["total"] == 0
    assert _counts(db, client) == before


@pytest.mark.parametrize("injection", INJECTIONS)
@pytest.mark.parametrize("url", ["/api/actors?q={}", "/api/quotes?speaker={}", "/api/quotes?article={}",
                                 "/api/quotes?q={}", "/api/articles?q={}", "/api/search?q={}",
                                 "/api/series?actor={}", "/api/actors/{}", "/api/articles/{}"])
def test_reliability_injection_in_other_parameters_matches_nothing(client, url, injection):
    response = client.get(url.format(injection.replace("#", "")))
    assert response.status_code in (200, 404), response.text
    body = response.json()
    if response.status_code == 404:
        assert_error_shape(response, 404)
    else:
        found = [value for key, value in body.items() if isinstance(value, list) and value and key != "points"]
        assert not found or url.startswith("/api/series"), body


def test_reliability_injection_in_cli_query_filters_is_a_value(plain_db):
    db = plain_db
    for injection in INJECTIONS:
        for option in ("--actor", "--type", "--country", "--search", "--article"):
            result = CliRunner().invoke(cli, ["query", option, injection, "--format", "jsonl", "--db", str(db)])
            assert result.exit_code == 0 and result.stdout == "", (option, injection, result.output)


@pytest.mark.parametrize("sql", [
    "EXPLAIN ANALYZE DELETE FROM articles",
    "EXPLAIN ANALYZE COPY articles TO '{tmp}/leak.csv'",
    "PRAGMA import_database('{tmp}')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_blob('/etc/hostname')",
    "SELECT * FROM read_json_auto('/etc/hostname')",
    "SELECT * FROM query('DELETE FROM articles')",
    "SELECT * FROM duckdb_secrets()",
    "EXPORT DATABASE '{tmp}/export'",
    "PRAGMA memory_limit='1GB'",
    "DETACH memory",
    "LOAD httpfs",
    "RESET lock_configuration",
    "SELECT 1; SELECT 2; ATTACH '{tmp}/evil.duckdb' AS evil",
])
def test_reliability_sql_cannot_write_attach_or_touch_files(plain_db, tmp_path, sql):
    db = plain_db
    before = _store_counts(db)
    with pytest.raises(StoreError):
        run_sql(sql.format(tmp=tmp_path), path=db)
    assert _store_counts(db) == before
    assert list(tmp_path.iterdir()) == []


def test_reliability_server_connection_is_sandboxed(client):
    """The read-only server's own connection cannot read files either (no route does, but a bug might)."""
    con = client.app.state.store.connection.cursor()
    with pytest.raises(Exception, match="[Pp]ermission|disabled"):
        con.execute("SELECT * FROM read_text('/etc/hostname')").fetchall()
    with pytest.raises(Exception, match="[Pp]ermission|disabled|read.only"):
        con.execute("ATTACH '/tmp/dyad-evil.duckdb' AS evil")
    assert not Path("/tmp/dyad-evil.duckdb").exists()


# --- static files and refusals ---------------------------------------------------------

@pytest.mark.parametrize("path", ["/static/%00", "/static/..;/pages.py", "/static/%2fetc%2fpasswd", "/static//etc/passwd",
                                  "/static/%c0%ae%c0%ae/pages.py", "/static/.%2e/.%2e/api/app.py", "/static/dyad.css%00.py"])
def test_reliability_static_files_refuse_more_traversal_spellings(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "import" not in response.text and "root:" not in response.text


def test_reliability_refusals_carry_the_security_headers(db):
    app = create_app(ServeSettings(db=db, max_body_bytes=100, rate_limit=0))
    client = TestClient(app, raise_server_exceptions=False)
    for response in (client.post("/api/ingest", content=b"x" * 200), client.get("/api/events?quad=9"),
                     client.get("/nowhere")):
        assert response.status_code in (404, 413, 422)
        assert response.headers["x-frame-options"] == "DENY"
        assert "default-src 'self'" in response.headers["content-security-policy"]


def _counts(db: Path, client: TestClient) -> dict[str, int]:
    con = client.app.state.store.connection.cursor()
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "events", "event_actors", "quotes", "errors")}


def _store_counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return store.counts()
