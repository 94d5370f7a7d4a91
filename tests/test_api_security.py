"""What every response promises: one error shape, security headers, read-only unless
ingest is allowed (and then only with the token), offline /docs, no path traversal."""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest
from fastapi.testclient import TestClient

from api_corpus import build_db
from dyad.api import ServeSettings, create_app
from dyad.api import queries
from dyad.errors import ConfigError

TOKEN = "s3cret-token-for-tests"
ARTICLE = {"id": "posted-1", "title": "Posted", "published": "2024-05-02",
           "text": "Germany condemned Russia on Thursday for the attack on a hospital in Kharkiv."}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("security") / "api.duckdb")


@pytest.fixture(scope="module")
def client(db):
    app = create_app(ServeSettings(db=db, max_body_bytes=4096))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def writable(db, tmp_path):
    """An app allowed to ingest, over a copy (a file is open either read-only or writable per process)."""
    copy = shutil.copy(db, tmp_path / "writable.duckdb")
    with TestClient(create_app(ServeSettings(db=copy, allow_ingest=True, token=TOKEN))) as test_client:
        yield test_client


def assert_error_shape(response, status):
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/api/no-such-endpoint", 404),
    ("GET", "/no-such-page", 404),
    ("GET", "/api/articles/no-such-article", 404),
    ("GET", "/api/actors/ZZZ", 404),
    ("GET", "/api/events?from=2022-13-45", 422),
    ("GET", "/api/events?quad=5", 422),
    ("GET", "/api/events?modality=certain", 422),
    ("GET", "/api/events?limit=100000", 422),
    ("GET", "/api/events?offset=-1", 422),
    ("GET", "/api/events?sort=sentence_text;DROP", 422),
    ("GET", "/api/series?interval=year", 422),
    ("GET", "/api/search", 422),
    ("DELETE", "/api/events", 405),
    ("POST", "/api/ingest", 403),
])
def test_api_errors_share_one_json_shape(client, method, url, status):
    assert_error_shape(client.request(method, url), status)


def test_api_unexpected_errors_share_the_shape_and_hide_details(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "event_page", broken)
    response = client.get("/api/events")
    assert_error_shape(response, 500)
    assert "secret" not in response.text


def test_api_body_over_the_limit_is_refused(client):
    assert_error_shape(client.post("/api/ingest", content=b"x" * 5000,
                                   headers={"content-type": "application/json"}), 413)

    def chunks():  # no Content-Length: counted while read
        for _ in range(5):
            yield b"y" * 1000

    assert_error_shape(client.post("/api/ingest", content=chunks(), headers={"content-type": "application/json"}), 413)


def test_api_is_read_only_by_default(client):
    assert client.get("/api/health").json()["read_only"] is True
    assert_error_shape(client.post("/api/ingest", json={"articles": [ARTICLE]},
                                   headers={"Authorization": f"Bearer {TOKEN}"}), 403)
    with pytest.raises(Exception, match="read-only|read only"):
        client.app.state.store.connection.execute("CREATE TABLE intruder (x INTEGER)")


def test_api_ingest_needs_a_token_to_start(db, monkeypatch):
    monkeypatch.delenv("DYAD_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="token"):
        create_app(ServeSettings(db=db, allow_ingest=True))


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "])
def test_api_ingest_refuses_a_missing_or_wrong_token(writable, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    assert_error_shape(writable.post("/api/ingest", json={"articles": [ARTICLE]}, headers=headers), 401)
    assert writable.get(f"/api/articles/{ARTICLE['id']}").status_code == 404


def test_api_ingest_with_the_token_stores_and_codes_articles(writable):
    response = writable.post("/api/ingest", json={"articles": [ARTICLE, {"id": "empty", "text": "  "}]},
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] == 1 and [e["kind"] for e in body["errors"]] == ["empty"]
    article = writable.get(f"/api/articles/{ARTICLE['id']}").json()
    assert article["text"] == ARTICLE["text"] and article["published"] == "2024-05-02"
    assert_error_shape(writable.post("/api/ingest", json={"articles": []}, headers={"Authorization": f"Bearer {TOKEN}"}), 422)


@pytest.mark.parametrize("url", ["/", "/events?actor=RUS", "/map", "/articles/x", "/api/events", "/static/dyad.css",
                                 "/api/nothing"])
def test_api_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200),
    ("attacker.example", 400), ("127.0.0.1.attacker.example", 400), ("", 400),
])
def test_api_answers_only_its_own_host_names(loopback_client, host, status):
    response = loopback_client.get("/api/health", headers={"host": host})
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error_shape(response, status)


