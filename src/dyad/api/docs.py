"""The OpenAPI page (/docs) with Swagger UI served from this server, so it works offline.

The assets (Swagger UI 5, which reads OpenAPI 3.1) come from the pinned
``fastapi-offline`` package; only its static files are used. FastAPI's page
starts Swagger UI with an inline script; the page's Content-Security-Policy
allows that one script by its hash, and nothing else inline.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER_URL = "/static/swagger"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def install_docs(app: FastAPI, *, title: str) -> None:
    """Mount the Swagger UI assets and the /docs page (the app is made with docs_url=None)."""
    app.mount(SWAGGER_URL, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="swagger")
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json", title=f"{title} — API",
        swagger_js_url=f"{SWAGGER_URL}/swagger-ui-bundle.js", swagger_css_url=f"{SWAGGER_URL}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_URL}/favicon.png",
    )
    html = page.body.decode("utf-8")
    hashes = " ".join(f"'sha256-{_sha256(script)}'" for script in _INLINE_SCRIPT.findall(html))
    # Swagger UI sets inline styles and draws its icons as data: images.
    csp = (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