@pytest.fixture(scope="module")
def loopback_client(client):
    """The app as ``dyad serve`` makes it on 127.0.0.1, over the same open store."""
    app = create_app(ServeSettings(db=client.app.state.store.path, hosts=("127.0.0.1", "localhost", "::1")))
    return TestClient(app)


def test_api_docs_page_uses_only_local_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html) + re.findall(r"""url:\s*['"]([^'"]+)""", html)
    assert len(urls) >= 4
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url
    assert "http://" not in html and "https://" not in html
    # The one inline script is allowed by its hash, not by 'unsafe-inline'.
    script_policy = re.search(r"script-src ([^;]+)", response.headers["content-security-policy"]).group(1)
    assert "'sha256-" in script_policy and "unsafe-inline" not in script_policy


def test_api_openapi_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/actors", "/api/actors/{code}", "/api/series", "/api/quotes", "/api/articles",
                 "/api/articles/{article_id}", "/api/search", "/api/overview", "/api/map", "/api/ingest"):
        assert path in paths


@pytest.mark.parametrize("path", [
    "/static/%2e%2e/pages.py", "/static/..%2fpages.py", "/static/%2e%2e%2f%2e%2e%2fapi%2fapp.py",
    "/static/swagger/%2e%2e/%2e%2e/%2e%2e/api/app.py", "/static/..%5c..%5capi%5capp.py", "/static/%252e%252e/pages.py",
])
def test_api_static_files_refuse_path_traversal(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "import" not in response.text


@pytest.mark.parametrize("path", ["/static/../pages.py", "/static/../../api/app.py", "/static/swagger/../../pages.py"])
def test_api_static_files_refuse_raw_dot_segments(client, path):
    """Paths as a client could send them, without the normalising an HTTP library does."""
    status, body = asyncio.run(raw_get(client.app, path))
    assert status in (400, 404)
    assert b"import" not in body


async def raw_get(app, path: str) -> tuple[int, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": [],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize(("url", "script"), [
    ("/", "overview.js"), ("/events", "events.js"), ("/articles", "lists.js"), ("/actors", "lists.js"),
    ("/articles/hand-coded-1", "article.js"), ("/actors/RUS", "actor.js"), ("/map", "map.js"), ("/dyad", "dyad.js"),
])
def test_web_pages_are_shells_that_load_their_script(client, url, script):
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert f'src="/static/{script}"' in response.text
    assert "<script>" not in response.text  # no inline script: the CSP would block it
    assert client.get(f"/static/{script}").status_code == 200


def test_web_page_escapes_what_the_url_carries(client):
    response = client.get('/actors/"><script>alert(1)</script>')
    assert "<script>alert" not in response.text


def test_web_world_map_shapes_are_served_from_the_package(client):
    response = client.get("/static/world.svg")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert 'class="ua country' in response.text and 'class="ru country' in response.text


def test_api_serve_command_checks_its_settings_before_listening(db, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dyad.cli import cli
    from dyad.errors import StoreError

    monkeypatch.delenv("DYAD_TOKEN", raising=False)
    runner = CliRunner()
    refused = runner.invoke(cli, ["serve", "--db", str(db), "--allow-ingest"])
    assert isinstance(refused.exception, ConfigError)
    missing = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert isinstance(missing.exception, StoreError)
    assert "dyad ingest" in str(missing.exception)
